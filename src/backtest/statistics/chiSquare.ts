/**
 * The χ²(k) distribution, for the asymptotic p-values of the likelihood-ratio tests (Kupiec: k = 1,
 * Christoffersen's independence: 1, conditional coverage: 2, Christoffersen–Pelletier: 1).
 */
import { regularizedGammaP, regularizedGammaQ } from './incompleteGamma.js';

/** P(X ≤ x) for X ~ χ²(degreesOfFreedom); 0 for x ≤ 0. */
export function chiSquareCdf(x: number, degreesOfFreedom: number): number {
  checkArguments(x, degreesOfFreedom, 'chiSquareCdf');
  return x <= 0 ? 0 : regularizedGammaP(degreesOfFreedom / 2, x / 2);
}

/**
 * P(X > x) for X ~ χ²(degreesOfFreedom): the p-value of a likelihood-ratio statistic x. 1 for
 * x ≤ 0 (a statistic of −1e-15 is rounding of an exact 0). Accurate in the far tail (it is Q,
 * not 1 − P).
 */
export function chiSquareSurvival(x: number, degreesOfFreedom: number): number {
  checkArguments(x, degreesOfFreedom, 'chiSquareSurvival');
  return x <= 0 ? 1 : regularizedGammaQ(degreesOfFreedom / 2, x / 2);
}

function checkArguments(x: number, degreesOfFreedom: number, name: string): void {
  if (Number.isNaN(x)) throw new RangeError(`${name}: x is NaN`);
  if (!(degreesOfFreedom > 0 && Number.isFinite(degreesOfFreedom))) {
    throw new RangeError(`${name}: degreesOfFreedom must be a finite number > 0, got ${degreesOfFreedom}`);
  }
}
