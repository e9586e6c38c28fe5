/**
 * The walk-forward backtest on the embedded synthetic history: no look-ahead (a margin made on
 * day d does not change when everything after d is replaced), the same numbers in any number of
 * lanes, realized losses as the closes say, margins that are the engine's own ES, and the
 * evaluation's auth.066 fields counted from the series.
 */
import { describe, expect, it } from 'vitest';
import { evaluateWalkForward } from '../../src/backtest/evaluate.js';
import { MODEL_NAMES, volatilityModel } from '../../src/backtest/forecasters/index.js';
import { referencePortfolios } from '../../src/backtest/portfolios.js';
import { walkForward, type WalkForwardInput } from '../../src/backtest/walkForward.js';
import { CpuEngine } from '../../src/engine/cpu/cpuEngine.js';
import { inThreadExecutor } from '../../src/engine/cpu/chunkExecutor.js';
import type { PriceHistory } from '../../src/calibration/history/index.js';
import { syntheticHistory } from '../../src/calibration/history/index.js';

const { prices } = syntheticHistory();
const ASSETS = ['BTC', 'ETH'];
const CUT = '2025-03-31';

/** The history with every close after `cut` replaced by a made-up path (a −50% fall, then noise). */
function rewrittenAfter(cut: string): PriceHistory {
  const assets = new Map([...prices.assets].map(([asset, h]) => {
    const closes = Float64Array.from(h.closes);
    const k = h.dates.indexOf(cut);
    for (let j = k + 1; j < closes.length; j++) closes[j] = closes[k] * (0.5 + 0.1 * Math.sin(j));
    return [asset, { ...h, closes }];
  }));
  return { assets, warnings: [] };
}

const input = (history: PriceHistory): WalkForwardInput => ({
  prices: history, portfolios: referencePortfolios(ASSETS), from: '2025-02-01', to: '2025-04-30', horizon: 2, confidence: 0.99, scenarios: 1000, seed: 3,
  models: MODEL_NAMES,
});

describe('walk-forward backtest', () => {
  it('has no look-ahead: every model forecast and margin made up to the cut is unchanged when the later history is rewritten', async () => {
    const btc = prices.assets.get('BTC')!;
    const returns = Float64Array.from(btc.closes, (c, j) => (j === 0 ? 0 : Math.log(c / btc.closes[j - 1])));
    const rewritten = rewrittenAfter(CUT).assets.get('BTC')!;
    const returns2 = Float64Array.from(rewritten.closes, (c, j) => (j === 0 ? 0 : Math.log(c / rewritten.closes[j - 1])));
    const k = btc.dates.indexOf(CUT);
    for (const name of MODEL_NAMES) {
      const a = volatilityModel(name).forecast(returns, 600, k - 600 + 1, 2);
      const b = volatilityModel(name).forecast(returns2, 600, k - 600 + 1, 2);
      expect(Array.from(b), name).toEqual(Array.from(a));
    }
    const [original, changed] = [await walkForward(input(prices)), await walkForward(input(rewrittenAfter(CUT)))];
    const upToCut = original.dates.filter((d) => d <= CUT).length;
    expect(upToCut).toBeGreaterThan(40);
    for (const model of MODEL_NAMES) {
      original.portfolios.forEach((_, p) => {
        expect(Array.from(changed.margins[model][p].subarray(0, upToCut)), `${model} ${original.portfolios[p].id}`).toEqual(Array.from(original.margins[model][p].subarray(0, upToCut)));
      });
    }
    // The rewrite does change the margins after the cut (the comparison above could not be vacuous).
    expect(Array.from(changed.margins.ewma[0].subarray(upToCut))).not.toEqual(Array.from(original.margins.ewma[0].subarray(upToCut)));
  }, 120_000);

  it('gives the same numbers in one lane or three', async () => {
    const one = await walkForward({ ...input(prices), models: ['ewma', 'har'] });
    const engines = [0, 1, 2].map(() => new CpuEngine(inThreadExecutor()));
    const three = await walkForward({ ...input(prices), models: ['ewma', 'har'], engine: engines });
    expect(three.margins).toEqual(one.margins);
    expect(three.valueAtRisk).toEqual(one.valueAtRisk);
    expect(three.losses).toEqual(one.losses);
  }, 60_000);

  it('holds the margin against the realized loss of the closes, and counts exceptions as auth.066 does', async () => {
    const result = await walkForward({ ...input(prices), models: ['ewma'] });
    const btc = prices.assets.get('BTC')!;
    const d = 10;
    const k = btc.dates.indexOf(result.dates[d]);
    const long = result.portfolios.findIndex((p) => p.id === 'long BTC');
    expect(result.losses[long][d]).toBeCloseTo(-1e6 * (btc.closes[k + 2] / btc.closes[k] - 1), 6);
    const short = result.portfolios.findIndex((p) => p.id === 'short BTC');
    expect(result.losses[short][d]).toBeCloseTo(-result.losses[long][d], 6);
    // ES ≥ VaR > 0 on every day.
    for (let j = 0; j < result.dates.length; j++) {
      expect(result.margins.ewma[long][j]).toBeGreaterThanOrEqual(result.valueAtRisk.ewma[long][j]);
      expect(result.valueAtRisk.ewma[long][j]).toBeGreaterThan(0);
    }
    const evaluation = evaluateWalkForward(result).find((r) => r.portfolio === 'long BTC')!;
    let exceptions = 0;
    let largest = 0;
    result.dates.forEach((_, j) => {
      const excess = result.losses[long][j] - result.margins.ewma[long][j];
      if (excess > 0) [exceptions, largest] = [exceptions + 1, Math.max(largest, excess)];
    });
    expect(evaluation.total.NumberOfObservations).toBe(result.dates.length);
    expect(evaluation.total.NumberOfExceptions).toBe(exceptions);
    expect(evaluation.total.LargestException).toBe(largest);
    expect(evaluation.total.Coverage).toBe(1 - exceptions / result.dates.length);
    expect(evaluation.monthly.reduce((s, m) => s + m.NumberOfObservations, 0)).toBe(result.dates.length);
    expect(evaluation.varTests.observations).toBe(Math.ceil(result.dates.length / 2)); // one day in every horizon
  }, 60_000);

  it('runs to the last day with a realized loss, every margin there finite', async () => {
    const result = await walkForward({ ...input(prices), from: '2026-11-01', to: undefined, models: ['ewma', 'learned'] });
    const last = prices.assets.get('BTC')!.dates.at(-3); // the horizon's 2 closes after it are the last ones
    expect(result.dates.at(-1)).toBe(last);
    for (const model of ['ewma', 'learned']) for (const series of result.margins[model]) expect(Array.from(series).every(Number.isFinite)).toBe(true);
  }, 60_000);
});
