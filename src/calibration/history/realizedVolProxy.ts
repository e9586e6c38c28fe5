import { InputError } from '../../model/errors.js';
import { daysBetween } from './dates.js';
import type { AssetHistory, ImpliedVolSeries } from './types.js';

/** Calendar days per year, as everywhere in the engine (ACT/365.25). */
const DAYS_PER_YEAR = 365.25;

/**
 * The rule when no implied-vol history is given: an asset's ATM vol at tenor T is proxied by
 * its trailing realized vol over the last T calendar days,
 *
 *   vol(t) = sqrt( Σ r_k² / (t − s) · 365.25 ),   r_k the log returns ending in (s, t],
 *
 * where s is the earliest observation date with s ≥ t − T (so the window spans at most T days;
 * dividing by calendar days, not observations, gives a trading-day series the same annual
 * scale as a 7-day one). The first proxy date is the first t with t − first date ≥ T.
 * The vol of vol and the vol-factor correlations are then estimated from the proxy's daily log
 * changes, and the caller must say so (`realizedVolProxyWarning`): a realized vol moves when a
 * return enters or leaves its window, not when the market's expectation moves, and it lags a
 * crash by construction.
 */
export function realizedVolProxy(history: AssetHistory, tenorDays = 30): ImpliedVolSeries {
  const { dates, closes, lines } = history;
  const outDates: string[] = [];
  const vols: number[] = [];
  const outLines: number[] = [];
  let start = 0; // index of s, the window's first close
  let sumSquares = 0; // Σ r_k² for k in (start, i]
  for (let i = 1; i < dates.length; i++) {
    const r = Math.log(closes[i] / closes[i - 1]);
    sumSquares += r * r;
    while (daysBetween(dates[start], dates[i]) > tenorDays) {
      start++;
      const dropped = Math.log(closes[start] / closes[start - 1]);
      sumSquares -= dropped * dropped;
    }
    if (daysBetween(dates[0], dates[i]) < tenorDays) continue;
    // Recompute when the running sum has drifted to ~0 by cancellation, before taking a square root.
    if (sumSquares < 1e-12) sumSquares = windowSumSquares(closes, start, i);
    if (!(sumSquares > 0)) {
      throw new InputError(history.source, `line ${lines[i]}`, dates[i], `${history.asset}: the price did not move in the ${tenorDays} days to ${dates[i]}, so no realized vol can stand in for an implied vol: give an implied-vol history`);
    }
    outDates.push(dates[i]);
    vols.push(Math.sqrt((sumSquares / daysBetween(dates[start], dates[i])) * DAYS_PER_YEAR));
    outLines.push(lines[i]);
  }
  return { asset: history.asset, tenorDays, source: `${history.source} (realized-vol proxy)`, dates: outDates, vols: Float64Array.from(vols), lines: Int32Array.from(outLines) };
}

function windowSumSquares(closes: Float64Array, start: number, end: number): number {
  let sum = 0;
  for (let k = start + 1; k <= end; k++) sum += Math.log(closes[k] / closes[k - 1]) ** 2;
  return sum;
}

/** What a run without an implied-vol history for `asset` must tell its user. */
export function realizedVolProxyWarning(asset: string, tenorDays = 30): string {
  return (
    `no implied-vol history for ${asset}: its ${tenorDays}-day ATM vol is proxied by the trailing ${tenorDays}-day realized vol, ` +
    'so its vol of vol and vol correlations come from realized, not implied, vol (a proxy that lags crashes); ' +
    'give an implied-vol history (date,asset,tenorDays,vol) to calibrate them'
  );
}
