/**
 * One account's views from the cached instrument P&L block (the block `margin whatif` keeps):
 * its P&L in every Monte Carlo scenario (Σ q·pnl_i(s) in the plan's position order, as the
 * engine aggregates), binned into a loss histogram, and its P&L at every stress-grid point.
 */
import type { MarginCache, RiskPlan } from 'webgpu-margin';
import type { AccountDetail, StressAxis } from './protocol.js';

const BINS = 80;

/** The account's positions in the plan (CSR): instrument indices and quantities. */
function holdings(plan: RiskPlan, a: number): { instrument: number; quantity: number }[] {
  const out = [];
  for (let p = plan.accountOffsets[a]; p < plan.accountOffsets[a + 1]; p++) out.push({ instrument: plan.positionInstrument[p], quantity: plan.positionQuantity[p] });
  return out;
}

/** Losses (−P&L, USD) of the account in every scenario of the cached block. */
export function accountLosses(cache: MarginCache, a: number): Float64Array {
  const S = cache.block.scenarioCount;
  const pnl = new Float64Array(S);
  for (const { instrument, quantity } of holdings(cache.setup.plan, a)) {
    const row = instrument * S;
    for (let s = 0; s < S; s++) pnl[s] += quantity * cache.block.pnl[row + s];
  }
  for (let s = 0; s < S; s++) pnl[s] = -pnl[s];
  return pnl;
}

/** Equal-width bins from the smallest to the largest loss (one bin when all are equal). */
export function lossHistogram(losses: Float64Array, bins = BINS): { edges: number[]; counts: number[] } {
  let lo = Infinity;
  let hi = -Infinity;
  for (const x of losses) {
    if (x < lo) lo = x;
    if (x > hi) hi = x;
  }
  if (!(hi > lo)) return { edges: [lo, lo], counts: [losses.length] };
  const width = (hi - lo) / bins;
  const counts = new Array<number>(bins).fill(0);
  for (const x of losses) counts[Math.min(bins - 1, Math.floor((x - lo) / width))]++;
  return { edges: Array.from({ length: bins + 1 }, (_, k) => lo + k * width), counts };
}

/** The spot moves × vol moves of the plan's stress grid, and the points outside the cross. */
export function stressAxis(plan: RiskPlan): StressAxis {
  const spot = [...new Set(plan.stress.map((s) => s.spotMove))].sort((x, y) => x - y);
  const vol = [...new Set(plan.stress.map((s) => s.volMove))].sort((x, y) => x - y);
  const counts = new Map<number, number>();
  for (const s of plan.stress) counts.set(s.spotMove, (counts.get(s.spotMove) ?? 0) + 1);
  // A spot move present at every vol move belongs to the grid; others are extreme points.
  const spotMoves = spot.filter((m) => counts.get(m) === vol.length);
  const inGrid = new Set(spotMoves);
  return { spotMoves, volMoves: vol, extras: plan.stress.filter((s) => !inGrid.has(s.spotMove)).map((s) => ({ name: s.name, spotMove: s.spotMove, volMove: s.volMove })) };
}

export function accountDetail(cache: MarginCache, a: number, measures: { valueAtRisk: number; expectedShortfall: number }): AccountDetail {
  const plan = cache.setup.plan;
  const g = plan.stress.length;
  const stressPnl = new Float64Array(g);
  for (const { instrument, quantity } of holdings(plan, a)) {
    for (let k = 0; k < g; k++) stressPnl[k] += quantity * cache.stressBlock[instrument * g + k];
  }
  const axis = stressAxis(plan);
  const at = (spotMove: number, volMove: number) => plan.stress.findIndex((s) => s.spotMove === spotMove && s.volMove === volMove);
  return {
    account: plan.accountIds[a],
    histogram: lossHistogram(accountLosses(cache, a)),
    ...measures,
    stressGrid: axis.volMoves.map((v) => axis.spotMoves.map((m) => stressPnl[at(m, v)] ?? NaN)),
    stressExtras: axis.extras.map((x) => ({ name: x.name, pnl: stressPnl[at(x.spotMove, x.volMove)] })),
  };
}
