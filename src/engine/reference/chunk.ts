import type { RiskPlan } from '../plan.js';
import { emptyTimings, type StageTimings } from '../stageTimings.js';
import { rowUsesQuickselect, selectWorstOfCandidates, selectWorstOfRow, type Tail } from '../tail.js';
import type { TailCandidates } from '../tailAccumulator.js';
import { aggregateAccounts } from './aggregate.js';
import { wasmAggregation } from './aggregateWasm.js';
import { revalueInstruments } from './revalue.js';
import { generateMoves } from './scenarios.js';

export interface ChunkResult {
  start: number;
  count: number;
  candidates: TailCandidates;
  timings: StageTimings;
}

/**
 * One scenario chunk through the whole CPU pipeline: moves → instrument P&L → account P&L →
 * per-account tail candidates (losses at or above the caller's thresholds, at most k each).
 */
export function simulateChunk(plan: RiskPlan, start: number, count: number, thresholds: Float64Array): ChunkResult {
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
  // (aggregateWasm.ts): the revaluation writes into it and the tails read from it, no copies;
  // the numbers are aggregateAccounts', bit for bit.
  const wasm = wasmAggregation()?.block(plan, count);
  const instrumentPnl = wasm?.instrumentPnl ?? new Float64Array(count * plan.instrumentIds.length);
  revalueInstruments(plan, moves, count, instrumentPnl);
  lap('revaluation');
  // Where the rows go through quickselect (selectWorstOfRow), the WebAssembly kernel collects
  // their candidates as it makes the sums: the same losses in the same order as the row's scan.
  const wasmCandidates = wasm !== undefined && rowUsesQuickselect(count, plan.tailCount);
  let accountPnl: Float64Array;
  if (wasm) {
    wasm.aggregate(wasmCandidates ? { start, thresholds } : undefined);
    accountPnl = wasm.accountPnl;
  } else {
    accountPnl = new Float64Array(accounts * count);
    aggregateAccounts(plan, instrumentPnl, count, accountPnl);
  }
  lap('aggregation');

  const offsets = new Uint32Array(accounts + 1);
  const keptLosses: Float64Array[] = [];
  const keptScenarios: Uint32Array[] = [];
  for (let a = 0; a < accounts; a++) {
    let tail: Tail;
    if (wasmCandidates) {
      const candidates = wasm.tailCandidates(a);
      tail = selectWorstOfCandidates(candidates.losses, candidates.scenarios, plan.tailCount);
    } else {
      tail = selectWorstOfRow(accountPnl, a * count, count, start, plan.tailCount, thresholds[a]);
    }
    keptLosses.push(tail.losses);
    keptScenarios.push(tail.scenarios);
    offsets[a + 1] = offsets[a] + tail.losses.length;
  }
  const candidates: TailCandidates = {
    offsets,
    losses: concat(keptLosses, new Float64Array(offsets[accounts])),
    scenarios: concat(keptScenarios, new Uint32Array(offsets[accounts])),
  };
  lap('reduction');
  return { start, count, candidates, timings };
}

function concat<T extends Float64Array | Uint32Array>(parts: T[], out: T): T {
  let offset = 0;
  for (const part of parts) {
    out.set(part as never, offset);
    offset += part.length;
  }
  return out;
}
