/**
 * The regularized incomplete gamma P(a, x), Q(a, x) and the χ² CDF built on it.
 *
 * References: the textbook χ² critical values (χ²(1) at 3.841459 and χ²(2) at 5.991465 are the
 * 95% points), closed forms (χ²(2) is exponential: P(X ≤ x) = 1 − e^{−x/2}; χ²(1) is a squared
 * normal: P(X ≤ x) = 2Φ(√x) − 1), and R 4.2.2's pchisq/pgamma (Debian r-base-core, a different
 * algorithm: Morten Welinder's pgamma), run once:
 *   options(digits = 17)
 *   pchisq(c(3.841459, 0.5, 10, 30), 1); pchisq(5.991465, 2); pchisq(c(0.1, 4, 25), 2)
 *   pchisq(40, 1, lower.tail = FALSE); pchisq(200, 2, lower.tail = FALSE)
 *   pgamma(c(0.5, 3, 12), shape = 2.5); pgamma(c(0.01, 1, 5), shape = 0.3)
 *   pgamma(50, shape = 30, lower.tail = FALSE); pgamma(80, shape = 100)
 */
import { describe, expect, it } from 'vitest';
import { chiSquareCdf, chiSquareSurvival } from '../../../src/backtest/statistics/chiSquare.js';
import { regularizedGammaP, regularizedGammaQ } from '../../../src/backtest/statistics/incompleteGamma.js';
import { normalCdf } from '../../../src/pricing/normal.js';
import { checkClose, checkRelClose } from './report.js';

/**
 * Series and continued fraction converge to 1e-16 relative; the prefactor e^{−x + a ln x − lnΓ(a)}
 * carries the rounding of its exponent (|exponent| ≤ ~100 here, so ~1e-14) and logGamma's 1e-15.
 */
const GAMMA_TOLERANCE = 1e-13;

describe('regularized incomplete gamma', () => {
  it('matches R pgamma on both branches (series for x < a + 1, continued fraction above)', () => {
    const cases: [number, number, number][] = [
      [2.5, 0.5, 0.03743422675270363],
      [2.5, 3, 0.69378108158672158],
      [2.5, 12, 0.99978288705654728],
      [0.3, 0.01, 0.27924099635901489],
      [0.3, 1, 0.91567415624110926],
      [0.3, 5, 0.99934868124928156],
      [100, 80, 0.017108313035133115],
    ];
    for (const [a, x, expected] of cases) checkRelClose(`P(${a}, ${x})`, regularizedGammaP(a, x), expected, GAMMA_TOLERANCE);
    checkRelClose('Q(30, 50)', regularizedGammaQ(30, 50), 0.00091682886145608015, GAMMA_TOLERANCE);
  });

  it('has P + Q = 1, P(a, 0) = 0 and P(1, x) = 1 − e^{−x}', () => {
    for (const [a, x] of [[0.5, 0.2], [0.5, 7], [3, 2.9], [3, 4.1], [40, 35]]) {
      checkClose(`P + Q at (${a}, ${x})`, regularizedGammaP(a, x) + regularizedGammaQ(a, x), 1, 4e-16);
    }
    expect(regularizedGammaP(2, 0)).toBe(0);
    expect(regularizedGammaQ(2, 0)).toBe(1);
    expect(regularizedGammaQ(2, Infinity)).toBe(0);
    for (const x of [0.01, 0.7, 1.9, 2.1, 30]) checkRelClose(`P(1, ${x})`, regularizedGammaP(1, x), -Math.expm1(-x), 1e-14);
  });

  it('refuses a ≤ 0 and x < 0 or NaN', () => {
    expect(() => regularizedGammaP(0, 1)).toThrow(/a must be a finite number > 0, got 0/);
    expect(() => regularizedGammaQ(1, -1)).toThrow(/x must be ≥ 0, got -1/);
    expect(() => regularizedGammaP(1, NaN)).toThrow(/x must be ≥ 0, got NaN/);
  });
});

describe('chi-square distribution', () => {
  it('puts 95% below the textbook critical values 3.841459 (1 df) and 5.991465 (2 df)', () => {
    // R: pchisq(3.841459, 1) = 0.95000000534680429, pchisq(5.991465, 2) = 0.95000001132229916
    // (the critical values are rounded to 7 significant digits).
    checkRelClose('χ²(1) CDF at 3.841459', chiSquareCdf(3.841459, 1), 0.95000000534680429, GAMMA_TOLERANCE);
    checkRelClose('χ²(2) CDF at 5.991465', chiSquareCdf(5.991465, 2), 0.95000001132229916, GAMMA_TOLERANCE);
  });

  it('matches R pchisq and the closed forms for 1 and 2 degrees of freedom', () => {
    const oneDf: [number, number][] = [[0.5, 0.52049987781304652], [10, 0.9984345977419975], [30, 0.99999995679536946]];
    for (const [x, expected] of oneDf) checkRelClose(`χ²(1) CDF at ${x}`, chiSquareCdf(x, 1), expected, GAMMA_TOLERANCE);
    const twoDf: [number, number][] = [[0.1, 0.048770575499285991], [4, 0.864664716763387298], [25, 0.999996273346827946]];
    for (const [x, expected] of twoDf) checkRelClose(`χ²(2) CDF at ${x}`, chiSquareCdf(x, 2), expected, GAMMA_TOLERANCE);
    for (const x of [0.01, 1, 6, 20]) {
      checkRelClose(`χ²(2) = Exp(1/2) at ${x}`, chiSquareCdf(x, 2), -Math.expm1(-x / 2), 1e-14);
      checkRelClose(`χ²(1) = N(0,1)² at ${x}`, chiSquareCdf(x, 1), 2 * normalCdf(Math.sqrt(x)) - 1, 1e-13);
    }
  });

  it('keeps relative precision in the far tail, where 1 − CDF would be 0 or noise', () => {
    checkRelClose('χ²(1) survival at 40', chiSquareSurvival(40, 1), 2.5396285894708649e-10, 1e-12);
    checkRelClose('χ²(2) survival at 200', chiSquareSurvival(200, 2), 3.7200759760208361e-44, 1e-12);
    expect(chiSquareSurvival(0, 1)).toBe(1);
    expect(chiSquareSurvival(-1e-15, 2)).toBe(1);
    expect(chiSquareCdf(0, 1)).toBe(0);
    expect(() => chiSquareCdf(NaN, 1)).toThrow(/x is NaN/);
    expect(() => chiSquareSurvival(1, 0)).toThrow(/degreesOfFreedom must be a finite number > 0, got 0/);
  });
});
