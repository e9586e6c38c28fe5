/** The scales of f32 rounding in the GPU's P&L, shared by the GPU parity tests. */
import type { RiskPlan } from '../../src/engine/plan.js';

/**
 * Gross notional of each account, Σ |q|·m·F0 over its positions: the scale of the f32
 * rounding in its P&L. A hedged account (long spot against a short future) cancels most of
 * that notional, so its VaR can be 1e-5 of it, below what f32 revaluation resolves (each
 * position's P&L carries ~1e-7 of its notional); for those the tolerance has a floor.
 */
export function grossNotional(plan: RiskPlan): Float64Array {
  const out = new Float64Array(plan.accountIds.length);
  for (let a = 0; a < out.length; a++) {
    for (let p = plan.accountOffsets[a]; p < plan.accountOffsets[a + 1]; p++) {
      out[a] += Math.abs(plan.positionQuantity[p]) * contractNotional(plan, plan.positionInstrument[p]);
    }
  }
  return out;
}

/** m·F0 of one contract: the scale of its f32 P&L (the GPU values ratios to the forward). */
export function contractNotional(plan: RiskPlan, i: number): number {
  const u = plan.underlyingIndex[i];
  return plan.multiplier[i] * plan.spot[u] * Math.exp(plan.forwardDrift[i] * plan.carryYears[i]);
}
