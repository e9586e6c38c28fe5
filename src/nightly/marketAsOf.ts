import type { PriceHistory } from '../calibration/history/index.js';
import type { MarketInput } from '../model/schemas.js';

/**
 * The market snapshot of a night: the given snapshot's instruments, valued at the close of the
 * as-of date (the next day 00:00 UTC), each underlying's spot the last close on or before that
 * date where the history holds it. Underlyings the history lacks keep their snapshot spot, with
 * a warning: the night's margins would otherwise mix two dates without saying so.
 */
export function marketAsOf(market: MarketInput, prices: PriceHistory, asOf: string): { market: MarketInput; warnings: string[] } {
  const warnings: string[] = [];
  const valuationTime = new Date(Date.parse(`${asOf}T00:00:00Z`) + 86_400_000).toISOString();
  const underlyings = Object.fromEntries(
    Object.entries(market.underlyings).map(([asset, u]) => {
      const history = prices.assets.get(asset);
      const last = history ? lastCloseOnOrBefore(history.dates, history.closes, asOf) : undefined;
      if (last === undefined) {
        warnings.push(`market: ${asset} has no close on or before ${asOf} in the history: its spot ${u.spot} is the snapshot's`);
        return [asset, u];
      }
      return [asset, { ...u, spot: last }];
    }),
  );
  return { market: { ...market, valuationTime, underlyings }, warnings };
}

function lastCloseOnOrBefore(dates: readonly string[], closes: Float64Array, asOf: string): number | undefined {
  for (let k = dates.length - 1; k >= 0; k--) if (dates[k] <= asOf) return closes[k];
  return undefined;
}
