import type { RiskPlan } from '../plan.js';
import { type ChunkResult, simulateChunk } from '../reference/chunk.js';
import { revalueScenarioList } from '../reference/instrumentBlock.js';

/**
 * Runs scenario chunks somewhere: in this thread, or in a pool of worker threads (a Node-only
 * adapter, `nodeWorkerExecutor.ts`). The engine keeps `parallelism` chunks in flight.
 */
export interface ChunkExecutor {
  readonly parallelism: number;
  load(plan: RiskPlan): Promise<void>;
  run(start: number, count: number, thresholds: Float64Array): Promise<ChunkResult>;
  /** Instrument P&L of the loaded plan over listed scenarios (revalueScenarioList: I × n). */
  revalue(scenarios: Uint32Array): Promise<Float64Array>;
  close(): Promise<void>;
}

/** Runs chunks in the calling thread (the browser, tests, and --workers 0). */
export function inThreadExecutor(): ChunkExecutor {
  let loaded: RiskPlan | undefined;
  return {
    parallelism: 1,
    async load(plan) {
      loaded = plan;
    },
    async run(start, count, thresholds) {
      if (!loaded) throw new Error('inThreadExecutor: load() a plan first');
      return simulateChunk(loaded, start, count, thresholds);
    },
    async revalue(scenarios) {
      if (!loaded) throw new Error('inThreadExecutor: load() a plan first');
      return revalueScenarioList(loaded, scenarios);
    },
    async close() {
      loaded = undefined;
    },
  };
}
