/**
 * McNeil & Frey's exceedance-residual test of expected shortfall (McNeil & Frey 2000, "Estimation
 * of tail-related risk measures for heteroscedastic financial time series: an extreme value
 * approach", J. Empirical Finance 7, §5.2), the test rugarch's ESTest implements.
 *
 * On the exception days (L_t > VaR_t) the residuals r_t = (L_t − ES_t)/s_t have mean zero when
 * the ES is right: ES_t is the expected loss given an exception. s_t is the model's conditional
 * volatility when the caller gives `scale` (McNeil & Frey's standardization, which makes the
 * residuals identically distributed), 1 otherwise (rugarch's ESTest: raw excesses).
 * H1: mean > 0, the ES understated, the direction a margin model fails in. Statistic
 * t = r̄/(s_r/√n) (s_r the sample sd, divisor n − 1), with
 * - `pValue`: bootstrap under H0 (Efron & Tibshirani 1993, §16.4, as McNeil & Frey do): resample
 *   the centred residuals r − r̄ with replacement B times, p = (1 + #{t* ≥ t})/(B + 1);
 *   deterministic for a given `seed` (the project's mulberry32 PRNG);
 * - `asymptoticPValue`: 1 − Φ(t) = Φ(−t) (no cancellation), rugarch ESTest's `p.value` (its `boot.p.value` averages
 *   p-values over resamples, which is not a bootstrap test, and is not reproduced).
 * The residuals of a tail are skewed and n is small (~6 a year at 97.5%), so the bootstrap is the
 * p-value to act on. Not testable with fewer than 2 exceptions or residuals all equal.
 */
import { normalCdf } from '../../pricing/normal.js';
import { createPrng } from '../../random/prng.js';
import { checkEsSeries, type EsBacktestSeries } from './esInputs.js';
import { assertCount, assertFiniteSeries, BacktestInputError } from './validate.js';

export interface McNeilFreyOptions {
  /** s_t: the model's conditional volatility per day (> 0), to standardize the residuals. */
  scale?: ArrayLike<number>;
  /** Bootstrap resamples B; default 9999. */
  bootstrapSamples?: number;
  /** Seed of the resampling; default 1. */
  seed?: number;
}

export type McNeilFreyTest =
  | {
      testable: true;
      /** t = r̄/(s_r/√n) on the exception days' residuals. */
      statistic: number;
      /** Bootstrap p-value of H1: mean residual > 0 (ES understated). */
      pValue: number;
      /** 1 − Φ(statistic), as rugarch's ESTest reports. */
      asymptoticPValue: number;
      /** Mean residual r̄ (in loss units when unscaled). */
      meanResidual: number;
      exceptions: number;
      observations: number;
    }
  | { testable: false; reason: string; exceptions: number; observations: number };

export function mcneilFreyTest(series: EsBacktestSeries, opts: McNeilFreyOptions = {}): McNeilFreyTest {
  const { losses, valueAtRisk, expectedShortfall } = checkEsSeries(series, 'mcneilFreyTest');
  const { scale, bootstrapSamples = 9999, seed = 1 } = opts;
  if (scale !== undefined) assertFiniteSeries(scale, 'mcneilFreyTest', 'scale', { length: losses.length, positive: true });
  assertCount(bootstrapSamples, 1, 'mcneilFreyTest', 'bootstrapSamples');
  if (!Number.isSafeInteger(seed)) throw new BacktestInputError('mcneilFreyTest', 'seed', `is ${seed}: must be a safe integer`);
  const residuals: number[] = [];
  for (let t = 0; t < losses.length; t++) {
    if (losses[t] > valueAtRisk[t]) residuals.push((losses[t] - expectedShortfall[t]) / (scale === undefined ? 1 : scale[t]));
  }
  const counts = { exceptions: residuals.length, observations: losses.length };
  if (residuals.length < 2) return { testable: false, reason: `${residuals.length} exception(s): the test needs at least 2`, ...counts };
  const { mean, statistic } = tStatistic(residuals);
  if (!Number.isFinite(statistic)) {
    return { testable: false, reason: 'the exceedance residuals are all equal: no spread to test against', ...counts };
  }
  const pValue = bootstrapPValue(residuals, mean, statistic, bootstrapSamples, seed);
  return { testable: true, statistic, pValue, asymptoticPValue: normalCdf(-statistic), meanResidual: mean, ...counts };
}

/** Mean and one-sample t-statistic (sample sd, divisor n − 1); ±∞ or NaN when the sd is 0. */
function tStatistic(values: ArrayLike<number>, shift = 0): { mean: number; statistic: number } {
  const n = values.length;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += values[i] - shift;
  const mean = sum / n;
  let squares = 0;
  for (let i = 0; i < n; i++) squares += (values[i] - shift - mean) ** 2;
  const sd = Math.sqrt(squares / (n - 1));
  return { mean, statistic: sd === 0 ? (mean === 0 ? 0 : Math.sign(mean) * Infinity) : mean / (sd / Math.sqrt(n)) };
}

/** (1 + #{t* ≥ t})/(B + 1) over B resamples of the residuals centred at their mean. */
function bootstrapPValue(residuals: number[], mean: number, observed: number, samples: number, seed: number): number {
  const prng = createPrng(seed);
  const n = residuals.length;
  const resample = new Float64Array(n);
  let atLeast = 0;
  for (let b = 0; b < samples; b++) {
    for (let i = 0; i < n; i++) resample[i] = residuals[Math.floor(prng.uniform() * n)];
    // Centring by the sample mean imposes H0 (mean 0) on the resampling distribution.
    if (tStatistic(resample, mean).statistic >= observed) atLeast++;
  }
  return (1 + atLeast) / (samples + 1);
}
