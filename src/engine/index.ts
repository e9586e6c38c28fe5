/**
 * The engine's one public module: what the layers above (margin, liquidation, the CLI, the
 * browser lab) may use of it. Runtime-neutral (no Node-only import): the Node adapters, worker
 * threads and Dawn, are in src/node.ts.
 *
 * - Plan and run: validate inputs, plan, simulate on a backend, report per-account risk;
 *   `withEngine` is the one way to open, use and dispose an engine.
 * - The backends: the CPU reference (f64) and WebGPU (f32), behind `RiskEngine`; the WebGPU
 *   class loads on first use (`loadGpuEngine`), so a CPU run never loads typegpu.
 * - The reference model (f64, runtime-neutral): the valuation, payoffs, Greeks, stress moves
 *   and stages that the GPU reproduces, which incremental margin (what-if, liquidation steps)
 *   re-aggregates without re-simulating.
 * - Exact tails: the order statistics every backend reduces to.
 */
export { parseRiskInputs, prepareRisk, runRisk, type ParsedInputs, type RiskInputs, type RiskOverrides, type RunRiskOptions } from './risk.js';
export { INSTRUMENT_FIELDS, planRisk, type PlanSources, type RiskPlan } from './plan.js';
export type { CorrelationRepair } from './factorCorrelation.js';
export type { BackendName, RiskEngine, SimulateOptions, SimulationResult } from './engine.js';
export { type EngineSource, withEngine } from './withEngine.js';
export { buildRiskReport, type AccountRisk, type DistributionSummary, type RiskReport } from './riskReport.js';
export { addTimings, emptyTimings, type StageTimings } from './stageTimings.js';
export { scenarioRangeOf, splitScenarios, type ScenarioRange } from './chunking.js';
export { TailAccumulator } from './tailAccumulator.js';

export { CpuEngine } from './cpu/cpuEngine.js';
export { inThreadExecutor, type ChunkExecutor, type ChunkRun } from './cpu/chunkExecutor.js';
export type { TailCandidates } from './tailAccumulator.js';
export type { GpuEngine } from './gpu/gpuEngine.js';
export { loadGpuEngine } from './gpu/loadGpuEngine.js';
export { acquireGpuDevice, describeAdapter, GpuUnavailableError, type AcquiredGpuDevice } from './gpu/device.js';
export { acquireBrowserGpuDevice } from './gpu/browserGpu.js';

export { PayoffCode } from './reference/payoff.js';
export { holdsValue, positionMark, valueInstrument } from './reference/valuation.js';
export { isInverse, SettlementCode, settlementScale } from './reference/settlement.js';
export { accountGreeks, instrumentGreeks, type Greeks } from './reference/greeks.js';
export { stressMoves } from './reference/stressMoves.js';
export { type InstrumentRange, revalueInstruments } from './reference/revalue.js';
export { PositionTailSums, positionTailSums, sumRevaluedBlocks, type TailRows } from './reference/tailSums.js';
export { generateMoves } from './reference/scenarios.js';
export {
  checkBlockSize, computeInstrumentBlock, computeScenarioMoves, computeStressBlock, revalueScenarioList,
  type InstrumentBlock, type InstrumentBlockOptions,
} from './reference/instrumentBlock.js';

export { mergeTails, selectTail, tailCountFor, tailMeasures, type Tail } from './tail.js';
