import { describe, expect, it } from 'vitest';
import {
  HISTORY_COLUMN_CONTRACT,
  HISTORY_FORMATS,
  alignedLogReturns,
  commonDates,
  formatImpliedVolHistoryCsv,
  impliedVolSeries,
  mergeImpliedVolHistories,
  mergePriceHistories,
  parseImpliedVolHistory,
  parsePriceHistory,
  realizedVolProxy,
} from '../../../src/calibration/history/index.js';
import { expectClose } from '../../helpers/expectClose.js';

describe('alignment', () => {
  // A 7-day coin and a trading-day index: Saturday 2024-01-06 and Sunday 01-07 only for the coin.
  const coin = parsePriceHistory('date,close\n2024-01-04,100\n2024-01-05,110\n2024-01-06,90\n2024-01-07,95\n2024-01-08,99\n', 'BTC.csv');
  const index = parsePriceHistory('date,close\n2024-01-04,10\n2024-01-05,11\n2024-01-08,12\n', 'SPX.csv');
  const both = mergePriceHistories([coin, index]);

  it('commonDates keeps the dates every series has', () => {
    expect(commonDates([both.assets.get('BTC')!, both.assets.get('SPX')!])).toEqual(['2024-01-04', '2024-01-05', '2024-01-08']);
  });

  it('returns span the weekend when a trading-day series is aligned with a 7-day one', () => {
    const aligned = alignedLogReturns(both, ['BTC', 'SPX']);
    expect(aligned.dates).toEqual(['2024-01-05', '2024-01-08']);
    expect([...aligned.spanDays]).toEqual([1, 3]);
    expectClose(aligned.returns[0][1], Math.log(99 / 110), 1e-15, 'BTC Fri→Mon log return');
    expectClose(aligned.returns[1][1], Math.log(12 / 11), 1e-15, 'SPX Fri→Mon log return');
  });

  it('respects the window and refuses fewer returns than needed, naming the assets', () => {
    const aligned = alignedLogReturns(both, ['BTC'], { from: '2024-01-05', to: '2024-01-07' });
    expect(aligned.dates).toEqual(['2024-01-06', '2024-01-07']);
    expect(() => alignedLogReturns(both, ['BTC', 'SPX'], { minReturns: 3 })).toThrow(
      'price history: aligned returns = "2 returns": BTC, SPX share 3 dates from start to end, giving 2 returns; at least 3 needed',
    );
    expect(() => alignedLogReturns(both, ['ETH'])).toThrow('price history: assets = "ETH": no price history for ETH (the history has: BTC, SPX)');
  });

  it('refuses the same asset from two files, naming both', () => {
    expect(() => mergePriceHistories([coin, parsePriceHistory('date,close\n2024-01-04,1\n', 'binance_BTC_1d.csv')])).toThrow(
      'binance_BTC_1d.csv: BTC = "1 closes": BTC is also in BTC.csv: keep one file per asset (or name this one differently)',
    );
  });
});

describe('implied-vol history', () => {
  const text = 'date,asset,tenorDays,vol\n2024-01-01,BTC,30,0.55\n2024-01-01,BTC,7,0.6\n2024-01-02,BTC,30,0.56\n2024-01-02,BTC,7,0.62\n2024-01-02,ETH,30,0.7\n';

  it('reads one series per asset and tenor, tenors sorted, and writes them back exactly', () => {
    const h = parseImpliedVolHistory(text, 'iv.csv');
    expect(h.assets.get('BTC')!.map((s) => [s.tenorDays, s.dates, [...s.vols]])).toEqual([
      [7, ['2024-01-01', '2024-01-02'], [0.6, 0.62]],
      [30, ['2024-01-01', '2024-01-02'], [0.55, 0.56]],
    ]);
    expect([...impliedVolSeries(h, 'ETH').vols]).toEqual([0.7]);
    const again = parseImpliedVolHistory(formatImpliedVolHistoryCsv(h), 'again.csv');
    expect([...again.assets.get('BTC')![1].vols]).toEqual([0.55, 0.56]);
    expect(() => impliedVolSeries(h, 'ETH', 7)).toThrow('iv.csv: ETH = 7: no 7-day series for ETH (tenors: 30 days)');
    expect(() => mergeImpliedVolHistories([h, again])).toThrow('again.csv: BTC = 7: the 7-day vols of BTC are also in iv.csv: keep one');
  });
});

describe('realized-vol proxy (the rule without an implied-vol history)', () => {
  it('is the calendar-day annualized root mean square of the returns in the trailing window', () => {
    // Alternating ±1% moves every day: each window of 30 days holds 30 returns of 0.01² each.
    const closes = Array.from({ length: 40 }, (_, i) => (i % 2 === 0 ? 100 : 101));
    const dates = Array.from({ length: 40 }, (_, i) => new Date(Date.UTC(2024, 0, 1 + i)).toISOString().slice(0, 10));
    const h = parsePriceHistory(`date,close\n${dates.map((d, i) => `${d},${closes[i]}`).join('\n')}\n`, 'BTC.csv');
    const proxy = realizedVolProxy(h.assets.get('BTC')!, 30);
    expect(proxy.dates[0]).toBe('2024-01-31'); // the first date 30 days after the first close
    expect(proxy.dates).toHaveLength(10);
    const r2 = Math.log(101 / 100) ** 2;
    proxy.vols.forEach((v, i) => expectClose(v, Math.sqrt(r2 * 365.25), 1e-12, `proxy vol on ${proxy.dates[i]}`));
  });

  it('refuses a price that never moves rather than return a zero vol', () => {
    const dates = Array.from({ length: 35 }, (_, i) => new Date(Date.UTC(2024, 0, 1 + i)).toISOString().slice(0, 10));
    const h = parsePriceHistory(`date,close\n${dates.map((d) => `${d},1`).join('\n')}\n`, 'USDC.csv');
    expect(() => realizedVolProxy(h.assets.get('USDC')!)).toThrow(
      'USDC.csv: line 32 = "2024-01-31": USDC: the price did not move in the 30 days to 2024-01-31, so no realized vol can stand in for an implied vol: give an implied-vol history',
    );
  });
});

describe('the documented contract', () => {
  it('describes every form the parsers read, and its examples parse', () => {
    expect(HISTORY_FORMATS.map((f) => f.name)).toEqual(['long', 'ohlcv', 'wide', 'implied-vol']);
    for (const format of HISTORY_FORMATS) {
      const parse = format.name === 'implied-vol' ? parseImpliedVolHistory : parsePriceHistory;
      expect(() => parse(format.example, 'BTC-USD_1d.csv')).not.toThrow();
    }
    for (const header of ['`date,asset,close`', '`date,BTC,ETH`', '`date,asset,tenorDays,vol`', 'maxGapDays', 'asOf']) expect(HISTORY_COLUMN_CONTRACT).toContain(header);
  });
});
