import type { RiskPlan } from '../plan.js';
import { emptyTimings, type StageTimings } from '../stageTimings.js';
import type { TailAccumulator } from '../tailAccumulator.js';
import { aggregateAccounts } from './aggregate.js';
import { wasmAggregation } from './aggregateWasm.js';
import { revalueInstruments } from './revalue.js';
import { generateMoves } from './scenarios.js';

export interface ChunkResult {
  start: number;
  count: number;
  timings: StageTimings;
}

/**
 * One scenario chunk through the whole CPU pipeline: moves → instrument P&L → account P&L →
 * every account's losses offered to the running tails of the place the chunk runs in.
 */
export function simulateChunk(plan: RiskPlan, start: number, count: number, tails: TailAccumulator): ChunkResult {
  const timings = emptyTimings();
  const accounts = plan.accountIds.length;
  let t = performance.now();
  const lap = (stage: keyof StageTimings) => {
    const now = performance.now();
    timings[stage] += now - t;
    t = now;
  };

  const moves = new Float64Array(count * plan.factorCount);
  generateMoves(plan, start, count, moves);
  lap('scenarios');
  // With WebAssembly SIMD the instrument and account P&L blocks live in this thread's instance
  // (aggregateWasm.ts): the revaluation writes into it and the kernel reads from it, no copies;
  // the numbers are aggregateAccounts', bit for bit.
  const wasm = wasmAggregation()?.block(plan, count);
  const instrumentPnl = wasm?.instrumentPnl ?? new Float64Array(count * plan.instrumentIds.length);
  revalueInstruments(plan, moves, count, instrumentPnl);
  lap('revaluation');
  if (wasm) {
    // The kernel also collects each account's candidates (losses at or above its running
    // threshold, NaN included for the tails to refuse) while the account's sums are in cache.
    wasm.aggregate({ start, thresholds: tails.thresholds() });
    lap('aggregation');
    for (let a = 0; a < accounts; a++) {
      const candidates = wasm.tailCandidates(a);
      tails.addAccount(a, candidates.losses, candidates.scenarios);
    }
  } else {
    const accountPnl = new Float64Array(accounts * count);
    aggregateAccounts(plan, instrumentPnl, count, accountPnl);
    lap('aggregation');
    tails.addRows(accountPnl, count, start);
  }
  lap('reduction');
  return { start, count, timings };
}
