import { bsmPrice } from '../../pricing/bsm.js';
import { PayoffCode } from './payoff.js';
import type { RiskPlan } from '../plan.js';
import { settlementScale } from './settlement.js';

/**
 * The f64 value of one unit of underlying exposure of instrument i (before its multiplier),
 * at spot `spot`, with its implied vol scaled by `volMultiplier`, `elapsedYears` after
 * valuation. The one valuation formula of the engine (see RiskPlan): the base price is this
 * at (S, 1, 0), a scenario's price this at (S', vol factor, horizon). It is the USD value of
 * the linear twin for inverse instruments too (reference/settlement.ts says why and how).
 */
export function valueInstrument(
  plan: RiskPlan,
  i: number,
  spot: number,
  volMultiplier: number,
  elapsedYears: number,
): number {
  const carryLeft = Math.max(plan.carryYears[i] - elapsedYears, 0);
  const forward = spot * Math.exp(plan.forwardDrift[i] * carryLeft);
  const payoff = plan.payoff[i];
  if (payoff === PayoffCode.linear) return forward;
  const isCall = payoff === PayoffCode.call;
  const strike = plan.strike[i];
  const timeLeft = plan.expiryYears[i] - elapsedYears;
  // Expired inside the horizon: settled at intrinsic value on the shocked price.
  if (timeLeft <= 0) return Math.max(isCall ? forward - strike : strike - forward, 0);
  // Black-76 on the forward is BSM with the yield equal to the rate.
  const rate = plan.discountRate[i];
  return bsmPrice(isCall, forward, strike, rate, rate, plan.impliedVol[i] * volMultiplier, timeLeft);
}

/**
 * Whether a position's value sits in the account (spot holdings, option premiums) or settles
 * daily as variation margin (futures and perpetuals: worth 0 at the mark, their P&L is cash).
 */
export function holdsValue(plan: RiskPlan, i: number): boolean {
  const kind = plan.instrumentKinds[i];
  return kind === 'spot' || kind === 'option';
}

/**
 * The one mark of a position, in USD at valuation time: `quantity` contracts of instrument i
 * worth `value` per unit mark at q·m·value for spot and options, and at the unsettled
 * variation margin q·m·(value − settled) for futures and perpetuals (today, with value =
 * settled = basePrice, that is 0), times S/F for an inverse future (its coin P&L at the index).
 */
export function positionMark(plan: RiskPlan, i: number, quantity: number, value: number, settled: number): number {
  const m = quantity * plan.multiplier[i];
  return holdsValue(plan, i) ? m * value : m * (value - settled) * settlementScale(plan, i, 0);
}

/** Fills plan.basePrice: every instrument valued at today's market. */
export function priceBase(plan: RiskPlan): void {
  for (let i = 0; i < plan.instrumentIds.length; i++) {
    plan.basePrice[i] = valueInstrument(plan, i, plan.spot[plan.underlyingIndex[i]], 1, 0);
  }
}
