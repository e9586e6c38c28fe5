/**
 * Public library API (runtime-neutral: no Node-only imports; Node adapters such as the worker
 * pool and Dawn live in `node.ts`).
 */
export { bsm, bsmPrice, type BsmGreeks, type BsmInput, type OptionType } from './pricing/bsm.js';
export { impliedVol } from './pricing/impliedVol.js';
export { normalCdf, normalInverseCdf, normalPdf } from './pricing/normal.js';
export { choleskyLower, NotPositiveDefiniteError } from './linalg/cholesky.js';
export { nearestCorrelation } from './linalg/nearestCorrelation.js';
export { philox4x32 } from './random/philox.js';
export { scenarioNormals, studentTScale } from './random/stream.js';

export * from './model/schemas.js';
export { InputError, InputErrors } from './model/errors.js';
export { parseInput } from './model/validate.js';
export { parseBookCsv, formatBookCsv } from './model/bookCsv.js';
export { parseInstrumentId, optionId, futureId } from './model/instrumentId.js';
export type { Instrument } from './model/instrument.js';

export { planRisk, type RiskPlan } from './engine/plan.js';
export type { RiskEngine, SimulationResult, SimulateOptions, BackendName } from './engine/engine.js';
export { CpuEngine } from './engine/cpu/cpuEngine.js';
export { inThreadExecutor, type ChunkExecutor } from './engine/cpu/chunkExecutor.js';
export { buildRiskReport, type AccountRisk, type RiskReport } from './engine/riskReport.js';
export type { Greeks } from './engine/greeks.js';
export { selectTail, tailCountFor, tailMeasures, type Tail } from './engine/tail.js';
export { parseRiskInputs, prepareRisk, runRisk, type RiskInputs, type RiskOverrides } from './risk.js';
