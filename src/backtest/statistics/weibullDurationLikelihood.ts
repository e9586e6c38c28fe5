/**
 * The Weibull duration log-likelihood of Christoffersen & Pelletier (2004), profiled over the
 * scale, and its maximization over the shape b.
 *
 * Weibull density f(D) = a^b·b·D^(b−1)·e^{−(aD)^b}, survival S(D) = e^{−(aD)^b}; b = 1 is the
 * exponential, the memoryless duration of iid exceptions; b < 1 a decreasing hazard (clustered
 * exceptions). Complete spells enter as ln f, censored ones as ln S:
 *   ln L(a, b) = k·b·ln a + k·ln b + (b − 1)·Σ_complete ln D_i − a^b·Σ_all D_i^b   (k complete spells).
 * For fixed b the maximizing scale has a^b = k / Σ_all D_i^b (rugarch's VaRDurTest uses the same),
 * which leaves the profile
 *   ℓ(b) = k·ln b + k·ln k − k·ln S(b) + (b − 1)·Σ_complete ln D_i − k,   S(b) = Σ_all D_i^b,
 *   ℓ′(b) = k/b − k·m(b) + Σ_complete ln D_i,   ℓ″(b) = −k/b² − k·v(b) < 0,
 * m and v the mean and variance of ln D under weights ∝ D_i^b (so v ≥ 0). The profile is strictly
 * concave, so its maximum on an interval is the one root of the decreasing ℓ′, or an end of the
 * interval: Newton's method inside a bisection bracket finds it.
 */
import type { DurationSpells } from './durationSpells.js';

/** The shape's search interval, rugarch's box for VaRDurTest's L-BFGS-B (so the two agree). */
export const WEIBULL_SHAPE_MIN = 0.001;
export const WEIBULL_SHAPE_MAX = 10;

export interface WeibullShapeFit {
  shape: number;
  /** The scale a at the fitted shape: (k / Σ D_i^b)^(1/b). */
  scale: number;
  /** ℓ(b̂), the profile log-likelihood at the fitted shape. */
  logLikelihood: number;
  /** True when ℓ′ does not change sign inside the box, so the maximum is one of its ends. */
  atBound: boolean;
}

/** The spells' logs, computed once per fit: the profile is evaluated ~10 times. */
export interface LogSpells {
  logDurations: Float64Array;
  /** max_i ln D_i: weights are scaled by the longest spell so that D^b cannot overflow. */
  logMax: number;
  sumLogComplete: number;
  completeCount: number;
}

export interface ProfilePoint {
  value: number;
  slope: number;
  curvature: number;
  /** ln S(b) = ln Σ_all D_i^b. */
  logSumPower: number;
}

export function logSpells({ durations, censored, completeCount }: DurationSpells): LogSpells {
  const logDurations = new Float64Array(durations.length);
  let logMax = -Infinity;
  let sumLogComplete = 0;
  for (let i = 0; i < durations.length; i++) {
    logDurations[i] = Math.log(durations[i]);
    if (logDurations[i] > logMax) logMax = logDurations[i];
    if (!censored[i]) sumLogComplete += logDurations[i];
  }
  return { logDurations, logMax, sumLogComplete, completeCount };
}

/** ℓ(b) and its first two derivatives. */
export function profileLogLikelihood(spells: LogSpells, b: number): ProfilePoint {
  const { logDurations, logMax, sumLogComplete, completeCount: k } = spells;
  // D_i^b = e^{b·logMax}·w_i with w_i = e^{b(ln D_i − logMax)} ≤ 1.
  const weights = new Float64Array(logDurations.length);
  let weightSum = 0;
  let weightedLog = 0;
  for (let i = 0; i < logDurations.length; i++) {
    weights[i] = Math.exp(b * (logDurations[i] - logMax));
    weightSum += weights[i];
    weightedLog += weights[i] * logDurations[i];
  }
  const mean = weightedLog / weightSum;
  let variance = 0;
  for (let i = 0; i < logDurations.length; i++) variance += weights[i] * (logDurations[i] - mean) ** 2;
  variance /= weightSum;
  const logSumPower = b * logMax + Math.log(weightSum);
  return {
    value: k * Math.log(b) + k * Math.log(k) - k * logSumPower + (b - 1) * sumLogComplete - k,
    slope: k / b - k * mean + sumLogComplete,
    curvature: -k / (b * b) - k * variance,
    logSumPower,
  };
}

/** The shape maximizing ℓ(b) on [WEIBULL_SHAPE_MIN, WEIBULL_SHAPE_MAX]; needs ≥ 1 complete spell. */
export function fitWeibullShape(spells: LogSpells): WeibullShapeFit {
  if (spells.completeCount < 1) throw new RangeError('fitWeibullShape: needs at least one complete spell (two exceptions)');
  let lo = WEIBULL_SHAPE_MIN;
  let hi = WEIBULL_SHAPE_MAX;
  const atLo = profileLogLikelihood(spells, lo);
  if (atLo.slope <= 0) return fitAt(spells, lo, atLo, true);
  const atHi = profileLogLikelihood(spells, hi);
  if (atHi.slope >= 0) return fitAt(spells, hi, atHi, true);
  let b = 1;
  for (let iteration = 0; iteration < 200; iteration++) {
    const point = profileLogLikelihood(spells, b);
    if (point.slope > 0) lo = b;
    else hi = b;
    const newton = b - point.slope / point.curvature;
    // Newton while it stays inside the bracket that ℓ′'s signs keep; bisection otherwise.
    const next = newton > lo && newton < hi ? newton : 0.5 * (lo + hi);
    if (Math.abs(next - b) <= 1e-13 * b || hi - lo <= 1e-13 * b) return fitAt(spells, next, profileLogLikelihood(spells, next), false);
    b = next;
  }
  return fitAt(spells, b, profileLogLikelihood(spells, b), false);
}

function fitAt(spells: LogSpells, shape: number, point: ProfilePoint, atBound: boolean): WeibullShapeFit {
  const scale = Math.exp((Math.log(spells.completeCount) - point.logSumPower) / shape);
  return { shape, scale, logLikelihood: point.value, atBound };
}
