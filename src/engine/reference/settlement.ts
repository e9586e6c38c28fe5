import type { RiskPlan } from '../plan.js';
import { PayoffCode } from './payoff.js';

/**
 * How an instrument settles (plan.settlement): linear in USD, or inverse, in its underlying coin.
 *
 * An inverse contract pays, in coin, each USD flow of its linear twin divided by the coin's
 * price when the flow is paid: an option pays payoff(S_T)/S_T coins at expiry, a future pays
 * variation margin N·(1/F − 1/F') coins as its price moves from F to F' (N: its USD face).
 * The engine's unit is USD. Derivation of the USD P&L of q contracts over the horizon, the
 * index moving S → S' (and the rest of the market with it):
 *
 * Options. Let V(S) be the linear twin's USD value (Black-76). At expiry the inverse option
 * pays X/S_T coins, worth X USD: its USD payoff is the linear one, so by no arbitrage its USD
 * value is V(S) and its coin value V(S)/S ("value in coin = USD value / index price"). With m
 * coins of notional per contract, the position's USD value is W = q·m·(V/S)·S = q·m·V, so
 *
 *   W' − W = q·m·(V' − V)                                                      (1)
 *          = q·m·(V'/S' − V/S)·S'  +  q·m·(V/S)·(S' − S)                       (2)
 *            ^ its coin P&L at the     ^ the coins it was worth at the start,
 *              shocked index S'          revalued with the coin
 *
 * The first term of (2), the coin P&L converted at S', is the USD P&L only of a position worth
 * nothing at the start. A held option is worth V/S coins, and those coins move with the coin:
 * the engine carries the option at its USD value, so (1), the linear twin's P&L, is the USD
 * P&L of an inverse option, in every scenario, expired inside the horizon or not (payoff/S'
 * coins worth payoff). What differs is where its premium sits: paid or received in coin, it
 * is in the account's coin balance, which unified margin revalues in the same scenarios (the
 * wrong-way risk of a short put margined in BTC), and what-if pays an inverse trade's premium
 * in its coin.
 *
 * Futures and perpetuals. Marked to today's price F, a position of face N is worth 0; its coin
 * P&L to F' is N·(1/F − 1/F') (Deribit's example: 1,000·(1/600 − 1/700) = 0.238095 BTC),
 * received at the index S', so its USD P&L is N·(1/F − 1/F')·S'. The plan holds an inverse
 * future as m = N/F coins per contract at today's mark (face / F: `planRisk`), so that
 *
 *   USD P&L = q·m·(F' − F)·S'/F'                                               (3)
 *
 * the linear twin's P&L q·m·(F' − F) times S'/F' = e^{−(r−q)·max(c − h, 0)}, which does not
 * depend on the scenario: an inverse future revalues as its linear twin scaled by a constant
 * (1 for a perpetual: in USD an inverse perpetual of face N is N/S coins; its convexity,
 * N·(1/S − 1/S'), is in coin, not in USD). Marks at valuation time scale by S/F = e^{−(r−q)·c}.
 */
export const SettlementCode = { linear: 0, inverse: 1 } as const;
export type SettlementCode = (typeof SettlementCode)[keyof typeof SettlementCode];

/**
 * USD of P&L per USD of the linear twin's P&L, `elapsedYears` after valuation: S/F at that
 * time for an inverse future or perpetual (equation 3), exactly 1 for everything else
 * (options, equation 1, and every linear instrument, so their numbers do not change).
 */
export function settlementScale(plan: RiskPlan, i: number, elapsedYears: number): number {
  if (plan.settlement[i] !== SettlementCode.inverse || plan.payoff[i] !== PayoffCode.linear) return 1;
  return Math.exp(-plan.forwardDrift[i] * Math.max(plan.carryYears[i] - elapsedYears, 0));
}

/** Whether instrument i settles in its underlying coin. */
export function isInverse(plan: RiskPlan, i: number): boolean {
  return plan.settlement[i] === SettlementCode.inverse;
}
