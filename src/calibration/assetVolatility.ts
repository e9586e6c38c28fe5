import type { AssetHistory } from './history/index.js';
import { ewmaVariance, garch11Fit, logReturns } from './estimators/index.js';
import type { AssetEstimate, CalibrationMethod } from './pack/types.js';

/** One asset's window of returns, with the dates each return ends on. */
export interface ReturnWindow {
  asset: string;
  /** dates[k] is the date return k ends on; the window's first close is on `from`. */
  dates: string[];
  returns: Float64Array;
  from: string;
  periodsPerYear: number;
}

/** Days in a year of the calendar used to count observations per year (ACT/365.25, as the engine). */
const DAYS_PER_YEAR = 365.25;

/**
 * The last `windowReturns` log returns of an asset up to the end of its (already as-of-cut)
 * history, and the observations per year it implies: returns / (calendar span / 365.25), so a
 * 7-day crypto series annualizes by ≈ 365 and a trading-day index by ≈ 252 without being told.
 */
export function returnWindow(history: AssetHistory, windowReturns: number): ReturnWindow {
  const first = Math.max(0, history.closes.length - 1 - windowReturns);
  const closes = history.closes.subarray(first);
  const dates = history.dates.slice(first);
  const returns = logReturns(closes);
  const spanDays = (Date.parse(dates[dates.length - 1]) - Date.parse(dates[0])) / 86_400_000;
  return { asset: history.asset, dates: dates.slice(1), returns, from: dates[0], periodsPerYear: returns.length / (spanDays / DAYS_PER_YEAR) };
}

/** An asset's vol estimate and the one-step-ahead variance of each return in its window (the FHS filter). */
export interface VolatilityEstimate {
  estimate: Pick<AssetEstimate, 'vol' | 'volStandardError' | 'garch'>;
  /** filterVariance.get(date): the variance forecast for the return ending on `date`, made the day before. */
  filterVariance: Map<string, number>;
  warnings: string[];
}

/**
 * Today's annualized vol of an asset by the method, averaged over the horizon (H = round(horizon
 * days) ≥ 1 daily variances, annualized by the series' observations per year):
 *   ewma    RiskMetrics λ (0.94): the forecast is flat, v_T.
 *   garch   GARCH(1,1) with standardized Student-t innovations, fGarch's conventions: the mean
 *           of the 1- to H-step variance forecasts. A fit that did not converge falls back to
 *           EWMA, with a warning (the nightly job's checks fail on it).
 *   sample  the mean squared return of the window (zero mean); standard error σ/√(2n).
 * The FHS filter is the fitted GARCH's conditional variance under garch and EWMA otherwise.
 */
export function estimateVolatility(window: ReturnWindow, method: CalibrationMethod, lambda: number, horizonDays: number): VolatilityEstimate {
  const { returns, periodsPerYear } = window;
  const annual = (daily: number) => Math.sqrt(daily * periodsPerYear);
  const ewma = ewmaVariance(returns, { lambda });
  const ewmaFilter = filterFromEwma(window, ewma.variance, ewma.seedIndex);
  const horizon = Math.max(1, Math.round(horizonDays));
  if (method === 'garch') {
    const fit = garch11Fit(returns, { distribution: 'student-t' });
    const garch = {
      mu: fit.mu, omega: fit.omega, alpha: fit.alpha, beta: fit.beta, shape: fit.shape,
      standardErrors: fit.standardErrors ? { ...fit.standardErrors } : null, converged: fit.converged, reason: fit.reason, logLikelihood: fit.logLikelihood,
    };
    if (!fit.converged) {
      return { estimate: { vol: annual(ewma.forecast), garch }, filterVariance: ewmaFilter, warnings: [`${window.asset}: the GARCH fit did not converge (${fit.reason}): its vol is the EWMA forecast`] };
    }
    let sum = 0;
    for (let h = 1; h <= horizon; h++) sum += fit.forecastVariance(h);
    const filter = new Map<string, number>();
    window.dates.forEach((date, k) => filter.set(date, fit.conditionalVariance[k]));
    return { estimate: { vol: annual(sum / horizon), garch }, filterVariance: filter, warnings: [] };
  }
  if (method === 'sample') {
    let squares = 0;
    for (const r of returns) squares += r * r;
    const vol = annual(squares / returns.length);
    return { estimate: { vol, volStandardError: vol / Math.sqrt(2 * returns.length) }, filterVariance: ewmaFilter, warnings: [] };
  }
  return { estimate: { vol: annual(ewma.forecast) }, filterVariance: ewmaFilter, warnings: [] };
}

/** The EWMA variance made the day before each return (the seed's returns have none). */
function filterFromEwma(window: ReturnWindow, variance: Float64Array, seedIndex: number): Map<string, number> {
  const filter = new Map<string, number>();
  for (let k = seedIndex + 1; k < window.returns.length; k++) filter.set(window.dates[k], variance[k - 1 - seedIndex]);
  return filter;
}
