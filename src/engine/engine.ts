import type { ScenarioRange } from './chunking.js';
import type { RiskPlan } from './plan.js';
import type { TailRows } from './reference/tailSums.js';
import type { StageTimings } from './stageTimings.js';
import type { Tail } from './tail.js';

export type BackendName = 'cpu' | 'gpu';

/** What a backend returns: exact tails per account and the stress-grid P&L. */
export interface SimulationResult {
  /** Per account, the k worst Monte Carlo scenarios (worst first). */
  tails: Tail[];
  /** Account P&L in each stress scenario, account-major: accounts × plan.stress.length. */
  stressPnl: Float64Array;
  timings: StageTimings;
  /** Wall-clock milliseconds of simulate(). */
  wallMs: number;
  chunkCount: number;
}

export interface SimulateOptions {
  /** Scenarios per chunk; results never depend on it. Default: sized from memory. */
  chunkSize?: number;
  /** Called after each chunk with scenarios done so far (of the range simulated). */
  onProgress?: (done: number, total: number) => void;
  /**
   * Only the scenarios [start, start + count) of the plan's 0 … scenarioCount − 1 (default:
   * all). Each scenario is drawn from its own counter, so a range gives the losses the whole run
   * gives those scenarios, and its tails (each account's k = plan.tailCount worst of the range,
   * fewer when the range is shorter) are exact candidates: `mergeTails` over the tails of
   * disjoint ranges covering every scenario gives the whole run's tails, bit for bit, whatever
   * the split (how a run is sharded over machines).
   */
  scenarioRange?: ScenarioRange;
  /** false: skip the stress grid (stressPnl comes back empty); a range's shard that does not report it. Default true. */
  stressGrid?: boolean;
  /**
   * GPU only: submit and wait for each stage of each chunk apart, so that the timings split the
   * GPU's time into scenarios, revaluation, aggregation and reduction. Default false: the chunks
   * are pipelined (the host merges one chunk's tails while the GPU runs the next), and the time
   * the host waits on the GPU is counted as transfers. The results are the same either way.
   */
  stageTimings?: boolean;
}

/** A backend: the CPU reference or WebGPU. Both compute the same numbers from the same stream. */
export interface RiskEngine {
  readonly backend: BackendName;
  /** Human-readable: worker count, adapter name. */
  readonly description: string;
  simulate(plan: RiskPlan, options?: SimulateOptions): Promise<SimulationResult>;
  /**
   * P&L per contract of every plan instrument in the listed Monte Carlo scenarios,
   * instrument-major (I × n: `pnl[i·n + j]` for scenarios[j]), each scenario regenerated from
   * its counter: the values simulate() aggregated for them (f64 on the CPU, f32 widened on the
   * GPU). Used to attribute the tails.
   */
  revalueScenarios(plan: RiskPlan, scenarios: Uint32Array): Promise<Float64Array>;
  /**
   * Optional: every position's sum of −quantity × P&L over its account's tail rows
   * (reference/tailSums.ts), computed where the P&L is (the CPU backend: each worker revalues the
   * union for its share of the instruments and sums their positions), the same bits as summing
   * revalueScenarios' blocks in the calling thread, which is what callers do without it.
   */
  positionTailSums?(plan: RiskPlan, tails: TailRows): Promise<Float64Array>;
  dispose(): Promise<void>;
}
