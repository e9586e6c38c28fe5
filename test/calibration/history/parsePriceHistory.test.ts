import { describe, expect, it } from 'vitest';
import {
  assetNameFromFileName,
  formatPriceHistoryCsv,
  parseHistoryDate,
  parsePriceHistory,
  type PriceHistory,
} from '../../../src/calibration/history/index.js';

/** Closes of one asset as plain arrays, for readable expectations. */
function series(history: PriceHistory, asset: string): { dates: string[]; closes: number[]; lines: number[] } {
  const s = history.assets.get(asset);
  if (!s) throw new Error(`no ${asset} in ${[...history.assets.keys()].join(',')}`);
  return { dates: s.dates, closes: [...s.closes], lines: [...s.lines] };
}

describe('price history forms', () => {
  it('reads the long form, rows of assets interleaved, names case-insensitive and extra columns ignored', () => {
    const text = ['Date,Asset,Close,source', '2024-01-01,BTC,42000,x', '2024-01-01,ETH,2300.5,x', '2024-01-02,BTC,43000.25,x', '2024-01-02,ETH,2350,x'].join('\n');
    const h = parsePriceHistory(text, 'long.csv');
    expect([...h.assets.keys()]).toEqual(['BTC', 'ETH']);
    expect(series(h, 'BTC')).toEqual({ dates: ['2024-01-01', '2024-01-02'], closes: [42000, 43000.25], lines: [2, 4] });
    expect(series(h, 'ETH').closes).toEqual([2300.5, 2350]);
    expect(h.assets.get('ETH')!.source).toBe('long.csv');
    expect(h.warnings).toEqual([]);
  });

  it('reads the per-asset OHLCV form, the asset from the file name or the caller', () => {
    const text = 'datetime,open,high,low,close,volume\n2024-01-01,1,2,0.5,1.5,100\n2024-01-02,1.5,2,1,1.75,90\n';
    const h = parsePriceHistory(text, 'data/BTC-USD_1d.csv');
    expect([...h.assets.keys()]).toEqual(['BTC']);
    expect(series(h, 'BTC')).toEqual({ dates: ['2024-01-01', '2024-01-02'], closes: [1.5, 1.75], lines: [2, 3] });
    expect([...parsePriceHistory(text, 'binance_BTCUSDT_1d.csv', { asset: 'BTC' }).assets.keys()]).toEqual(['BTC']);
  });

  it('reads the S&P layout (Date,Close,Adjusted Close,...) as the per-asset form', () => {
    const text = 'Date,Close,Adjusted Close,Return\n1987-10-16,282.7,1,\n1987-10-19,224.84,0.8,-0.2\n';
    const h = parsePriceHistory(text, 'SP500_spliced_full_data.csv');
    expect(series(h, 'SP500').closes).toEqual([282.7, 224.84]);
  });

  it('reads the wide form; an empty cell is no observation of that asset', () => {
    const text = 'date,BTC,SOL\n2024-01-01,42000,\n2024-01-02,43000,100\n2024-01-03,44000,101\n';
    const h = parsePriceHistory(text, 'DERIVED_aligned.csv');
    expect(series(h, 'BTC').dates).toEqual(['2024-01-01', '2024-01-02', '2024-01-03']);
    expect(series(h, 'SOL')).toEqual({ dates: ['2024-01-02', '2024-01-03'], closes: [100, 101], lines: [3, 4] });
  });

  it('counts physical lines: blank lines and a BOM do not shift them', () => {
    const text = '\ufeffdate,asset,close\n\n2024-01-01,BTC,1\n\n\n2024-01-02,BTC,2\n';
    expect(series(parsePriceHistory(text, 'x.csv'), 'BTC').lines).toEqual([3, 6]);
  });
});

describe('the kept window', () => {
  const text = 'date,close\n2024-01-01,1\n2024-01-02,2\n2024-01-03,3\n2024-01-04,oops\n';

  it('asOf drops later rows without reading their values (a partial or broken last day)', () => {
    const h = parsePriceHistory(text, 'BTC.csv', { asOf: '2024-01-03' });
    expect(series(h, 'BTC').dates).toEqual(['2024-01-01', '2024-01-02', '2024-01-03']);
    expect(() => parsePriceHistory(text, 'BTC.csv')).toThrow('BTC.csv: line 5.close = "oops": BTC: the price is not a finite decimal number');
  });

  it('from drops earlier rows; a window before every row leaves the asset with no closes', () => {
    expect(series(parsePriceHistory(text, 'BTC.csv', { from: '2024-01-02', asOf: '2024-01-03' }), 'BTC').closes).toEqual([2, 3]);
    const empty = parsePriceHistory(text, 'BTC.csv', { asOf: '2023-12-31' });
    expect(series(empty, 'BTC').dates).toEqual([]);
  });

  it('checks the order of rows outside the window too', () => {
    const unsorted = 'date,close\n2024-01-01,1\n2024-01-03,3\n2024-01-02,2\n';
    expect(() => parsePriceHistory(unsorted, 'BTC.csv', { asOf: '2024-01-01' })).toThrow(
      'BTC.csv: line 4.date = "2024-01-02": BTC: dates must increase, but line 3 has 2024-01-03',
    );
  });

  it('measures gaps between kept observations only: an old gap outside `from` does not matter', () => {
    const gappy = 'date,close\n2001-09-10,1\n2001-09-17,2\n2001-09-18,3\n2001-09-19,3\n';
    expect(() => parsePriceHistory(gappy, 'SPX.csv')).toThrow('more than maxGapDays = 5');
    expect(series(parsePriceHistory(gappy, 'SPX.csv', { from: '2001-09-17' }), 'SPX').closes).toEqual([2, 3, 3]);
    expect(series(parsePriceHistory(gappy, 'SPX.csv', { maxGapDays: 7 }), 'SPX').closes).toHaveLength(4);
  });
});

describe('dates', () => {
  it('takes the UTC calendar date of a date-time and warns once when a time of day moved it', () => {
    expect(parseHistoryDate('2025-02-19T22:00:00-05:00')).toEqual({ date: '2025-02-20', shifted: true });
    expect(parseHistoryDate('2025-02-20 00:00:00')).toEqual({ date: '2025-02-20', shifted: false });
    expect(parseHistoryDate('2025-02-20T00:00:00.000Z')).toEqual({ date: '2025-02-20', shifted: false });
    expect(parseHistoryDate('2025-02-20T23:59:59.999+0000')).toEqual({ date: '2025-02-20', shifted: true });
    expect(parseHistoryDate('2025-02-30')).toBeUndefined();
    expect(parseHistoryDate('2025-02-20T24:00:00Z')).toBeUndefined();
    expect(parseHistoryDate('20250220')).toBeUndefined();
    const text = 'datetime,close\n2024-01-01 00:00:00,1\n2024-01-02 08:00:00Z,2\n2024-01-03 08:00:00Z,3\n';
    const h = parsePriceHistory(text, 'BTC.csv');
    expect(series(h, 'BTC').dates).toEqual(['2024-01-01', '2024-01-02', '2024-01-03']);
    expect(h.warnings).toEqual(['BTC.csv: dates carry a time of day (first on line 3: 2024-01-02 08:00:00Z): each row is dated by the UTC calendar date of its time']);
  });

  it('two date-times on the same UTC day are a duplicate date', () => {
    const text = 'datetime,close\n2024-01-01T10:00:00Z,1\n2024-01-02T01:00:00+02:00,2\n';
    expect(() => parsePriceHistory(text, 'BTC.csv')).toThrow('BTC.csv: line 3.datetime = "2024-01-02T01:00:00+02:00": BTC: duplicate date 2024-01-01 (also on line 2)');
  });
});

describe('asset names from file names', () => {
  it.each([
    ['BTC-USD_1d.csv', 'BTC'],
    ['/some/dir/ETH-USD_1d.csv', 'ETH'],
    ['binance_BTCUSDT_1d.csv', 'BTCUSDT'],
    ['SP500_spliced_full_data.csv', 'SP500'],
    ['C:\\data\\SOL.csv', 'SOL'],
  ])('%s → %s', (file, asset) => {
    expect(assetNameFromFileName(file)).toBe(asset);
  });

  it('refuses a file name without a ticker', () => {
    expect(() => assetNameFromFileName('prices.csv')).toThrow(
      'prices.csv: (file name) = "prices": no ticker in the file name (a part in capitals such as BTC in BTC-USD_1d.csv): give the asset name explicitly',
    );
  });
});

describe('round trip', () => {
  it('formatPriceHistoryCsv writes what parsePriceHistory reads back bit for bit', () => {
    const closes = [0.1 + 0.2, 1e-7 / 3, 95250.123456789, 2 ** 52 + 1];
    const text = `date,asset,close\n${closes.map((c, i) => `2024-01-0${i + 1},BTC,${c}`).join('\n')}\n`;
    const h = parsePriceHistory(text, 'a.csv');
    const again = parsePriceHistory(formatPriceHistoryCsv(h), 'b.csv');
    expect([...again.assets.get('BTC')!.closes]).toEqual(closes);
  });
});
