import { CALENDAR_DAYS_PER_YEAR } from './annualization.js';
import { assertFiniteSeries, assertInteger, assertPositive } from './validate.js';

export interface RealizedVolatilityOptions {
  /** Periods per year for annualization: 365 for calendar-day series (default), 252 for trading days. */
  periodsPerYear?: number;
  /**
   * Subtract the window's sample mean (and divide by window − 1) instead of taking the root mean
   * square about zero (divide by window). Default false: over a month of daily returns the
   * sample mean is mostly noise (BTC's daily sd is ~4%, its mean ~0.1%, so the mean's standard
   * error over 30 days is ~0.7%, several times the mean itself), and a risk model takes no view
   * on expected returns; the EWMA and GARCH recursions also use squared returns about zero.
   */
  demean?: boolean;
}

export interface RealizedVolatilitySeries {
  /** Annualized realized volatility of each full window; vol[k] covers returns[k .. k + window − 1]. */
  volatility: Float64Array;
  /** Index into `returns` of the last return of the first window (window − 1): vol[k] ends at endIndex + k. */
  firstEndIndex: number;
  window: number;
  periodsPerYear: number;
}

/**
 * Rolling realized volatility over windows of `window` returns, annualized by
 * √periodsPerYear. Needs window ≥ 2 and at least `window` returns (one full window).
 * Each window is summed afresh (O(n·window)): a running sum would drift by rounding over
 * thousands of updates, and n·window is a few million operations at most for daily data.
 */
export function realizedVolatility(
  returns: ArrayLike<number>,
  window: number,
  opts: RealizedVolatilityOptions = {},
): RealizedVolatilitySeries {
  const { periodsPerYear = CALENDAR_DAYS_PER_YEAR, demean = false } = opts;
  assertInteger(window, 2, 'realizedVolatility', 'window');
  assertPositive(periodsPerYear, 'realizedVolatility', 'periodsPerYear');
  assertFiniteSeries(returns, window, 'realizedVolatility', 'returns', `one full window of ${window} returns`);
  const count = returns.length - window + 1;
  const volatility = new Float64Array(count);
  for (let k = 0; k < count; k++) {
    volatility[k] = Math.sqrt(windowVariance(returns, k, window, demean) * periodsPerYear);
  }
  return { volatility, firstEndIndex: window - 1, window, periodsPerYear };
}

/**
 * Per-period variance of returns[start .. start + length − 1]: the mean square about zero, or
 * the sample variance (divisor length − 1) when `demean`. The two-pass form keeps the sample
 * variance accurate when the mean is large against the spread.
 */
export function windowVariance(returns: ArrayLike<number>, start: number, length: number, demean: boolean): number {
  let mean = 0;
  if (demean) {
    for (let i = start; i < start + length; i++) mean += returns[i];
    mean /= length;
  }
  let sum = 0;
  for (let i = start; i < start + length; i++) {
    const deviation = returns[i] - mean;
    sum += deviation * deviation;
  }
  return sum / (demean ? length - 1 : length);
}
