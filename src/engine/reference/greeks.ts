import { bsm } from '../../pricing/bsm.js';
import { PayoffCode } from './payoff.js';
import type { RiskPlan } from '../plan.js';
import { settlementScale } from './settlement.js';

/** Portfolio sensitivities to one underlying; raw partials, like `bsm` (vega per 1.00 of vol). */
export interface Greeks {
  /** dV/dS, in units of the underlying. */
  delta: number;
  /** d²V/dS². */
  gamma: number;
  /** dV/dσ for a parallel move of 1.00 in every option's implied vol. */
  vega: number;
  /** dV/dt per year of calendar time. */
  theta: number;
}

/**
 * Greeks of one contract of instrument i, with respect to its underlying's spot. An option on
 * the forward F = S·e^{(r−q)·c} is priced with Black-76, so its spot Greeks carry the chain
 * factor e^{(r−q)·c} (once for delta, squared for gamma). Theta holds spot fixed, so the
 * forward's own drift −(r−q)·F·dV/dF enters too. An inverse future's USD value is its linear
 * twin's times S/F, a constant of time and spot in this model at valuation: so are its Greeks
 * (its delta is m coins, the spot it stands for).
 */
export function instrumentGreeks(plan: RiskPlan, i: number): Greeks {
  const u = plan.underlyingIndex[i];
  const spot = plan.spot[u];
  const drift = plan.forwardDrift[i];
  const chain = Math.exp(drift * plan.carryYears[i]);
  const forward = spot * chain;
  const m = plan.multiplier[i];
  if (plan.payoff[i] === PayoffCode.linear) {
    const scaled = m * settlementScale(plan, i, 0);
    return { delta: scaled * chain, gamma: 0, vega: 0, theta: plan.carryYears[i] > 0 ? -scaled * drift * forward : 0 };
  }
  const g = bsm({
    type: plan.payoff[i] === PayoffCode.call ? 'call' : 'put',
    spot: forward,
    strike: plan.strike[i],
    rate: plan.discountRate[i],
    dividendYield: plan.discountRate[i],
    vol: plan.impliedVol[i],
    expiry: plan.expiryYears[i],
  });
  // With S fixed, F = S·e^{drift·(c − t)} moves with t: dV/dt = θ_F + dV/dF·(−drift·F).
  return {
    delta: m * g.delta * chain,
    gamma: m * g.gamma * chain * chain,
    vega: m * g.vega,
    theta: m * (g.theta - g.delta * drift * forward),
  };
}

/** Σ quantity × contract Greeks per underlying, for every account. */
export function accountGreeks(plan: RiskPlan): Record<string, Greeks>[] {
  const perInstrument = plan.instrumentIds.map((_, i) => instrumentGreeks(plan, i));
  return plan.accountIds.map((_, a) => {
    const byUnderlying: Record<string, Greeks> = {};
    for (let p = plan.accountOffsets[a]; p < plan.accountOffsets[a + 1]; p++) {
      const i = plan.positionInstrument[p];
      const q = plan.positionQuantity[p];
      const name = plan.underlyings[plan.underlyingIndex[i]];
      const sum = (byUnderlying[name] ??= { delta: 0, gamma: 0, vega: 0, theta: 0 });
      const g = perInstrument[i];
      sum.delta += q * g.delta;
      sum.gamma += q * g.gamma;
      sum.vega += q * g.vega;
      sum.theta += q * g.theta;
    }
    return byUnderlying;
  });
}
