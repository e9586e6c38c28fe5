/**
 * Procyclicality of a margin series: how far and how fast the margin on a fixed portfolio moves
 * over the cycle, the measures of Murphy, Vasios & Vause (2014, "An investigation into the
 * procyclicality of risk-based initial margin models", Bank of England Financial Stability Paper
 * 29) that the anti-procyclicality regime looks at (EMIR RTS 153/2013 Art. 28; BCBS-CPMI-IOSCO,
 * "Review of margining practices", 2022, and "Transparency and responsiveness of initial margin
 * in centrally cleared markets", 2025, which ask CCPs to disclose peak-to-trough and n-day
 * increases):
 * - peak-to-trough ratio: max_t M_t / min_t M_t over the window (the order of peak and trough does
 *   not matter: it measures the range the margin swings through over the cycle);
 * - n-day procyclicality: the largest relative increase over h observations,
 *   max_t (M_t / M_{t−h} − 1), for h = 1, 5 and 30 by default: the margin call a member must fund
 *   within a day, a week and a month. Point to point: a rise that reverses within h days shows in
 *   a shorter horizon, not in this one. It can be negative (a margin that only fell).
 * Days are the series' observations (trading or calendar days, as the margins were sampled).
 * Ties go to the earliest day. Indices refer to the whole `margins` array, not the window.
 */
import { assertCount, assertFiniteSeries, assertObject, BacktestInputError } from './validate.js';

export interface ProcyclicalityOptions {
  /** Trailing observations the measures cover (≥ 2); default the whole series. */
  window?: number;
  /** Horizons h in observations for the largest increases; default [1, 5, 30]. */
  horizons?: readonly number[];
  /** A label per margin (e.g. ISO dates), echoed next to the indices; the same length as margins. */
  dates?: readonly string[];
}

export interface MarginPoint {
  index: number;
  margin: number;
  date?: string;
}

export interface MarginIncrease {
  /** M_to / M_from − 1 (0.25 = a 25% rise). */
  increase: number;
  from: MarginPoint;
  to: MarginPoint;
}

export interface Procyclicality {
  /** max / min of the margin over the window, ≥ 1. */
  peakToTrough: number;
  peak: MarginPoint;
  trough: MarginPoint;
  /** Per horizon h, the largest M_t/M_{t−h} − 1 in the window; null when the window is not longer than h. */
  largestIncrease: Record<number, MarginIncrease | null>;
  /** The window's first and last index into `margins`. */
  window: { start: number; end: number };
}

export function procyclicality(margins: ArrayLike<number>, opts: ProcyclicalityOptions = {}): Procyclicality {
  assertFiniteSeries(margins, 'procyclicality', 'margins', { positive: true });
  assertObject(opts as unknown, 'procyclicality', 'options');
  const { window = margins.length, horizons = [1, 5, 30], dates } = opts;
  if (margins.length < 2) throw new BacktestInputError('procyclicality', 'margins', `has ${margins.length} values: needs at least 2`);
  assertCount(window, 2, 'procyclicality', 'window');
  if (window > margins.length) {
    throw new BacktestInputError('procyclicality', 'window', `is ${window}: longer than the ${margins.length} margins given`);
  }
  checkHorizons(horizons);
  checkDates(dates, margins.length);
  const start = margins.length - window;
  const end = margins.length - 1;
  const point = (index: number): MarginPoint =>
    dates === undefined ? { index, margin: margins[index] } : { index, margin: margins[index], date: dates[index] };
  let peak = start;
  let trough = start;
  for (let t = start + 1; t <= end; t++) {
    if (margins[t] > margins[peak]) peak = t;
    if (margins[t] < margins[trough]) trough = t;
  }
  const largestIncrease: Record<number, MarginIncrease | null> = {};
  for (const h of horizons) {
    const to = largestIncreaseEnd(margins, start, end, h);
    largestIncrease[h] = to === null ? null : { increase: margins[to] / margins[to - h] - 1, from: point(to - h), to: point(to) };
  }
  return { peakToTrough: margins[peak] / margins[trough], peak: point(peak), trough: point(trough), largestIncrease, window: { start, end } };
}

/** The day t in [start + h, end] with the largest M_t/M_{t−h} (earliest on ties); null if none. */
function largestIncreaseEnd(margins: ArrayLike<number>, start: number, end: number, h: number): number | null {
  let best: number | null = null;
  let bestRatio = -Infinity;
  for (let t = start + h; t <= end; t++) {
    const ratio = margins[t] / margins[t - h];
    if (ratio > bestRatio) {
      bestRatio = ratio;
      best = t;
    }
  }
  return best;
}

function checkHorizons(horizons: unknown): void {
  if (!Array.isArray(horizons) || horizons.length === 0) {
    throw new BacktestInputError('procyclicality', 'horizons', 'must be a non-empty array of integers ≥ 1');
  }
  horizons.forEach((h, i) => assertCount(h, 1, 'procyclicality', `horizons[${i}]`));
}

function checkDates(dates: unknown, length: number): void {
  if (dates === undefined) return;
  if (!Array.isArray(dates) || dates.length !== length) {
    throw new BacktestInputError('procyclicality', 'dates', `must be an array of ${length} labels, one per margin`);
  }
  dates.forEach((date, i) => {
    if (typeof date !== 'string') throw new BacktestInputError('procyclicality', `dates[${i}]`, `is ${typeof date}: must be a string`);
  });
}
