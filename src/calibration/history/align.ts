import { InputError } from '../../model/errors.js';
import { daysBetween } from './dates.js';
import type { AssetHistory, PriceHistory } from './types.js';

/** The dates on which every one of `histories` has a close, increasing. */
export function commonDates(histories: readonly AssetHistory[]): string[] {
  if (histories.length === 0) return [];
  const [first, ...rest] = histories;
  const others = rest.map((h) => new Set(h.dates));
  return first.dates.filter((date) => others.every((set) => set.has(date)));
}

/** Daily log returns of several assets on their common dates. */
export interface AlignedReturns {
  assets: string[];
  /** End date of each return (the start is the previous common date). */
  dates: string[];
  /**
   * Calendar days each return spans: 1 for consecutive days; 3 over a weekend when a
   * trading-day series is aligned with a 7-day one; more where any asset has a gap.
   */
  spanDays: Int32Array;
  /** returns[a][k] = ln(close on dates[k] / close on the common date before) of assets[a]. */
  returns: Float64Array[];
}

export interface AlignWindow {
  /** First date whose close is used (the first return ends on the next common date). */
  from?: string;
  /** Last date whose close is used. */
  to?: string;
  /** Fewest returns the caller needs; fewer is an error naming the assets and the window. */
  minReturns?: number;
}

/**
 * Log returns of `assets` between consecutive dates on which all of them have a close, within
 * [from, to]: the input of correlation estimates, where every pair must be measured over the
 * same intervals. A return over a gap (a weekend, a missing day of one asset) spans the gap:
 * `spanDays` says how long, for an estimator that scales or drops those.
 */
export function alignedLogReturns(history: PriceHistory, assets: readonly string[], window: AlignWindow = {}): AlignedReturns {
  const series = assets.map((asset) => {
    const found = history.assets.get(asset);
    if (!found) throw new InputError('price history', 'assets', asset, `no price history for ${asset} (the history has: ${[...history.assets.keys()].join(', ') || 'nothing'})`);
    return found;
  });
  const { from, to, minReturns = 0 } = window;
  const dates = commonDates(series).filter((d) => (from === undefined || d >= from) && (to === undefined || d <= to));
  const count = Math.max(dates.length - 1, 0);
  if (count < minReturns) {
    const span = `${from ?? 'start'} to ${to ?? 'end'}`;
    throw new InputError('price history', 'aligned returns', `${count} returns`, `${assets.join(', ')} share ${dates.length} dates from ${span}, giving ${count} returns; at least ${minReturns} needed`);
  }
  const spanDays = new Int32Array(count);
  for (let k = 0; k < count; k++) spanDays[k] = daysBetween(dates[k], dates[k + 1]);
  const returns = series.map((s) => logReturnsOn(s, dates));
  return { assets: [...assets], dates: dates.slice(1), spanDays, returns };
}

/** ln(close[d_k] / close[d_(k-1)]) over consecutive `dates` (all of which `series` has). */
function logReturnsOn(series: AssetHistory, dates: readonly string[]): Float64Array {
  const position = new Map(series.dates.map((d, i) => [d, i]));
  const out = new Float64Array(Math.max(dates.length - 1, 0));
  let previous = position.get(dates[0]) ?? 0;
  for (let k = 1; k < dates.length; k++) {
    const i = position.get(dates[k])!;
    const value = Math.log(series.closes[i] / series.closes[previous]);
    // Closes are finite and > 0, so only a ratio beyond double range (1e-320 after 1e300) lands here.
    if (!Number.isFinite(value)) {
      throw new InputError(series.source, `line ${series.lines[i]}`, series.closes[i], `${series.asset}: the log return from ${series.dates[previous]} is not finite`);
    }
    out[k - 1] = value;
    previous = i;
  }
  return out;
}
