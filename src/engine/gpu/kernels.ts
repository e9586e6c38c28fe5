import { aggregateAccounts } from './aggregate.js';
import type { AnyGpuKernel } from './kernel.js';
import { selectTails } from './reduce.js';
import { revalueInstruments } from './revalue.js';
import { generateListedMoves, generateListedMovesWide, generateMoves, generateMovesWide } from './scenarios.js';

/** Every compute kernel of the engine, in data-flow order (see kernel.ts for the contract). */
export const ENGINE_KERNELS: readonly AnyGpuKernel[] = [generateMoves, generateListedMoves, generateMovesWide, generateListedMovesWide, revalueInstruments, aggregateAccounts, selectTails];
