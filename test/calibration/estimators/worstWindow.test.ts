/**
 * The stressed window for the anti-procyclicality floor.
 *
 * References: a brute-force search over prefix sums of squared returns (a second algorithm)
 * on a synthetic history with known stress blocks; and pandas 1.5.3 (one-off) on BTC and ETH
 * daily log returns 2017-11-10..2025-02-19 from ../shared/data/prices:
 *   r = log(close).diff() for each, joined on dates
 *   vol = (r ** 2).rolling(250).mean() ** 0.5 * np.sqrt(365); score = vol.mean(axis=1)
 *   score.idxmax()  →  window 2017-11-10 .. 2018-07-17, score 1.0999996539088888,
 *   vols [1.0442978822357276, 1.15570142558205]
 * Agreement achieved: 4e-16 relative; asserted 1e-12 (rolling sums vs our fresh sums).
 */
import { describe, expect, it } from 'vitest';
import { logReturns } from '../../../src/calibration/estimators/logReturns.js';
import { worstWindow } from '../../../src/calibration/estimators/worstWindow.js';
import { createPrng } from '../../../src/random/prng.js';
import { expectClose } from '../../helpers/expectClose.js';
import { checkRelClose } from './report.js';
import { readCloses, sharedPricesAvailable } from './sharedPrices.js';

/** 1,000 days at 1% daily vol, with A at 5% on days 400–649 and B at 4% on days 450–699. */
function stressedHistory(): { names: string[]; returns: Float64Array[]; dates: string[] } {
  const prng = createPrng(11);
  const volA = (t: number) => (t >= 400 && t < 650 ? 0.05 : 0.01);
  const volB = (t: number) => (t >= 450 && t < 700 ? 0.04 : 0.01);
  const returns = [volA, volB].map((vol) => Float64Array.from({ length: 1000 }, (_, t) => vol(t) * prng.normal()));
  const dates = Array.from({ length: 1000 }, (_, t) => new Date(Date.UTC(2020, 0, 1) + t * 86_400_000).toISOString().slice(0, 10));
  return { names: ['A', 'B'], returns, dates };
}

/** Every window's average annualized RMS vol from prefix sums of r², and the best start (earliest on ties). */
function bruteForce(returns: Float64Array[], window: number, periodsPerYear: number): { start: number; score: number } {
  const prefix = returns.map((series) => {
    const out = new Float64Array(series.length + 1);
    series.forEach((r, t) => (out[t + 1] = out[t] + r * r));
    return out;
  });
  let best = { start: -1, score: -Infinity };
  for (let start = 0; start + window <= returns[0].length; start++) {
    const vols = prefix.map((p) => Math.sqrt(((p[start + window] - p[start]) / window) * periodsPerYear));
    const score = vols.reduce((a, b) => a + b, 0) / vols.length;
    if (score > best.score + 1e-12 * score) best = { start, score };
  }
  return best;
}

describe('worstWindow', () => {
  it('finds the window of highest average vol that a brute-force search finds', () => {
    const data = stressedHistory();
    const out = worstWindow(data);
    const reference = bruteForce(data.returns, 250, 365);
    expect(out.rule).toBe('highest-average-volatility');
    expect(out.startIndex).toBe(reference.start);
    expect(out.endIndex).toBe(reference.start + 249);
    checkRelClose('average vol of the worst window', out.averageVolatility, reference.score, 1e-12);
    // The window sits across both stress blocks (days 400–699).
    expect(out.startIndex).toBeGreaterThanOrEqual(400);
    expect(out.endIndex).toBeLessThan(700);
    expect(out.startDate).toBe(data.dates[out.startIndex]);
    expect(out.volatilities.A).toBeGreaterThan(out.volatilities.B); // A's block is the stronger one
  });

  it('uses a named period when given, with each asset\'s annualized RMS vol over it (252 trading days)', () => {
    const data = stressedHistory();
    const out = worstWindow(data, { period: { from: data.dates[100], to: data.dates[129] }, periodsPerYear: 252 });
    expect(out.rule).toBe('named-period');
    expect([out.startIndex, out.endIndex]).toStrictEqual([100, 129]);
    const slice = data.returns[1].slice(100, 130);
    expectClose(out.volatilities.B, Math.sqrt((slice.reduce((s, r) => s + r * r, 0) / 30) * 252), 1e-15, 'B over the period');
  });

  const haveData = sharedPricesAvailable('BTC-USD_1d.csv') && sharedPricesAvailable('ETH-USD_1d.csv');
  if (!haveData) console.warn('skipping the BTC/ETH worst-window comparison with pandas: ../shared/data/prices is absent');
  it.skipIf(!haveData)('on BTC and ETH 2017-11..2025-02 agrees with pandas rolling windows', () => {
    const btc = readCloses('BTC-USD_1d.csv', '2017-11-09', '2025-02-19');
    const eth = readCloses('ETH-USD_1d.csv', '2017-11-09', '2025-02-19');
    expect(eth.dates).toStrictEqual(btc.dates);
    const out = worstWindow({ names: ['BTC', 'ETH'], returns: [logReturns(btc.closes), logReturns(eth.closes)], dates: btc.dates.slice(1) });
    expect([out.startDate, out.endDate]).toStrictEqual(['2017-11-10', '2018-07-17']);
    checkRelClose('BTC+ETH worst-window score', out.averageVolatility, 1.0999996539088888, 1e-12);
    checkRelClose('BTC vol in it', out.volatilities.BTC, 1.0442978822357276, 1e-12);
    checkRelClose('ETH vol in it', out.volatilities.ETH, 1.15570142558205, 1e-12);
  });

  it('names what is wrong', () => {
    const data = stressedHistory();
    expect(() => worstWindow(data, { window: 1001 })).toThrow(/have 1000 dates; need at least 1001/);
    expect(() => worstWindow({ names: data.names, returns: data.returns }, { period: { from: 'a', to: 'b' } })).toThrow(/dates must be given/);
    expect(() => worstWindow(data, { period: { from: '1999-01-01', to: data.dates[5] } })).toThrow(/period.from is "1999-01-01": not among the dates \(2020-01-01 .. 2022-09-26\)/);
    expect(() => worstWindow(data, { period: { from: data.dates[9], to: data.dates[3] } })).toThrow(/needs at least 2, in date order/);
    const bad = data.returns.map((s) => Float64Array.from(s));
    bad[0][3] = Infinity;
    expect(() => worstWindow({ ...data, returns: bad })).toThrow(/returns\[0\]\[3\] \(A\) is Infinity/);
  });
});
