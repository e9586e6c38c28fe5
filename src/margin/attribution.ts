import { revalueScenarioList } from '../engine/cpu/instrumentBlock.js';
import type { RiskPlan } from '../engine/plan.js';
import type { Tail } from '../engine/tail.js';

/** One position's share of its account's expected shortfall. */
export interface Contribution {
  instrument: string;
  quantity: number;
  /** USD; Σ over the account's positions = its ES. Negative: the position hedges the tail. */
  contribution: number;
}

/**
 * Euler allocation of each account's ES over its positions. ES is the mean loss over the k
 * tail scenarios, L(s) = −Σ_p q_p·pnl_p(s), so it is homogeneous of degree 1 in the
 * quantities and its Euler allocation is exact and additive: position p contributes
 *   c_p = (1/k)·Σ_{s ∈ tail} −q_p·pnl_p(s),      Σ_p c_p = ES.
 * Only the tail scenarios are needed, and the engine's stream is counter-based: the union of
 * all accounts' tail scenarios is regenerated once (f64, the CPU's own stages) and revalued,
 * whatever backend chose the tails. In unified mode collateral positions get contributions too
 * (a coin posted against short calls on it shows a negative one).
 */
export function eulerContributions(plan: RiskPlan, tails: readonly Tail[], chunkSize = 4096): Contribution[][] {
  const rowOf = new Map<number, number>();
  for (const tail of tails) for (const s of tail.scenarios) if (!rowOf.has(s)) rowOf.set(s, rowOf.size);
  const scenarios = Uint32Array.from(rowOf.keys());
  const sums = tails.map((_, a) => new Float64Array(plan.accountOffsets[a + 1] - plan.accountOffsets[a]));
  // Each account's tail as union rows, ascending, consumed chunk by chunk: memory stays
  // chunkSize × instruments whatever the union's size.
  const rows = tails.map((tail) => Uint32Array.from(tail.scenarios, (s) => rowOf.get(s)!).sort());
  const cursor = new Uint32Array(tails.length);
  for (let start = 0; start < scenarios.length; start += chunkSize) {
    const count = Math.min(chunkSize, scenarios.length - start);
    const pnl = revalueScenarioList(plan, scenarios.subarray(start, start + count));
    tails.forEach((_, a) => {
      const accountRows = rows[a];
      const sum = sums[a];
      for (; cursor[a] < accountRows.length && accountRows[cursor[a]] < start + count; cursor[a]++) {
        const row = accountRows[cursor[a]] - start;
        for (let p = plan.accountOffsets[a], j = 0; p < plan.accountOffsets[a + 1]; p++, j++) {
          sum[j] += -plan.positionQuantity[p] * pnl[plan.positionInstrument[p] * count + row];
        }
      }
    });
  }
  return tails.map((tail, a) => {
    const k = tail.scenarios.length;
    const out: Contribution[] = [];
    for (let p = plan.accountOffsets[a], j = 0; p < plan.accountOffsets[a + 1]; p++, j++) {
      out.push({ instrument: plan.instrumentIds[plan.positionInstrument[p]], quantity: plan.positionQuantity[p], contribution: k > 0 ? sums[a][j] / k : 0 });
    }
    return out;
  });
}
