import { cpuChunkSize, scenarioRangeOf, splitScenarios } from '../chunking.js';
import type { RiskEngine, SimulateOptions, SimulationResult } from '../engine.js';
import type { RiskPlan } from '../plan.js';
import { addTimings, emptyTimings } from '../stageTimings.js';
import { mergeSortedTails } from '../tailAccumulator.js';
import { type ChunkExecutor, inThreadExecutor } from './chunkExecutor.js';
import { stressAccountPnl } from '../reference/stress.js';
import type { InstrumentRange } from '../reference/revalue.js';
import { sumRevaluedBlocks, type TailRows } from '../reference/tailSums.js';

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

  /**
   * The tail sums on the executor's threads: the instruments split into `parallelism` runs, each
   * thread regenerating the whole union's moves, revaluing its run and summing the positions on
   * it, so each position's sum is made in one thread in its rows' order (no P&L block crosses
   * threads). Executors without tailSums revalue blocks for this thread to sum: the same bits
   * either way.
   */
  async positionTailSums(plan: RiskPlan, tails: TailRows): Promise<Float64Array> {
    await this.load(plan);
    const { executor } = this;
    if (!executor.tailSums) return sumRevaluedBlocks(plan, tails, (scenarios) => this.revalueScenarios(plan, scenarios), LISTED_PIECE);
    const ranges = instrumentRuns(plan, executor.parallelism);
    const parts = await Promise.all(ranges.map((range) => executor.tailSums!(tails, range, LISTED_PIECE)));
    const sums = new Float64Array(plan.positionQuantity.length);
    ranges.forEach((range, r) => {
      for (let p = 0; p < sums.length; p++) {
        const i = plan.positionInstrument[p];
        if (i >= range.from && i < range.to) sums[p] = parts[r][p];
      }
    });
    return sums;
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

/**
 * The plan's instruments in `count` consecutive runs of about equal revaluation work: an option
 * (Black-76: a log and two Φ per scenario) weighs as much as OPTION_WEIGHT linear instruments.
 */
function instrumentRuns(plan: RiskPlan, count: number): InstrumentRange[] {
  const weight = (i: number) => (plan.impliedVol[i] > 0 ? OPTION_WEIGHT : 1);
  let total = 0;
  for (let i = 0; i < plan.instrumentIds.length; i++) total += weight(i);
  const runs: InstrumentRange[] = [];
  let from = 0;
  let done = 0;
  for (let i = 0; i < plan.instrumentIds.length && runs.length < count - 1; i++) {
    done += weight(i);
    if (done >= (total * (runs.length + 1)) / count) {
      runs.push({ from, to: i + 1 });
      from = i + 1;
    }
  }
  runs.push({ from, to: plan.instrumentIds.length });
  return runs.filter((run) => run.to > run.from);
}

/** A rough weight of an option's revaluation row against a linear instrument's (a log, two Φ and their exps against a multiply). */
const OPTION_WEIGHT = 8;
