import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { alignedLogReturns, mergePriceHistories, parsePriceHistory, type PriceHistory } from '../../../src/calibration/history/index.js';

/**
 * Every real price file in ../shared/data/prices (beside the checkout; third-party data that may
 * not be copied into the repository, see its README) loads under the column contract. Where the
 * folder is absent the suite is skipped and says so.
 */
const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const PRICES = resolve(REPO_ROOT, '../shared/data/prices');
const present = existsSync(PRICES);
if (!present) console.warn(`real-data history tests skipped: ${PRICES} is absent (it is not part of the repository)`);

const read = (file: string) => readFileSync(join(PRICES, file), 'utf8');

/** Per-file expectations from the data README (the S&P file has exchange closures: below). */
const EXPECTED: Record<string, { assets: string[]; first: string; last: string }> = {
  'BTC-USD_1d.csv': { assets: ['BTC'], first: '2014-09-17', last: '2025-02-20' },
  'LTC-USD_1d.csv': { assets: ['LTC'], first: '2014-09-17', last: '2025-02-20' },
  'SOL-USD_1d.csv': { assets: ['SOL'], first: '2020-04-10', last: '2025-02-20' },
  'binance_BTCUSDT_1d.csv': { assets: ['BTCUSDT'], first: '2018-01-01', last: '2025-02-20' },
  'DERIVED_aligned_close_crypto_10assets.csv': { assets: ['BTC', 'ETH', 'SOL', 'BNB', 'XRP', 'ADA', 'DOGE', 'LTC', 'TRX', 'LINK'], first: '2020-04-10', last: '2025-02-19' },
};
for (const coin of ['ETH', 'BNB', 'XRP', 'ADA', 'DOGE', 'TRX', 'LINK']) EXPECTED[`${coin}-USD_1d.csv`] = { assets: [coin], first: '2017-11-09', last: '2025-02-20' };

describe.skipIf(!present)('real price files in ../shared/data/prices', () => {
  const files = present ? readdirSync(PRICES).filter((f) => f.endsWith('.csv')).sort() : [];

  it('knows every file there (a new file needs an expectation here)', () => {
    expect(files.filter((f) => f !== 'SP500_spliced_full_data.csv')).toEqual(Object.keys(EXPECTED).sort());
  });

  it.each(Object.entries(EXPECTED))('%s loads with the defaults, one close per data row', (file, expected) => {
    const text = read(file);
    const dataRows = text.trimEnd().split('\n').length - 1;
    const h = parsePriceHistory(text, file);
    expect([...h.assets.keys()]).toEqual(expected.assets);
    for (const series of h.assets.values()) {
      expect({ asset: series.asset, n: series.dates.length, first: series.dates[0], last: series.dates.at(-1) }).toEqual({ asset: series.asset, n: dataRows, first: expected.first, last: expected.last });
      expect(series.closes.every((c) => Number.isFinite(c) && c > 0)).toBe(true);
    }
    expect(h.warnings).toEqual([]);
  });

  it('asOf drops the partial last day (2025-02-20) of the venue exports', () => {
    const h = parsePriceHistory(read('BTC-USD_1d.csv'), 'BTC-USD_1d.csv', { asOf: '2025-02-19' });
    const btc = h.assets.get('BTC')!;
    expect([btc.dates.at(-1), btc.closes.at(-1)]).toEqual(['2025-02-19', 96635.609375]);
  });

  it('the S&P file: its exchange closures are gaps the default refuses, and a window or a tolerance admits', () => {
    const file = 'SP500_spliced_full_data.csv';
    const text = read(file);
    expect(() => parsePriceHistory(text, file)).toThrow(
      /^SP500_spliced_full_data\.csv: line \d+\.Date = "1889-05-02": SP500: 6 calendar days after the previous observation \(1889-04-26, line \d+\), more than maxGapDays = 5$/,
    );
    // Since 9/11 (a 7-day closure) the default holds; the whole file needs the 1914 closure's 137 days.
    const recent = parsePriceHistory(text, file, { from: '2001-09-17' }).assets.get('SP500')!;
    expect([recent.dates[0], recent.dates.at(-1), recent.closes.at(-1)]).toEqual(['2001-09-17', '2023-06-16', 4409.589813007829]);
    const all = parsePriceHistory(text, file, { maxGapDays: 137 }).assets.get('SP500')!;
    expect([all.dates.length, all.dates[0]]).toEqual([text.trimEnd().split('\n').length - 1, '1885-03-20']);
  });

  it('the aligned 10-asset file holds the per-asset files’ closes on its dates, bit for bit', () => {
    const wide = parsePriceHistory(read('DERIVED_aligned_close_crypto_10assets.csv'), 'DERIVED.csv');
    for (const coin of ['BTC', 'ETH', 'SOL']) {
      const own = parsePriceHistory(read(`${coin}-USD_1d.csv`), `${coin}-USD_1d.csv`).assets.get(coin)!;
      const byDate = new Map(own.dates.map((d, i) => [d, own.closes[i]]));
      const w = wide.assets.get(coin)!;
      const mismatches = w.dates.filter((d, i) => byDate.get(d) !== w.closes[i]);
      expect({ coin, mismatches: mismatches.slice(0, 3) }).toEqual({ coin, mismatches: [] });
    }
  });

  it('aligned log returns over the real coins: the 2020-03-12 crash and a plausible correlation', () => {
    const history: PriceHistory = mergePriceHistories(['BTC', 'ETH', 'SOL'].map((c) => parsePriceHistory(read(`${c}-USD_1d.csv`), `${c}-USD_1d.csv`, { asOf: '2025-02-19' })));
    const btcEth = alignedLogReturns(history, ['BTC', 'ETH'], { from: '2018-01-01', minReturns: 2000 });
    const crash = btcEth.dates.indexOf('2020-03-12');
    expect(btcEth.returns[0][crash]).toBeLessThan(-0.4); // README: BTC about −40% in a day
    expect(btcEth.spanDays.every((d) => d === 1)).toBe(true);
    const rho = correlation(btcEth.returns[0], btcEth.returns[1]);
    console.log(`BTC–ETH daily log-return correlation 2018-01-02..2025-02-19: ${rho.toFixed(4)} (expected 0.6–0.95)`);
    expect(rho).toBeGreaterThan(0.6);
    expect(rho).toBeLessThan(0.95);
    // SOL starts 2020-04-10: the three share dates from then on only.
    expect(alignedLogReturns(history, ['BTC', 'ETH', 'SOL']).dates[0]).toBe('2020-04-11');
  });
});

function correlation(x: Float64Array, y: Float64Array): number {
  const n = x.length;
  const mx = x.reduce((a, b) => a + b, 0) / n;
  const my = y.reduce((a, b) => a + b, 0) / n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    sxy += (x[i] - mx) * (y[i] - my);
    sxx += (x[i] - mx) ** 2;
    syy += (y[i] - my) ** 2;
  }
  return sxy / Math.sqrt(sxx * syy);
}
