/**
 * The regularized incomplete gamma functions P(a, x) = γ(a, x)/Γ(a) and Q(a, x) = 1 − P(a, x),
 * for the χ² distribution of the likelihood-ratio tests (χ²(k) CDF at x is P(k/2, x/2)).
 *
 * Numerical Recipes (3rd ed., §6.2): the series for x < a + 1, where it converges fast, and
 * Legendre's continued fraction (modified Lentz) for x ≥ a + 1. Each side computes the function
 * it is accurate for and takes the other as the complement, so a p-value Q(a, x) in the far tail
 * (1e-30, say) keeps its relative precision instead of being lost in 1 − P.
 */
import { logGamma } from '../../calibration/estimators/specialFunctions.js';

/** Relative size of the last term (series) or the last factor's distance from 1 (fraction). */
const EPS = 1e-16;
/** Lentz's guard against a zero denominator (NR's FPMIN): far below any term that matters. */
const TINY = 1e-300;
/** Enough for a up to ~1e6; the tests use a = k/2 for small k and never come near. */
const MAX_ITERATIONS = 100_000;

/** P(a, x) for a > 0, x ≥ 0: the probability that a Gamma(a, 1) variable is ≤ x. */
export function regularizedGammaP(a: number, x: number): number {
  checkArguments(a, x, 'regularizedGammaP');
  if (x === 0) return 0;
  if (x === Infinity) return 1;
  return x < a + 1 ? lowerSeries(a, x) : 1 - upperContinuedFraction(a, x);
}

/** Q(a, x) = 1 − P(a, x) for a > 0, x ≥ 0, computed without cancellation in either tail. */
export function regularizedGammaQ(a: number, x: number): number {
  checkArguments(a, x, 'regularizedGammaQ');
  if (x === 0) return 1;
  if (x === Infinity) return 0;
  return x < a + 1 ? 1 - lowerSeries(a, x) : upperContinuedFraction(a, x);
}

function checkArguments(a: number, x: number, name: string): void {
  if (!(a > 0 && Number.isFinite(a))) throw new RangeError(`${name}: a must be a finite number > 0, got ${a}`);
  if (!(x >= 0)) throw new RangeError(`${name}: x must be ≥ 0, got ${x}`);
}

/** e^{−x} x^a / Γ(a): the prefactor both expansions share, in logs so that it cannot overflow. */
function prefactor(a: number, x: number): number {
  return Math.exp(-x + a * Math.log(x) - logGamma(a));
}

/** P(a, x) = e^{−x} x^a / Γ(a) · Σ_{n≥0} x^n / (a (a+1) … (a+n)); all terms positive. */
function lowerSeries(a: number, x: number): number {
  let denominator = a;
  let term = 1 / a;
  let sum = term;
  for (let n = 1; n <= MAX_ITERATIONS; n++) {
    denominator += 1;
    term *= x / denominator;
    sum += term;
    if (Math.abs(term) < Math.abs(sum) * EPS) return Math.min(1, sum * prefactor(a, x));
  }
  throw new RangeError(`regularizedGammaP: series did not converge for a = ${a}, x = ${x}`);
}

/**
 * Q(a, x) = e^{−x} x^a / Γ(a) · 1/(x + 1 − a − 1·(1 − a)/(x + 3 − a − 2·(2 − a)/(x + 5 − a − …))),
 * evaluated by the modified Lentz method (NR §5.2).
 */
function upperContinuedFraction(a: number, x: number): number {
  let b = x + 1 - a;
  let c = 1 / TINY;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i <= MAX_ITERATIONS; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < TINY) d = TINY;
    c = b + an / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const factor = d * c;
    h *= factor;
    if (Math.abs(factor - 1) < EPS) return Math.min(1, prefactor(a, x) * h);
  }
  throw new RangeError(`regularizedGammaQ: continued fraction did not converge for a = ${a}, x = ${x}`);
}
