import type { RiskPlan } from '../plan.js';
import type { InstrumentParams } from './layouts.js';

/**
 * The f32 revaluation inputs of every instrument, derived in f64 from the plan, normalised by
 * the base forward F0 = S·e^{(r−q)c} so that f32 carries ratios near 1 rather than prices
 * near 1e5 (see revalue.wgsl).
 */
export function instrumentParams(plan: RiskPlan): InstrumentParams[] {
  const h = plan.horizonYears;
  return plan.instrumentIds.map((_, i) => {
    const u = plan.underlyingIndex[i];
    const drift = plan.rate - plan.carry[u];
    const carryYears = plan.carryYears[i];
    const baseForward = plan.spot[u] * Math.exp(drift * carryYears);
    const timeLeft = plan.expiryYears[i] - h;
    const carryShift = drift * (Math.max(carryYears - h, 0) - carryYears);
    return {
      payoff: plan.payoff[i],
      underlying: u,
      pnl_scale: plan.multiplier[i] * baseForward,
      carry_shift: carryShift,
      carry_growth: Math.expm1(carryShift),
      strike_ratio: plan.strike[i] / baseForward,
      log_strike_ratio: plan.strike[i] > 0 ? Math.log(plan.strike[i] / baseForward) : 0,
      time_left: timeLeft,
      sqrt_time_left: Math.sqrt(Math.max(timeLeft, 0)),
      vol: plan.impliedVol[i],
      vol_weight: plan.volTermWeight[i],
      discount: Math.exp(-plan.rate * Math.max(timeLeft, 0)),
      base_ratio: plan.basePrice[i] / baseForward,
      pad0: 0,
      pad1: 0,
      pad2: 0,
    };
  });
}
