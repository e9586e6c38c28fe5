/**
 * The runs the golden tests pin: `margin run` on the sample venue and `margin stress` for the
 * flash crash and every oracle replay, computed in-process through the same library calls the
 * CLI makes, as the JSON the CLI writes. `npx tsx test/golden/update.ts` rewrites the fixtures
 * (only when a change of numbers is intended, and said so in the commit).
 */
import { CpuEngine } from '../../src/engine/cpu/cpuEngine.js';
import { inThreadExecutor } from '../../src/engine/cpu/chunkExecutor.js';
import type { RiskEngine } from '../../src/engine/engine.js';
import { runCascade } from '../../src/liquidation/cascade.js';
import { builtinScenario, BUILTIN_SCENARIO_NAMES } from '../../src/liquidation/scenarios.js';
import { runMargin } from '../../src/margin/runMargin.js';
import { prepareMargin } from '../../src/margin/setup.js';
import { sampleBook, sampleMarket, sampleParams } from '../../src/sample/sampleVenue.js';
import { jsonPieces } from '../../cli/format.js';

export const GOLDEN_SCENARIOS = 2000;
export const GOLDEN_SEED = 7;
export const STRESS_NAMES: readonly string[] = BUILTIN_SCENARIO_NAMES;

function sampleSetup() {
  return prepareMargin({ market: sampleMarket(), book: sampleBook(), params: sampleParams() }, { scenarios: GOLDEN_SCENARIOS, seed: GOLDEN_SEED });
}

/** `margin run --format json` on the sample venue, parsed. */
export async function goldenRun(engine: RiskEngine = new CpuEngine(inThreadExecutor())): Promise<unknown> {
  const { risk, margin } = await runMargin(sampleSetup(), { engine });
  return JSON.parse([...jsonPieces(risk, margin)].join(''));
}

/** `margin stress NAME --format json` on the sample venue, parsed. */
export async function goldenStress(name: string, engine: RiskEngine = new CpuEngine(inThreadExecutor())): Promise<unknown> {
  const result = await runCascade(sampleSetup(), builtinScenario(name), { engine });
  return JSON.parse(JSON.stringify(result));
}

/** Fields that describe the machine or the clock, not the computation: never compared. */
export const VOLATILE_KEYS = new Set(['timings', 'engine', 'description', 'wallMs', 'buildMs', 'evaluationMs', 'chunkCount']);
