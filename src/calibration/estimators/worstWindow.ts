import { checkReturnsByAsset, type ReturnsInput } from './returnsByAsset.js';
import { CALENDAR_DAYS_PER_YEAR } from './annualization.js';
import { windowVariance } from './realizedVolatility.js';
import { EstimatorInputError, assertInteger, assertPositive } from './validate.js';

export interface WorstWindowOptions {
  /** Window length in returns; default 250. */
  window?: number;
  /** Periods per year for the annualized vols: 365 for calendar-day series (default), 252 for trading days. */
  periodsPerYear?: number;
  /**
   * A stress period the user names instead of the search: the first and last date (inclusive,
   * matched against returnsByAsset.dates, which must then be given), as regulators or a risk committee
   * name them (e.g. March 2020).
   */
  period?: { from: string; to: string };
}

export interface StressWindow {
  /** 'highest-average-volatility' when searched, 'named-period' when the user named it. */
  rule: 'highest-average-volatility' | 'named-period';
  /** Indices into the returns of the window's first and last return (inclusive). */
  startIndex: number;
  endIndex: number;
  startDate?: string;
  endDate?: string;
  /** Annualized realized volatility of each asset in the window (root mean square about zero). */
  volatilities: Record<string, number>;
  /** The average of those volatilities: the score the rule maximizes. */
  averageVolatility: number;
}

/**
 * The stressed calibration window for the anti-procyclicality floor (margin/antiProcyclicality:
 * a margin never below what the model asks with stressed vols, `floor.vols[u]`), in the spirit
 * of Eurex Prisma's stress period, which always stays in the model's lookback.
 *
 * Rule: the window of `window` consecutive returns with the highest average over the assets of
 * their annualized realized volatility (the earliest on ties). Why the average of the assets'
 * vols rather than an equal-weight portfolio's vol: the floor stresses each underlying's own
 * vol, so the window should be one where vols are high across the book; a portfolio's vol also
 * rises with correlation (which the stress grid and the correlation estimate treat) and lets a
 * calm asset's diversification hide another's crash. Vols are the root mean square about zero,
 * like realizedVolatility's default (a window's mean is noise and a trend is not calm).
 *
 * Or, with `period`, the window the user names (both dates must be in returnsByAsset.dates). Needs at
 * least `window` dates (the search) or a named period of at least 2 returns; finite returns.
 */
export function worstWindow(returnsByAsset: ReturnsInput, opts: WorstWindowOptions = {}): StressWindow {
  const E = 'worstWindow';
  const { window = 250, periodsPerYear = CALENDAR_DAYS_PER_YEAR, period } = opts;
  assertInteger(window, 2, E, 'window');
  assertPositive(periodsPerYear, E, 'periodsPerYear');
  const { names, returns, dates } = checkReturnsByAsset(returnsByAsset, period ? 2 : window, E);
  let startIndex: number;
  let length: number;
  if (period) {
    [startIndex, length] = namedPeriod(dates, period, E);
  } else {
    [startIndex, length] = [0, window];
    let best = -Infinity;
    for (let start = 0; start + window <= returns[0].length; start++) {
      const score = averageVolatility(returns, start, window, periodsPerYear);
      if (score > best) [best, startIndex] = [score, start];
    }
  }
  const endIndex = startIndex + length - 1;
  const volatilities = Object.fromEntries(names.map((name, i) => [name, Math.sqrt(windowVariance(returns[i], startIndex, length, false) * periodsPerYear)]));
  return {
    rule: period ? 'named-period' : 'highest-average-volatility',
    startIndex,
    endIndex,
    ...(dates ? { startDate: dates[startIndex], endDate: dates[endIndex] } : {}),
    volatilities,
    averageVolatility: averageVolatility(returns, startIndex, length, periodsPerYear),
  };
}

function averageVolatility(returns: ArrayLike<number>[], start: number, length: number, periodsPerYear: number): number {
  let sum = 0;
  for (const series of returns) sum += Math.sqrt(windowVariance(series, start, length, false) * periodsPerYear);
  return sum / returns.length;
}

/** [start index, length] of the named period, checked against the dates. */
function namedPeriod(dates: string[] | undefined, period: { from: string; to: string }, E: string): [number, number] {
  if (!dates) throw new EstimatorInputError(E, 'dates', 'must be given with data to name a period by its dates');
  const start = dates.indexOf(period.from);
  const end = dates.indexOf(period.to);
  if (start < 0) throw new EstimatorInputError(E, 'period.from', `is ${JSON.stringify(period.from)}: not among the dates (${dates[0]} .. ${dates[dates.length - 1]})`);
  if (end < 0) throw new EstimatorInputError(E, 'period.to', `is ${JSON.stringify(period.to)}: not among the dates (${dates[0]} .. ${dates[dates.length - 1]})`);
  if (end - start < 1) throw new EstimatorInputError(E, 'period', `${period.from} .. ${period.to} holds ${Math.max(0, end - start + 1)} returns; needs at least 2, in date order`);
  return [start, end - start + 1];
}
