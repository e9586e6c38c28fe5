import type { RiskPlan } from '../plan.js';
import { simulateChunk } from '../reference/chunk.js';
import { revalueScenarioList } from '../reference/instrumentBlock.js';
import type { InstrumentRange } from '../reference/revalue.js';
import { positionTailSums, type TailRows } from '../reference/tailSums.js';
import type { StageTimings } from '../stageTimings.js';
import { TailAccumulator, type TailCandidates } from '../tailAccumulator.js';

/** What running a chunk reports: its range and stage times (its tails stay where it ran). */
export interface ChunkRun {
  start: number;
  count: number;
  timings: StageTimings;
}

/**
 * Runs scenario chunks somewhere: in this thread, or in a pool of worker threads (a Node-only
 * adapter, `nodeWorkerExecutor.ts`). The engine keeps `parallelism` chunks in flight. Each place
 * a chunk runs keeps the running tails of the chunks it ran (exact top-k, its own thresholds
 * tightening as it goes), so chunk after chunk nothing but a range goes back and forth; once
 * the chunks are done, `collect` hands over every place's tails for the engine to merge (the top
 * k of the union is the same whichever chunks ran where).
 */
export interface ChunkExecutor {
  readonly parallelism: number;
  load(plan: RiskPlan): Promise<void>;
  run(start: number, count: number): Promise<ChunkRun>;
  /** Every worker's running tails since `load` (or the last collect), each account's in tail order (TailAccumulator.candidates); they are then cleared. */
  collect(): Promise<TailCandidates[]>;
  /** Instrument P&L of the loaded plan over listed scenarios (revalueScenarioList: I × n). */
  revalue(scenarios: Uint32Array): Promise<Float64Array>;
  /**
   * Optional: the tail sums of the positions on `instruments` (reference/tailSums.ts
   * positionTailSums, zero elsewhere), the union revalued `blockSize` scenarios at a time in
   * the thread that runs it.
   */
  tailSums?(tails: TailRows, instruments: InstrumentRange, blockSize: number): Promise<Float64Array>;
  close(): Promise<void>;
}

/** Runs chunks in the calling thread (the browser, tests, and --workers 0). */
export function inThreadExecutor(): ChunkExecutor {
  let loaded: RiskPlan | undefined;
  let tails: TailAccumulator | undefined;
  return {
    parallelism: 1,
    async load(plan) {
      loaded = plan;
      tails = new TailAccumulator(plan.accountIds.length, plan.tailCount);
    },
    async run(start, count) {
      if (!loaded || !tails) throw new Error('inThreadExecutor: load() a plan first');
      return runChunk(loaded, tails, start, count);
    },
    async collect() {
      if (!loaded || !tails) throw new Error('inThreadExecutor: load() a plan first');
      const candidates = tails.candidates();
      tails = new TailAccumulator(loaded.accountIds.length, loaded.tailCount);
      return [candidates];
    },
    async revalue(scenarios) {
      if (!loaded) throw new Error('inThreadExecutor: load() a plan first');
      return revalueScenarioList(loaded, scenarios);
    },
    async tailSums(tails, instruments, blockSize) {
      if (!loaded) throw new Error('inThreadExecutor: load() a plan first');
      return positionTailSums(loaded, tails, instruments, blockSize);
    },
    async close() {
      loaded = undefined;
    },
  };
}

/** Runs one chunk against the running tails of the place it runs in, and folds its candidates in. */
export function runChunk(plan: RiskPlan, tails: TailAccumulator, start: number, count: number): ChunkRun {
  return simulateChunk(plan, start, count, tails);
}
