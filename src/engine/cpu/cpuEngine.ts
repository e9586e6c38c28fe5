import { cpuChunkSize, scenarioRangeOf, splitScenarios } from '../chunking.js';
import type { RiskEngine, SimulateOptions, SimulationResult } from '../engine.js';
import type { RiskPlan } from '../plan.js';
import { addTimings, emptyTimings } from '../stageTimings.js';
import { mergeSortedTails } from '../tailAccumulator.js';
import { type ChunkExecutor, inThreadExecutor } from './chunkExecutor.js';
import { stressAccountPnl } from '../reference/stress.js';

/** Scenarios per piece of a listed revaluation. */
const LISTED_PIECE = 4096;

/**
 * The CPU reference backend (f64). Chunks of scenarios go to the executor, `parallelism` at a
 * time; each worker folds its chunks' tail candidates into its own running tails (whose
 * thresholds filter its next chunk), and the engine merges the workers' tails at the end. The
 * tails are exact, so results do not depend on chunk size, worker count or completion order.
 */
export class CpuEngine implements RiskEngine {
  readonly backend = 'cpu' as const;

  /** The plan the executor holds (loading sends it to every worker). */
  private loaded: RiskPlan | undefined;

  constructor(private readonly executor: ChunkExecutor = inThreadExecutor()) {}

  get description(): string {
    const n = this.executor.parallelism;
    return `CPU f64, ${n} ${n === 1 ? 'thread' : 'worker threads'}`;
  }

  async simulate(plan: RiskPlan, options: SimulateOptions = {}): Promise<SimulationResult> {
    const began = performance.now();
    const accounts = plan.accountIds.length;
    const scope = scenarioRangeOf(plan.scenarioCount, options.scenarioRange);
    const chunkSize =
      options.chunkSize ?? cpuChunkSize(scope.count, plan.instrumentIds.length, accounts, plan.factorCount, this.executor.parallelism);
    const ranges = splitScenarios(scope.count, chunkSize, scope.start);
    const timings = emptyTimings();
    let done = 0;
    let next = 0;

    await this.load(plan);
    const lane = async (): Promise<void> => {
      while (next < ranges.length) {
        const range = ranges[next++];
        const result = await this.executor.run(range.start, range.count);
        addTimings(timings, result.timings);
        done += range.count;
        options.onProgress?.(done, scope.count);
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.executor.parallelism, ranges.length) }, lane));
    // The workers' tails merged: the top k of their union, the same whichever chunks ran where.
    const merging = performance.now();
    const tails = mergeSortedTails(await this.executor.collect(), accounts, plan.tailCount);
    timings.reduction += performance.now() - merging;
    const stressPnl = options.stressGrid === false ? new Float64Array(0) : stressAccountPnl(plan);
    return {
      tails,
      stressPnl,
      timings,
      wallMs: performance.now() - began,
      chunkCount: ranges.length,
    };
  }

  /**
   * Listed scenarios split across the executor's threads, in pieces of at most
   * LISTED_PIECE scenarios (each piece's moves and P&L are a worker's temporary buffers).
   */
  async revalueScenarios(plan: RiskPlan, scenarios: Uint32Array): Promise<Float64Array> {
    const n = scenarios.length;
    const instruments = plan.instrumentIds.length;
    const out = new Float64Array(n * instruments);
    if (n === 0) return out;
    await this.load(plan);
    const piece = Math.min(LISTED_PIECE, Math.ceil(n / this.executor.parallelism));
    await Promise.all(
      splitScenarios(n, piece).map(async ({ start, count }) => {
        const pnl = await this.executor.revalue(scenarios.slice(start, start + count));
        for (let i = 0; i < instruments; i++) out.set(pnl.subarray(i * count, (i + 1) * count), i * n + start);
      }),
    );
    return out;
  }

  async dispose(): Promise<void> {
    this.loaded = undefined;
    await this.executor.close();
  }

  private async load(plan: RiskPlan): Promise<void> {
    if (this.loaded === plan) return;
    await this.executor.load(plan);
    this.loaded = plan;
  }
}
