import { windowVariance } from './realizedVolatility.js';
import { assertFiniteSeries, assertInOpenInterval, assertInteger } from './validate.js';

export interface EwmaVarianceOptions {
  /** Decay λ in (0, 1); RiskMetrics' daily 0.94 by default (effective memory 1/(1 − λ) ≈ 17 days). */
  lambda?: number;
  /** Returns whose sample variance (divisor n − 1) seeds the recursion; default 30, at least 2. */
  seedCount?: number;
}

export interface EwmaVarianceSeries {
  /**
   * variance[k] is v at return index seedIndex + k. variance[0] is the seed, the sample variance
   * of returns[0 .. seedCount − 1]; for k ≥ 1, v_t = λ·v_{t−1} + (1 − λ)·r_t² includes day t and is
   * the forecast of the variance of day t + 1. Per-period (daily) units, not annualized.
   */
  variance: Float64Array;
  /** Index into `returns` of the seed value variance[0]: seedCount − 1, the last seeding return. */
  seedIndex: number;
  /** The last value: the forecast of the variance of the day after the last return. */
  forecast: number;
  lambda: number;
  seedCount: number;
}

/**
 * The exponentially weighted moving average of squared returns (RiskMetrics 1996, §5.2), with
 * zero mean: v_t = λ·v_{t−1} + (1 − λ)·r_t². Seeded with the sample variance of the first
 * `seedCount` returns (divisor n − 1, demeaned) so that the start does not depend on a single
 * day's return; the seed's weight decays as λ^k (0.94^60 ≈ 2.4% after 60 days).
 *
 * Needs at least seedCount returns (then the series is the seed alone); all finite.
 */
export function ewmaVariance(returns: ArrayLike<number>, opts: EwmaVarianceOptions = {}): EwmaVarianceSeries {
  const { lambda = 0.94, seedCount = 30 } = opts;
  assertInOpenInterval(lambda, 0, 1, 'ewmaVariance', 'lambda');
  assertInteger(seedCount, 2, 'ewmaVariance', 'seedCount');
  assertFiniteSeries(returns, seedCount, 'ewmaVariance', 'returns', `seedCount = ${seedCount} returns seed the variance`);
  const seedIndex = seedCount - 1;
  const variance = new Float64Array(returns.length - seedIndex);
  variance[0] = windowVariance(returns, 0, seedCount, true);
  for (let k = 1; k < variance.length; k++) {
    const r = returns[seedIndex + k];
    variance[k] = lambda * variance[k - 1] + (1 - lambda) * r * r;
  }
  return { variance, seedIndex, forecast: variance[variance.length - 1], lambda, seedCount };
}
