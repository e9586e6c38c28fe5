import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  checkCoverage,
  formatImpliedVolHistoryCsv,
  formatPriceHistoryCsv,
  parseImpliedVolHistory,
  parsePriceHistory,
} from '../../../src/calibration/history/index.js';
import { SYNTHETIC_COINS, SYNTHETIC_DAYS, SYNTHETIC_END_DATE, SYNTHETIC_EPISODES, syntheticHistory } from '../../../src/calibration/history/index.js';
import { SAMPLE_VALUATION_TIME, sampleMarket } from '../../../src/sample/sampleVenue.js';

/**
 * The embedded synthetic history does what its module header says: the same bytes every run,
 * the episodes on their dates, calm and crash volatility as designed, coin correlations in the
 * designed 0.7–0.85, and it satisfies the column contract it will be read under.
 */
const history = syntheticHistory();
const COINS = ['BTC', 'ETH', 'SOL'] as const;

function logReturns(asset: string): { dates: string[]; returns: number[] } {
  const s = history.prices.assets.get(asset)!;
  return { dates: s.dates.slice(1), returns: Array.from({ length: s.closes.length - 1 }, (_, i) => Math.log(s.closes[i + 1] / s.closes[i])) };
}

/** Annualized realized vol (calendar days) of the returns ending on dates in [from, to]. */
function realizedVol(asset: string, from: string, to: string): number {
  const { dates, returns } = logReturns(asset);
  const window = returns.filter((_, i) => dates[i] >= from && dates[i] <= to);
  return Math.sqrt((window.reduce((s, r) => s + r * r, 0) / window.length) * 365.25);
}

function correlation(x: readonly number[], y: readonly number[]): number {
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

function closeOn(asset: string, date: string): number {
  const s = history.prices.assets.get(asset)!;
  return s.closes[s.dates.indexOf(date)];
}

describe('the synthetic history', () => {
  it('is the same bytes twice, and the bytes pinned here (a change moves every calibrated default)', () => {
    const text = formatPriceHistoryCsv(history.prices) + formatImpliedVolHistoryCsv(history.impliedVols);
    const again = syntheticHistory();
    expect(formatPriceHistoryCsv(again.prices) + formatImpliedVolHistoryCsv(again.impliedVols)).toBe(text);
    for (const [asset, s] of history.prices.assets) expect(Buffer.from(again.prices.assets.get(asset)!.closes.buffer).equals(Buffer.from(s.closes.buffer))).toBe(true);
    const digest = createHash('sha256').update(text).digest('hex');
    console.log(`synthetic history: ${text.length} bytes of CSV, sha256 ${digest}`);
    expect(digest).toBe('3dae91ada7a155185ec7b9ce76d359961151e5c71df045e96f0a8a1d545eb210');
    expect(formatPriceHistoryCsv(syntheticHistory(7).prices)).not.toBe(formatPriceHistoryCsv(history.prices));
  });

  it('covers the sample venue: 1500 days to the day before its valuation time, ending at its spots', () => {
    const valuationDay = SAMPLE_VALUATION_TIME.slice(0, 10);
    expect(new Date(Date.parse(`${SYNTHETIC_END_DATE}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10)).toBe(valuationDay);
    const market = sampleMarket();
    expect([...history.prices.assets.keys()]).toEqual(['BTC', 'ETH', 'SOL', 'USDC']);
    for (const coin of COINS) {
      const s = history.prices.assets.get(coin)!;
      expect({ coin, n: s.dates.length, last: s.dates.at(-1), close: s.closes.at(-1) }).toEqual({ coin, n: SYNTHETIC_DAYS, last: SYNTHETIC_END_DATE, close: market.underlyings[coin].spot });
    }
  });

  it('satisfies the column contract: written as CSV it reads back, 24/7 (maxGapDays 1), and covers a long estimator', () => {
    const prices = parsePriceHistory(formatPriceHistoryCsv(history.prices), 'synthetic.csv', { maxGapDays: 1 });
    const vols = parseImpliedVolHistory(formatImpliedVolHistoryCsv(history.impliedVols), 'synthetic-iv.csv', { maxGapDays: 1 });
    expect([...prices.assets.get('SOL')!.closes]).toEqual([...history.prices.assets.get('SOL')!.closes]);
    expect([...vols.assets.get('BTC')![0].vols]).toEqual([...history.impliedVols.assets.get('BTC')![0].vols]);
    expect(() => checkCoverage(prices, { assets: ['BTC', 'ETH', 'SOL', 'USDC'], minReturns: 1000, asOf: SYNTHETIC_END_DATE, maxGapDays: 1 })).not.toThrow();
  });

  it('has the one-day crash on its date: every coin’s worst day, at least −30%', () => {
    const { date } = SYNTHETIC_EPISODES.crash;
    for (const coin of COINS) {
      const { dates, returns } = logReturns(coin);
      const worst = returns.indexOf(Math.min(...returns));
      const move = Math.exp(returns[dates.indexOf(date)]) - 1;
      console.log(`${coin} on ${date}: ${(move * 100).toFixed(1)}% (designed −35% × crash scale, plus the day's shock)`);
      expect({ coin, worstDay: dates[worst] }).toEqual({ coin, worstDay: date });
      expect(move).toBeLessThan(-0.3);
    }
  });

  it('has the slow drawdown in its window: each coin loses more than 45% (designed 60% and more, before noise)', () => {
    const { from, to } = SYNTHETIC_EPISODES.drawdown;
    const before = new Date(Date.parse(`${from}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
    for (const coin of COINS) {
      const loss = 1 - closeOn(coin, to) / closeOn(coin, before);
      console.log(`${coin} ${before}..${to}: −${(loss * 100).toFixed(1)}%`);
      expect(loss).toBeGreaterThan(0.45);
    }
  });

  it('has the USDC depeg: 0.88 on its date, back above 0.99 within a week, never below 0.99 otherwise', () => {
    const usdc = history.prices.assets.get('USDC')!;
    const { date, low } = SYNTHETIC_EPISODES.depeg;
    const day = usdc.dates.indexOf(date);
    expect(usdc.closes[day]).toBe(low);
    expect(usdc.closes[day + 7]).toBeGreaterThan(0.99);
    const offPeg = usdc.dates.filter((d, i) => usdc.closes[i] < 0.99 && (i < day || i > day + 7));
    expect(offPeg).toEqual([]);
  });

  it('is calm and volatile as designed: the month after the crash ≥ 3× the calm half-year’s realized vol', () => {
    const crash = SYNTHETIC_EPISODES.crash.date;
    for (const coin of SYNTHETIC_COINS) {
      const calm = realizedVol(coin.asset, '2026-05-01', '2026-10-31');
      const after = realizedVol(coin.asset, '2024-03-13', '2024-04-11');
      console.log(`${coin.asset}: realized vol calm ${calm.toFixed(3)} (long-run ${coin.vol}), 30 days after ${crash} ${after.toFixed(3)}, ratio ${(after / calm).toFixed(2)} (≥ 3)`);
      expect(after / calm).toBeGreaterThanOrEqual(3);
      // Calm GARCH periods sit below the long-run vol; far below or above would be a broken model.
      expect(calm / coin.vol).toBeGreaterThan(0.5);
      expect(calm / coin.vol).toBeLessThan(1.2);
    }
  });

  it('correlates the coins in the designed range 0.7–0.85 (whole history and a calm window)', () => {
    const r = Object.fromEntries(COINS.map((c) => [c, logReturns(c).returns]));
    const calmStart = logReturns('BTC').dates.indexOf('2026-05-01');
    for (const [a, b] of [['BTC', 'ETH'], ['BTC', 'SOL'], ['ETH', 'SOL']] as const) {
      const all = correlation(r[a], r[b]);
      const calm = correlation(r[a].slice(calmStart), r[b].slice(calmStart));
      console.log(`${a}–${b}: correlation ${all.toFixed(3)} whole, ${calm.toFixed(3)} calm (designed 0.7–0.85)`);
      for (const rho of [all, calm]) {
        expect(rho).toBeGreaterThan(0.7);
        expect(rho).toBeLessThan(0.85);
      }
    }
  });

  it('has implied vols that jump with the crash and rise when the coin falls', () => {
    const crash = SYNTHETIC_EPISODES.crash.date;
    for (const coin of COINS) {
      const iv = history.impliedVols.assets.get(coin)![0];
      expect(iv.tenorDays).toBe(30);
      const day = iv.dates.indexOf(crash);
      expect(iv.vols[day] / iv.vols[day - 1]).toBeGreaterThan(2.5);
      const volChanges = Array.from({ length: iv.vols.length - 1 }, (_, i) => Math.log(iv.vols[i + 1] / iv.vols[i]));
      const spotVol = correlation(logReturns(coin).returns, volChanges);
      console.log(`${coin}: IV ${iv.vols[day - 1]} → ${iv.vols[day]} on ${crash}; spot–vol correlation ${spotVol.toFixed(3)} (designed negative)`);
      expect(spotVol).toBeLessThan(-0.2);
    }
  });
});
