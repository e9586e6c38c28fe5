/**
 * Generalized Black-Scholes-Merton in f64: European options on an asset paying a continuous
 * yield q, discounted at a continuous rate r. Black-76 (options on a futures or forward price
 * F) is the special case q = r with spot = F, since then S·e^{−qT} = F·e^{−rT}.
 *
 * Everything is written in terms of the discounted forward S·e^{−qT} and the discounted strike
 * K·e^{−rT}:  V = ω·(S·e^{−qT}·Φ(ω·d₁) − K·e^{−rT}·Φ(ω·d₂)),  ω = +1 call, −1 put,
 * d₁,₂ = ln(S·e^{−qT} / K·e^{−rT})/(σ√T) ± σ√T/2. Using Φ(ω·d) for both option types (rather than
 * put = call − forward) keeps out-of-the-money puts accurate to their own relative precision.
 *
 * Degenerate inputs (expired, zero vol, zero spot, non-positive strike) leave no spread to
 * integrate over (σ√T = 0) or no logarithm to take (S = 0, K ≤ 0): the payoff is certain, and
 * they get its deterministic value, see `bsm`.
 */
import type { OptionType } from '../model/instrumentId.js';
import { normalCdf, normalPdf } from './normal.js';

export type { OptionType };

export interface BsmInput {
  type: OptionType;
  /** Spot price S (or the futures price F for Black-76); finite, ≥ 0. */
  spot: number;
  /** Strike K; finite. K ≤ 0 makes a call a sure exercise and a put worthless. */
  strike: number;
  /** Continuously compounded risk-free rate r; finite. */
  rate: number;
  /** Continuous yield q (dividends, foreign rate, or q = r for Black-76); finite. */
  dividendYield: number;
  /** Lognormal volatility σ per √year; finite, ≥ 0. */
  vol: number;
  /** Time to expiry T in years; finite. T ≤ 0 means expired: the intrinsic value. */
  expiry: number;
}

/** Price and raw partial derivatives (no per-cent or per-day scaling). */
export interface BsmGreeks {
  price: number;
  /** ∂V/∂S. */
  delta: number;
  /** ∂²V/∂S². */
  gamma: number;
  /** ∂V/∂σ, per 1.00 of vol (divide by 100 for a vol point). */
  vega: number;
  /** ∂V/∂t = −∂V/∂T, per year of calendar time (divide by 365 for a day). */
  theta: number;
  /**
   * ∂V/∂r per 1.00 of rate, holding q fixed. For Black-76 (q = r) the futures-option rho,
   * where moving r also moves q, is ∂V/∂r + ∂V/∂q = −T·V, not this.
   */
  rho: number;
}

/**
 * Price of a European option: the allocation-free hot path of Monte Carlo revaluation.
 *
 * Inputs are trusted (validate once with `bsm` or at the boundary): no checks beyond what the
 * formula needs, NaN in gives NaN out. Degenerate cases fold into one branch whose result is
 * the deterministic limit max(ω·(S·e^{−qT} − K·e^{−rT}), 0): with T ≤ 0 clamped to 0 that is
 * the intrinsic value max(ω·(S − K), 0); with σ = 0 the discounted intrinsic value of the
 * forward; with K ≤ 0 a call is S·e^{−qT} − K·e^{−rT} and a put 0; with S = 0 the asset stays
 * at 0. Negative vol is treated as 0 here (`bsm` rejects it).
 */
export function bsmPrice(
  isCall: boolean,
  spot: number,
  strike: number,
  rate: number,
  dividendYield: number,
  vol: number,
  expiry: number,
): number {
  const t = Math.max(expiry, 0); // Math.max, unlike a ternary, keeps a NaN expiry NaN
  const discountedSpot = spot * Math.exp(-dividendYield * t);
  const discountedStrike = strike * Math.exp(-rate * t);
  const stdDev = vol * Math.sqrt(t);
  // Tested as "≤ 0" so that NaN fails it and flows through the live formula to a NaN price.
  if (stdDev <= 0 || strike <= 0 || spot <= 0) {
    return Math.max(isCall ? discountedSpot - discountedStrike : discountedStrike - discountedSpot, 0);
  }
  const d1 = Math.log(discountedSpot / discountedStrike) / stdDev + 0.5 * stdDev;
  const d2 = d1 - stdDev;
  return isCall
    ? discountedSpot * normalCdf(d1) - discountedStrike * normalCdf(d2)
    : discountedStrike * normalCdf(-d2) - discountedSpot * normalCdf(-d1);
}

/**
 * Price and Greeks, with the inputs validated. Throws RangeError naming the field for a type
 * other than 'call' | 'put', any non-finite number, a negative spot or a negative vol.
 *
 * Degenerate cases are the limits of the live formulas, so Greeks stay finite and sum safely
 * across a portfolio:
 * - Expired (T ≤ 0): price = max(ω(S − K), 0) undiscounted; delta = ω where exercised, 0 where
 *   not, and ω/2 exactly at the money (the limit of e^{−qT}Φ(d₁) as T → 0⁺ at S = K, and the
 *   mean of the one-sided slopes); gamma, vega, theta and rho 0, since the value is settled.
 * - σ = 0, S = 0 or K ≤ 0 (with T > 0): the forward is certain, price = max(ω(S·e^{−qT} −
 *   K·e^{−rT}), 0); delta, theta and rho are those of that deterministic value where exercised,
 *   0 where not, and half of them exactly at the forward (at S = K = 0, where S cannot fall,
 *   the right-hand derivatives: those of the exercised call, 0 for the put); gamma 0 (at the
 *   forward the kink's point mass has no finite value); vega 0 except exactly at the forward,
 *   where it is the right derivative S·e^{−qT}·√T·φ(0) (the price grows linearly in σ there).
 */
export function bsm(input: BsmInput): BsmGreeks {
  validate(input);
  const { spot, strike, rate, dividendYield: q, vol, expiry } = input;
  const omega = input.type === 'call' ? 1 : -1;
  const t = Math.max(expiry, 0);
  const sqrtT = Math.sqrt(t);
  const yieldDiscount = Math.exp(-q * t);
  const discountedSpot = spot * yieldDiscount;
  const discountedStrike = strike * Math.exp(-rate * t);
  const stdDev = vol * sqrtT;
  if (stdDev <= 0 || strike <= 0 || spot <= 0) {
    return deterministic(omega, discountedSpot, discountedStrike, yieldDiscount, rate, q, t);
  }

  const d1 = Math.log(discountedSpot / discountedStrike) / stdDev + 0.5 * stdDev;
  const d2 = d1 - stdDev;
  // Φ(ωd₂) is the risk-neutral probability of exercise, Φ(ωd₁) the same under the asset measure.
  const cdfD1 = normalCdf(omega * d1);
  const strikeLeg = discountedStrike * normalCdf(omega * d2);
  // S·e^{−qT}·φ(d₁) = K·e^{−rT}·φ(d₂): the density term gamma, vega and theta share.
  const density = discountedSpot * normalPdf(d1);
  const spotLeg = discountedSpot * cdfD1;
  return {
    // Written as in bsmPrice, so the two agree to the bit (ω·(a − b) could give −0 where b − a is +0).
    price: omega > 0 ? spotLeg - strikeLeg : strikeLeg - spotLeg,
    delta: omega * yieldDiscount * cdfD1,
    gamma: density / (spot * spot * stdDev),
    vega: density * sqrtT,
    theta: (-density * vol) / (2 * sqrtT) + omega * (q * spotLeg - rate * strikeLeg),
    rho: omega * t * strikeLeg,
  };
}

/**
 * No uncertainty left (see `bsm`): the option is exercised iff ω·(S·e^{−qT} − K·e^{−rT}) > 0,
 * and its value is then certain. t is the clamped expiry, 0 once expired.
 */
function deterministic(
  omega: number,
  discountedSpot: number,
  discountedStrike: number,
  yieldDiscount: number,
  rate: number,
  q: number,
  t: number,
): BsmGreeks {
  const moneyness = omega * (discountedSpot - discountedStrike);
  const price = Math.max(moneyness, 0);
  // The share of the exercised value's sensitivities: 1 in the money, 0 out of it. At the kink
  // the two one-sided derivatives average to ½, except at S = 0, where S cannot fall and only
  // the right-hand one exists: there a call is in the money and a put is not.
  const exercised = moneyness !== 0 ? (moneyness > 0 ? 1 : 0) : discountedSpot > 0 ? 0.5 : omega > 0 ? 1 : 0;
  if (exercised === 0) return { price, delta: 0, gamma: 0, vega: 0, theta: 0, rho: 0 };
  const weight = omega * exercised;
  const live = t > 0; // an expired option's value is settled: no time decay, no rate exposure
  return {
    price,
    delta: weight * yieldDiscount,
    gamma: 0,
    vega: live && moneyness === 0 ? discountedSpot * Math.sqrt(t) * normalPdf(0) : 0,
    theta: live ? weight * (q * discountedSpot - rate * discountedStrike) : 0,
    rho: live ? weight * t * discountedStrike : 0,
  };
}

function validate(input: BsmInput): void {
  if (input.type !== 'call' && input.type !== 'put') {
    throw new RangeError(`bsm: type = ${String(input.type)}: must be 'call' or 'put'`);
  }
  requireFinite('spot', input.spot, 0);
  requireFinite('strike', input.strike);
  requireFinite('rate', input.rate);
  requireFinite('dividendYield', input.dividendYield);
  requireFinite('vol', input.vol, 0);
  requireFinite('expiry', input.expiry);
}

function requireFinite(field: keyof BsmInput, value: number, min = Number.NEGATIVE_INFINITY): void {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min) {
    const bound = min > Number.NEGATIVE_INFINITY ? ` ≥ ${min}` : '';
    throw new RangeError(`bsm: ${field} = ${String(value)}: must be a finite number${bound}`);
  }
}
