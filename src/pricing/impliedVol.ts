/**
 * Black-Scholes-Merton implied volatility: the σ at which `bsm` reproduces a given price.
 *
 * The solve runs on Jäckel's normalisation ("Let's be rational", 2015): with the forward
 * moneyness x = ln(S·e^{−qT} / K·e^{−rT}) and the total standard deviation s = σ√T, the price
 * divided by √(S·e^{−qT} · K·e^{−rT}) depends on x and s alone. Put-call parity then reduces
 * every case to the out-of-the-money call (x ≤ 0) priced at the option's time value,
 *   b(x, s) = e^{x/2}·Φ(x/s + s/2) − e^{−x/2}·Φ(x/s − s/2),
 * which rises from 0 at s = 0 to e^{x/2} as s → ∞, so the solution is unique. Using the time
 * value of the out-of-the-money side keeps the target free of the intrinsic value, which would
 * otherwise swamp the σ-dependent part of deep in-the-money prices.
 *
 * Newton on ln b(s) rather than on b: in the low wing b ~ e^{−x²/2s²} is so convex that Newton
 * on b crawls, while ln b is close to linear in 1/s². Near the ceiling, Newton runs on the log
 * of the gap e^{x/2} − b instead (see solveNormalized). Every iterate tightens a bracket
 * [lo, hi] around the root, and a step that leaves the bracket, is not a number (b underflowed
 * to 0) or fails to halve the step before last is replaced by bisection (by doubling while no
 * upper end is known), so the iteration cannot diverge or cycle, only slow down. On a grid of
 * moneyness |x| ≤ 60 and s = σ√T from 1e-4 to 40 it converges in at most 8 iterations.
 */
import type { BsmInput } from './bsm.js';
import { normalCdf, normalPdf } from './normal.js';

export type ImpliedVolInput = Omit<BsmInput, 'vol'> & {
  /** The option's present value, in the same units as `bsm(...).price`. */
  price: number;
};

export interface ImpliedVolOptions {
  /**
   * Converged when the model price is within this relative error of the time value, or the
   * Newton step in σ is below it (the step estimates the remaining error once Newton
   * converges quadratically). Default 1e-12.
   */
  tolerance?: number;
  /** Default 100, far above the ≤ 8 Newton needs; bisection alone would need ~50. */
  maxIterations?: number;
}

/**
 * A Newton step is trusted as an error estimate only once the price is this close (relative):
 * far from the root, in the low wing, a tiny step can mean a flat region rather than arrival.
 */
const NEWTON_BASIN = 1e-3;

/**
 * Prices this far below the lower bound (in units of the larger leg) are taken as on it:
 * `bsm` itself computes deep in-the-money prices with an absolute error of a few ulps of the
 * legs, which can put them a hair under the intrinsic value.
 */
const BOUND_SLACK = 8 * Number.EPSILON;

/** Smallest normal double: below it a normalised time value has lost its relative precision. */
const MIN_NORMAL = 2 ** -1022;

/**
 * The implied volatility (per √year) of a European option under generalized BSM.
 *
 * Returns 0 when the price equals the discounted intrinsic value max(ω(S·e^{−qT} − K·e^{−rT}), 0)
 * (within rounding). Throws RangeError naming the field for a non-finite input, a spot, strike
 * or expiry that is not > 0 (the price would not depend on σ), and for a price outside the
 * no-arbitrage bounds: a call in [max(S·e^{−qT} − K·e^{−rT}, 0), S·e^{−qT}), a put in
 * [max(K·e^{−rT} − S·e^{−qT}, 0), K·e^{−rT}). The result is as accurate as the price allows:
 * the error in σ is about (price error)/vega, large where vega is tiny (far wings, short expiry).
 */
export function impliedVol(input: ImpliedVolInput, options: ImpliedVolOptions = {}): number {
  validate(input);
  const { tolerance = 1e-12, maxIterations = 100 } = options;
  const { type, price, spot, strike, rate, dividendYield, expiry } = input;
  const omega = type === 'call' ? 1 : -1;
  const discountedSpot = spot * Math.exp(-dividendYield * expiry);
  const discountedStrike = strike * Math.exp(-rate * expiry);

  const lower = Math.max(omega * (discountedSpot - discountedStrike), 0);
  const upper = omega > 0 ? discountedSpot : discountedStrike;
  const slack = BOUND_SLACK * Math.max(discountedSpot, discountedStrike);
  if (!(price >= lower - slack && price < upper)) throw outOfBounds(input, lower, upper);
  const timeValue = price - lower;
  if (timeValue <= 0) return 0;

  const x = -Math.abs(Math.log(discountedSpot / discountedStrike));
  const target = timeValue / (Math.sqrt(discountedSpot) * Math.sqrt(discountedStrike));
  // Rounding in the normalisation can push a price a hair under the cap onto it.
  if (!(target < Math.exp(0.5 * x))) throw outOfBounds(input, lower, upper);
  if (!(target >= MIN_NORMAL)) {
    throw new RangeError(
      `impliedVol: price = ${price}: time value ${timeValue} is too small relative to spot and strike to determine a vol in double precision`,
    );
  }
  const sqrtT = Math.sqrt(expiry);
  return solveNormalized(x, target, tolerance, tolerance * sqrtT, maxIterations) / sqrtT;
}

function outOfBounds({ type, price }: ImpliedVolInput, lower: number, upper: number): RangeError {
  return new RangeError(`impliedVol: price = ${price}: outside the no-arbitrage bounds [${lower}, ${upper}) of this ${type}`);
}

/** Solves b(x, s) = target for s, with x ≤ 0 and 0 < target < e^{x/2}. */
function solveNormalized(x: number, target: number, priceTol: number, stepTol: number, maxIterations: number): number {
  const black = new NormalizedBlack(x);
  // Near the ceiling e^{x/2} (large s) b flattens out like 1 − e^{−s²/8} and Newton on ln b
  // crawls; there the gap to the ceiling, g(s) = e^{x/2} − b(s) ~ e^{−s²/8}/s, is the small,
  // well-conditioned quantity, and Newton on ln g converges fast. Solve on whichever of the
  // target and its gap is smaller, so the relative tolerance also bounds the price error.
  const targetGap = black.ceiling - target;
  const onGap = targetGap < target;
  let s = initialGuess(x, target, onGap);
  let lo = 0;
  let hi = Number.POSITIVE_INFINITY;
  // |Δs| of the last two steps: Newton must at least halve the step before last, or the
  // bracket is bisected instead (Numerical Recipes' rtsafe). Near the root the objective is
  // rounding noise, Newton steps then wander without shrinking, and bisection ends it.
  let step = Number.POSITIVE_INFINITY;
  let stepBeforeLast = Number.POSITIVE_INFINITY;
  for (let i = 0; i < maxIterations; i++) {
    // f(s), increasing in s and 0 at the root, and f/f′ for the Newton step.
    let f: number;
    let fOverSlope: number;
    if (onGap) {
      const gap = black.gap(s);
      f = Math.log(targetGap / gap);
      fOverSlope = (f * gap) / black.vega(s);
    } else {
      const b = black.price(s);
      f = Math.log(b / target); // NaN if rounding made b ≤ 0: treated as below the root
      fOverSlope = (f * b) / black.vega(s);
    }
    if (f > 0) hi = s;
    else lo = s;
    if (Math.abs(f) <= priceTol) return s;

    const newton = s - fOverSlope;
    const bracketed = hi < Number.POSITIVE_INFINITY;
    let next: number;
    if (newton > lo && newton < hi && (!bracketed || Math.abs(fOverSlope) <= 0.5 * stepBeforeLast)) {
      if (Math.abs(fOverSlope) <= stepTol && Math.abs(f) <= NEWTON_BASIN) return newton;
      next = newton;
    } else {
      // No upper end known yet: the root lies above s, so look further out.
      next = bracketed ? 0.5 * (lo + hi) : 2 * s;
    }
    if (hi - lo <= stepTol) return 0.5 * (lo + hi);
    stepBeforeLast = step;
    step = Math.abs(next - s);
    s = next;
  }
  throw new RangeError(`impliedVol: no convergence in ${maxIterations} iterations (x = ${x}, target = ${target})`);
}

/**
 * A start below the root, from which Newton on the concave ln b (or on the convex −ln gap, past
 * its first step) climbs monotonically; it saves iterations, correctness never depends on it.
 * - b(s) ≤ 2Φ(s/2) − 1 ≤ s/√(2π) (the at-the-money price bounds every other, and Φ is concave
 *   on the right), so s = target·√(2π) is below the root.
 * - Below the inflection point √(2|x|), d₁ < 0 and the Gaussian tail bound Φ(d₁) ≤ ½e^{−d₁²/2}
 *   gives b(s) < e^{−x²/2s²}: s = |x|/√(−2·ln target) is below the root if below √(2|x|).
 * - On the gap side b(√(2|x|)) < e^{x/2}/2 < target, so the inflection point is below the root.
 */
function initialGuess(x: number, target: number, onGap: boolean): number {
  const inflection = Math.sqrt(-2 * x);
  const atTheMoney = target * Math.sqrt(2 * Math.PI);
  if (onGap) return Math.max(inflection, atTheMoney);
  const wing = -x / Math.sqrt(-2 * Math.log(target));
  return Math.max(Math.min(inflection, wing), atTheMoney);
}

/** The normalised out-of-the-money call b(x, s), its gap to the ceiling and its vega, for x ≤ 0. */
class NormalizedBlack {
  /** e^{x/2}: the limit of b as s → ∞ (the normalised forward, or strike, whichever is lower). */
  readonly ceiling: number;
  private readonly floorFactor: number;

  constructor(private readonly x: number) {
    this.ceiling = Math.exp(0.5 * x);
    this.floorFactor = Math.exp(-0.5 * x);
  }

  /** b = e^{x/2}·Φ(d₁) − e^{−x/2}·Φ(d₂). */
  price(s: number): number {
    const d1 = this.x / s + 0.5 * s;
    return this.ceiling * normalCdf(d1) - this.floorFactor * normalCdf(d1 - s);
  }

  /** e^{x/2} − b = e^{x/2}·Φ(−d₁) + e^{−x/2}·Φ(d₂): a sum of positives, so no cancellation. */
  gap(s: number): number {
    const d1 = this.x / s + 0.5 * s;
    return this.ceiling * normalCdf(-d1) + this.floorFactor * normalCdf(d1 - s);
  }

  /** ∂b/∂s = e^{x/2}·φ(d₁). */
  vega(s: number): number {
    return this.ceiling * normalPdf(this.x / s + 0.5 * s);
  }
}

function validate(input: ImpliedVolInput): void {
  if (input.type !== 'call' && input.type !== 'put') {
    throw new RangeError(`impliedVol: type = ${String(input.type)}: must be 'call' or 'put'`);
  }
  requireFinite('price', input.price);
  requireFinite('spot', input.spot, true);
  requireFinite('strike', input.strike, true);
  requireFinite('rate', input.rate);
  requireFinite('dividendYield', input.dividendYield);
  requireFinite('expiry', input.expiry, true);
}

function requireFinite(field: keyof ImpliedVolInput, value: number, positive = false): void {
  if (typeof value !== 'number' || !Number.isFinite(value) || (positive && !(value > 0))) {
    const bound = positive ? ' > 0 (the price must depend on vol)' : '';
    throw new RangeError(`impliedVol: ${field} = ${String(value)}: must be a finite number${bound}`);
  }
}
