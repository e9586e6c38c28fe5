import { describe, expect, it } from 'vitest';
import { checkCoverage, parseImpliedVolHistory, parsePriceHistory, type HistoryReadOptions } from '../../../src/calibration/history/index.js';

/**
 * A corpus of broken histories, each with the exact message a user sees: the file, the line and
 * column, the value, and what is wrong. The message is the product here, so it is pinned whole.
 */
interface BadCase {
  name: string;
  file: string;
  text: string;
  options?: HistoryReadOptions;
  message: string;
}

const PRICES: BadCase[] = [
  { name: 'a negative close', file: 'BTC-USD_1d.csv', text: 'datetime,close\n2024-01-01,1\n2024-01-02,-3\n', message: 'BTC-USD_1d.csv: line 3.close = "-3": BTC: the price must be positive' },
  { name: 'a zero close', file: 'BTC-USD_1d.csv', text: 'datetime,close\n2024-01-01,0\n', message: 'BTC-USD_1d.csv: line 2.close = "0": BTC: the price must be positive' },
  { name: 'an empty close', file: 'BTC-USD_1d.csv', text: 'datetime,close\n2024-01-01,\n', message: 'BTC-USD_1d.csv: line 2.close = "": BTC: the price is not a finite decimal number' },
  { name: 'null from a Yahoo export', file: 'ETH-USD_1d.csv', text: 'Date,Open,Close\n2024-01-01,1,null\n', message: 'ETH-USD_1d.csv: line 2.Close = "null": ETH: the price is not a finite decimal number' },
  { name: 'NaN', file: 'p.csv', text: 'date,asset,close\n2024-01-01,BTC,NaN\n', message: 'p.csv: line 2.close = "NaN": BTC: the price is not a finite decimal number' },
  { name: 'a hex literal', file: 'p.csv', text: 'date,asset,close\n2024-01-01,BTC,0x10\n', message: 'p.csv: line 2.close = "0x10": BTC: the price is not a finite decimal number' },
  { name: 'Infinity', file: 'p.csv', text: 'date,BTC\n2024-01-01,Infinity\n', message: 'p.csv: line 2.BTC = "Infinity": BTC: the price is not a finite decimal number' },
  { name: 'an overflowing literal', file: 'p.csv', text: 'date,BTC\n2024-01-01,1e400\n', message: 'p.csv: line 2.BTC = "1e400": BTC: the price is not a finite decimal number' },
  { name: 'a thousands separator', file: 'p.csv', text: 'date,asset,close\n2024-01-01,BTC,"42,000"\n', message: 'p.csv: line 2.close = "42,000": BTC: the price is not a finite decimal number' },
  {
    name: 'a duplicate date',
    file: 'p.csv',
    text: 'date,asset,close\n2024-01-01,BTC,1\n2024-01-01,ETH,1\n2024-01-01,BTC,2\n',
    message: 'p.csv: line 4.date = "2024-01-01": BTC: duplicate date 2024-01-01 (also on line 2)',
  },
  {
    name: 'an unsorted date',
    file: 'SOL-USD_1d.csv',
    text: 'datetime,close\n2024-01-02,1\n2024-01-01,1\n',
    message: 'SOL-USD_1d.csv: line 3.datetime = "2024-01-01": SOL: dates must increase, but line 2 has 2024-01-02',
  },
  {
    name: 'a gap beyond the tolerance',
    file: 'SOL-USD_1d.csv',
    text: 'datetime,close\n2024-01-01,1\n2024-01-07,1\n',
    message: 'SOL-USD_1d.csv: line 3.datetime = "2024-01-07": SOL: 6 calendar days after the previous observation (2024-01-01, line 2), more than maxGapDays = 5',
  },
  {
    name: 'a one-day gap in a 24/7 series told maxGapDays 1',
    file: 'SOL-USD_1d.csv',
    text: 'datetime,close\n2024-01-01,1\n2024-01-03,1\n',
    options: { maxGapDays: 1 },
    message: 'SOL-USD_1d.csv: line 3.datetime = "2024-01-03": SOL: 2 calendar days after the previous observation (2024-01-01, line 2), more than maxGapDays = 1',
  },
  { name: 'an impossible date', file: 'p.csv', text: 'date,asset,close\n2024-02-30,BTC,1\n', message: 'p.csv: line 2.date = "2024-02-30": not a date: expected YYYY-MM-DD or an ISO 8601 date-time' },
  { name: 'a US date', file: 'p.csv', text: 'date,asset,close\n01/02/2024,BTC,1\n', message: 'p.csv: line 2.date = "01/02/2024": not a date: expected YYYY-MM-DD or an ISO 8601 date-time' },
  { name: 'a short row', file: 'p.csv', text: 'date,asset,close\n2024-01-01,BTC\n', message: 'p.csv: line 2 = "2024-01-01,BTC": expected 3 columns as in the header, found 2' },
  { name: 'an empty file', file: 'p.csv', text: '\n\n', message: 'p.csv: line 1 = (missing): empty file: expected a header row' },
  { name: 'no date column', file: 'BTC.csv', text: 'time,close\n1,2\n', message: 'BTC.csv: line 1 = "time,close": no date column: expected a column named date or datetime' },
  {
    name: 'both date and datetime',
    file: 'BTC.csv',
    text: 'date,datetime,close\n2024-01-01,2024-01-01,2\n',
    message: 'BTC.csv: line 1 = "date,datetime,close": both a date and a datetime column: which one dates the close is a guess, keep one',
  },
  {
    name: 'OHLCV without close',
    file: 'BTC.csv',
    text: 'date,open,high,low,volume\n2024-01-01,1,2,0.5,9\n',
    message: 'BTC.csv: line 1 = "date,open,high,low,volume": an OHLCV column (open) but no close column: a daily OHLCV file needs close',
  },
  { name: 'two close columns', file: 'BTC.csv', text: 'date,close,Close\n2024-01-01,1,1\n', message: 'BTC.csv: line 1 = "Close": column 2 and column 3 have the same name (names are case-insensitive)' },
  { name: 'a wide column that is no asset name', file: 'wide.csv', text: 'date,BTC,Adj Close ETH\n2024-01-01,1,2\n', message: 'wide.csv: line 1 = "Adj Close ETH": not an asset name (letters, digits, then also . _ -)' },
  { name: 'a bad asset name', file: 'p.csv', text: 'date,asset,close\n2024-01-01,BTC USD,1\n', message: 'p.csv: line 2.asset = "BTC USD": not an asset name (letters, digits, then also . _ -)' },
  { name: 'no ticker in the file name', file: 'prices.csv', text: 'date,close\n2024-01-01,1\n', message: 'prices.csv: (file name) = "prices": no ticker in the file name (a part in capitals such as BTC in BTC-USD_1d.csv): give the asset name explicitly' },
  { name: 'an unterminated quote', file: 'p.csv', text: 'date,asset,close\n2024-01-01,BTC,"1\n', message: 'p.csv: (csv) = (missing): Quote Not Closed: the parsing is finished with an opening quote at line 2' },
  { name: 'a bad asOf', file: 'BTC.csv', text: 'date,close\n2024-01-01,1\n', options: { asOf: '2024-1-5' }, message: 'history options: asOf = "2024-1-5": expected a date YYYY-MM-DD' },
  { name: 'a bad maxGapDays', file: 'BTC.csv', text: 'date,close\n2024-01-01,1\n', options: { maxGapDays: 0.5 }, message: 'history options: maxGapDays = 0.5: expected an integer ≥ 1 (calendar days)' },
  {
    name: 'an asset name for a many-asset file',
    file: 'p.csv',
    text: 'date,asset,close\n2024-01-01,BTC,1\n',
    options: { asset: 'ETH' },
    message: 'p.csv: (asset option) = "ETH": the long form names its assets itself; an asset name applies to a one-asset file only',
  },
];

const VOLS: BadCase[] = [
  {
    name: 'a vol in percent',
    file: 'iv.csv',
    text: 'date,asset,tenorDays,vol\n2024-01-01,BTC,30,55\n',
    message: 'iv.csv: line 2.vol = "55": BTC 30d: a vol above 5 (500%) looks like a percentage: give vols as decimals (0.55 = 55%)',
  },
  { name: 'a negative vol', file: 'iv.csv', text: 'date,asset,tenorDays,vol\n2024-01-01,BTC,30,-0.5\n', message: 'iv.csv: line 2.vol = "-0.5": BTC 30d: the vol must be positive' },
  { name: 'a zero tenor', file: 'iv.csv', text: 'date,asset,tenorDays,vol\n2024-01-01,BTC,0,0.5\n', message: 'iv.csv: line 2.tenorDays = "0": expected a positive number of calendar days' },
  {
    name: 'a duplicate date in one (asset, tenor) series',
    file: 'iv.csv',
    text: 'date,asset,tenorDays,vol\n2024-01-01,BTC,30,0.5\n2024-01-01,BTC,7,0.6\n2024-01-01,BTC,30,0.5\n',
    message: 'iv.csv: line 4.date = "2024-01-01": BTC 30d: duplicate date 2024-01-01 (also on line 2)',
  },
  { name: 'a missing column', file: 'iv.csv', text: 'date,asset,vol\n2024-01-01,BTC,0.5\n', message: 'iv.csv: line 1 = "date,asset,vol": missing column tenordays: expected date,asset,tenorDays,vol' },
];

describe('bad price histories: one exact message each', () => {
  it.each(PRICES.map((c) => [c.name, c] as const))('%s', (_, c) => {
    expect(() => parsePriceHistory(c.text, c.file, c.options)).toThrow(c.message);
    // toThrow matches a substring: pin the whole message.
    try {
      parsePriceHistory(c.text, c.file, c.options);
    } catch (error) {
      expect((error as Error).message).toBe(c.message);
    }
  });
});

describe('bad implied-vol histories: one exact message each', () => {
  it.each(VOLS.map((c) => [c.name, c] as const))('%s', (_, c) => {
    let message = '(no error)';
    try {
      parseImpliedVolHistory(c.text, c.file, c.options);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toBe(c.message);
  });
});

describe('coverage against a book', () => {
  const history = parsePriceHistory('date,asset,close\n2024-01-01,BTC,1\n2024-01-02,BTC,2\n2024-01-03,BTC,3\n2024-01-01,ETH,1\n', 'long.csv');

  it('names an asset with no history, one with too few returns and one that stops before asOf, all at once', () => {
    let message = '(no error)';
    try {
      checkCoverage(history, { assets: ['BTC', 'ETH', 'SOL'], minReturns: 2, asOf: '2024-01-10' });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message.split('\n')).toEqual([
      'long.csv: BTC = "2024-01-03": the last close is 7 days before asOf 2024-01-10 (more than maxGapDays = 5): the parameters would describe an older market',
      'long.csv: ETH = "1 closes": 1 closes up to 2024-01-10 give 0 returns; the estimator needs at least 2',
      'price history: assets = "SOL": no price history for SOL (the history has: BTC, ETH)',
    ]);
  });

  it('passes a history that covers the book', () => {
    expect(() => checkCoverage(history, { assets: ['BTC'], minReturns: 2, asOf: '2024-01-05' })).not.toThrow();
  });
});
