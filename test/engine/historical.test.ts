/**
 * Filtered historical simulation (distribution `fhs`) on the CPU backend: the historical factors
 * are exactly the residuals of the days each scenario draws, the days are uniform, the model
 * factors move with the historical ones as the correlation says, and a linear position's VaR is
 * the bootstrap quantile of the table.
 */
import { describe, expect, it } from 'vitest';
import { prepareRisk, runRisk } from '../../src/engine/risk.js';
import { generateMoves } from '../../src/engine/reference/scenarios.js';
import { historicalDays } from '../../src/random/stream.js';
import { createPrng } from '../../src/random/prng.js';

const DAYS = 500;

/** A residual table for BTC.spot and ETH.spot: Student-t(4)-like draws with correlation 0.8, standardized per column. */
function residualTable(): number[][] {
  const rng = createPrng(5);
  const rows = Array.from({ length: DAYS }, () => {
    const w = Math.sqrt(2 / (rng.normal() ** 2 + rng.normal() ** 2 + rng.normal() ** 2 + rng.normal() ** 2) * 2); // √(ν/χ²_ν) · √((ν−2)/ν), ν = 4
    const a = rng.normal();
    const b = 0.8 * a + 0.6 * rng.normal();
    return [a * w, b * w];
  });
  for (const k of [0, 1]) {
    const mean = rows.reduce((s, r) => s + r[k], 0) / DAYS;
    const sd = Math.sqrt(rows.reduce((s, r) => s + (r[k] - mean) ** 2, 0) / (DAYS - 1));
    for (const r of rows) r[k] = (r[k] - mean) / sd;
  }
  return rows;
}

function venue(horizonDays: number, residuals = residualTable()) {
  return {
    market: {
      valuationTime: '2026-11-24T08:00:00Z',
      underlyings: { BTC: { spot: 90_000, volPoints: [{ tenorDays: 30, vol: 0.5 }] }, ETH: { spot: 3000 } },
      instruments: [{ id: 'BTC-PERPETUAL' }, { id: 'ETH-PERPETUAL' }, { id: 'BTC-25DEC26-90000-C' }],
    },
    book: {
      accounts: [
        { id: 'long-btc', balances: { USDC: 1e5 }, positions: [{ instrument: 'BTC-PERPETUAL', quantity: 1 }] },
        { id: 'options', balances: { USDC: 1e5 }, positions: [{ instrument: 'BTC-25DEC26-90000-C', quantity: -2 }, { instrument: 'ETH-PERPETUAL', quantity: 3 }] },
      ],
    },
    params: {
      horizonDays,
      underlyings: { BTC: { vol: 0.6, volOfVol: 1.2 }, ETH: { vol: 0.8, volOfVol: 1.0 } },
      correlation: { factors: ['BTC.spot', 'BTC.vol', 'ETH.spot'], matrix: [[1, -0.5, 0.8], [-0.5, 1, -0.4], [0.8, -0.4, 1]] },
      distribution: { type: 'fhs', factors: ['BTC.spot', 'ETH.spot'], residuals },
    },
  };
}

describe('filtered historical simulation (CPU)', () => {
  it('a historical factor moves by today’s scale times the mean of the drawn days’ residuals, exactly', () => {
    const residuals = residualTable();
    const plan = prepareRisk(venue(2, residuals), { scenarios: 2000, seed: 3 });
    expect(plan.historical?.daysPerScenario).toBe(2);
    const moves = new Float64Array(2000 * plan.factorCount);
    generateMoves(plan, 0, 2000, moves);
    const days = new Uint32Array(2);
    for (let s = 0; s < 2000; s++) {
      historicalDays(3, s, DAYS, 2, days);
      const btc = plan.moveScale[0] * ((residuals[days[0]][0] + residuals[days[1]][0]) * (1 / Math.SQRT2));
      const eth = plan.moveScale[2] * ((residuals[days[0]][1] + residuals[days[1]][1]) * (1 / Math.SQRT2));
      expect(moves[s * plan.factorCount]).toBe(btc);
      expect(moves[s * plan.factorCount + 2]).toBe(eth);
    }
  });

  it('draws the days uniformly (chi-square over 500 days, 200,000 draws, below its 99.9% point)', () => {
    const counts = new Float64Array(DAYS);
    const days = new Uint32Array(8);
    for (let s = 0; s < 25_000; s++) {
      historicalDays(9, s, DAYS, 8, days);
      for (const d of days) counts[d]++;
    }
    const expected = 200_000 / DAYS;
    const chiSquare = counts.reduce((sum, c) => sum + (c - expected) ** 2 / expected, 0);
    const limit = DAYS - 1 + 3.09 * Math.sqrt(2 * (DAYS - 1)); // normal approximation of χ²(499) at 99.9%
    console.log(`[fhs] day counts: chi-square ${chiSquare.toFixed(1)} (499 degrees of freedom), limit ${limit.toFixed(1)}`);
    expect(chiSquare).toBeLessThan(limit);
    expect(Math.min(...counts)).toBeGreaterThan(0);
  });

  it('a vol factor outside the table moves with its spot as the correlation says (conditional Gaussian), and says so', () => {
    const plan = prepareRisk(venue(1), { scenarios: 40_000, seed: 4 });
    expect(plan.historical?.modelFactors).toEqual(['BTC.vol', 'ETH.vol']);
    expect(plan.warnings.join('\n')).toMatch(/distribution fhs: BTC\.vol, ETH\.vol not in the residual table: drawn from the Gaussian model/);
    const n = 40_000;
    const moves = new Float64Array(n * plan.factorCount);
    generateMoves(plan, 0, n, moves);
    const f = plan.factorCount;
    let sxy = 0;
    let sxx = 0;
    let syy = 0;
    for (let s = 0; s < n; s++) {
      const x = moves[s * f] / plan.moveScale[0];
      const y = moves[s * f + 1] / plan.moveScale[1];
      sxy += x * y;
      sxx += x * x;
      syy += y * y;
    }
    const correlation = sxy / Math.sqrt(sxx * syy);
    // Sampling error of a correlation near −0.5 at n = 40,000 is ~0.004 (fat-tailed x: use 0.02).
    console.log(`[fhs] corr(BTC.spot, BTC.vol) ${correlation.toFixed(4)}, target −0.5; var(BTC.vol)/scale² ${(syy / n).toFixed(4)}`);
    expect(Math.abs(correlation + 0.5)).toBeLessThan(0.02);
    expect(Math.abs(syy / n - 1)).toBeLessThan(0.05);
  });

  it('a linear position’s VaR is the bootstrap quantile of the table (1-day horizon)', async () => {
    const residuals = residualTable();
    const plan = prepareRisk(venue(1, residuals), { scenarios: 100_000, seed: 8 });
    const report = await runRisk(plan);
    const scale = plan.moveScale[0];
    // Loss of 1 BTC perpetual on day d: −90,000·(e^{scale·r_d} − 1); the 99% quantile over 100,000
    // uniform draws of 500 days sits at the 5th or 6th worst day (k = 1,000 draws; the worst 4
    // days get 800 ± 28 draws, the worst 6 get 1,200 ± 34).
    const losses = residuals.map((r) => -90_000 * Math.expm1(scale * r[0])).sort((a, b) => b - a);
    const valueAtRisk = report.accounts[0].valueAtRisk;
    console.log(`[fhs] VaR ${valueAtRisk.toFixed(2)}; 4th..7th worst days ${losses.slice(3, 7).map((l) => l.toFixed(2)).join(', ')}`);
    expect([losses[4], losses[5]].some((l) => Math.abs(l - valueAtRisk) <= 1e-9 * l)).toBe(true);
    expect(report.distribution).toEqual({ type: 'fhs', days: DAYS, daysPerScenario: 1, historicalFactors: ['BTC.spot', 'ETH.spot'], modelFactors: ['BTC.vol', 'ETH.vol'] });
  });

  it('gives the same tails in any chunking', async () => {
    const plan = prepareRisk(venue(2), { scenarios: 5000, seed: 2 });
    const [a, b] = [await runRisk(plan, { chunkSize: 5000 }), await runRisk(plan, { chunkSize: 777 })];
    expect(b.accounts).toEqual(a.accounts);
  });

  it('refuses a residual table with a wrong row or too few days, naming the field', () => {
    const bad = venue(2);
    bad.params.distribution.residuals[7] = [1];
    expect(() => prepareRisk(bad)).toThrow('params: distribution.residuals[7] = [1]: expected 2 columns (one per factor), found 1');
    const short = venue(2, residualTable().slice(0, 10));
    expect(() => prepareRisk(short)).toThrow(/distribution\.residuals = .*Too small/);
    const unrelated = venue(2);
    unrelated.params.distribution.factors = ['SOL.spot', 'XRP.spot'];
    expect(() => prepareRisk(unrelated)).toThrow(/none of the book's factors .* is in the residual table/);
  });
});
