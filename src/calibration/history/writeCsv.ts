import type { ImpliedVolHistory, PriceHistory } from './types.js';

/**
 * Writes histories in the long forms the parsers read back exactly: numbers as JavaScript's
 * shortest round-trip decimal (String(x)), so parse(format(h)) has the same closes bit for bit.
 * Used to export the embedded synthetic history as files and in round-trip tests.
 */
export function formatPriceHistoryCsv(history: PriceHistory): string {
  const lines = ['date,asset,close'];
  for (const { asset, dates, closes } of history.assets.values()) {
    for (let i = 0; i < dates.length; i++) lines.push(`${dates[i]},${asset},${closes[i]}`);
  }
  return `${lines.join('\n')}\n`;
}

export function formatImpliedVolHistoryCsv(history: ImpliedVolHistory): string {
  const lines = ['date,asset,tenorDays,vol'];
  for (const list of history.assets.values()) {
    for (const { asset, tenorDays, dates, vols } of list) {
      for (let i = 0; i < dates.length; i++) lines.push(`${dates[i]},${asset},${tenorDays},${vols[i]}`);
    }
  }
  return `${lines.join('\n')}\n`;
}
