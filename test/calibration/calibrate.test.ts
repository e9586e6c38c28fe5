/**
 * calibrate(): a pack from history as of a date. What must hold whatever the data: the same
 * inputs give the same bytes; data after the as-of date changes nothing (no look-ahead); the
 * vols are the estimators' own numbers on the window; the FHS residuals are standardized; the
 * stressed floor is at least as high as a calm window's vol; every fallback is said.
 */
import { describe, expect, it } from 'vitest';
import { calibrate, type CalibrationInput } from '../../src/calibration/calibrate.js';
import { ewmaVariance, logReturns } from '../../src/calibration/estimators/index.js';
import { parsePriceHistory, formatPriceHistoryCsv, syntheticHistory } from '../../src/calibration/history/index.js';
import { canonicalJson } from '../../src/calibration/pack/canonical.js';
import type { RiskParamsInput } from '../../src/model/schemas.js';
import { sampleParams } from '../../src/sample/sampleVenue.js';

const synthetic = syntheticHistory();
const ASSETS = ['BTC', 'ETH', 'SOL'];

function input(asOf: string, overrides: Partial<CalibrationInput> = {}): CalibrationInput {
  const text = formatPriceHistoryCsv(synthetic.prices);
  return {
    prices: parsePriceHistory(text, 'synthetic.csv', { asOf, maxGapDays: 1 }),
    impliedVols: synthetic.impliedVols,
    data: [{ name: 'synthetic.csv', sha256: 'x', kind: 'prices' }],
    asOf,
    assets: ASSETS,
    baseParams: sampleParams() as RiskParamsInput,
    ...overrides,
  };
}

describe('calibrate', () => {
  it('is deterministic: the same inputs give the same pack, byte for byte', async () => {
    const [a, b] = [await calibrate(input('2025-06-30')), await calibrate(input('2025-06-30'))];
    expect(canonicalJson(a)).toBe(canonicalJson(b));
    expect(a.hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('does not look ahead: data after the as-of date changes nothing', async () => {
    // The full history read "as of" D, and a file that ends on D: the same params.
    const cut = formatPriceHistoryCsv(synthetic.prices)
      .split('\n')
      .filter((line) => !/^\d{4}-\d{2}-\d{2}/.test(line) || line.slice(0, 10) <= '2025-06-30')
      .join('\n');
    const truncated = parsePriceHistory(cut, 'synthetic.csv', { maxGapDays: 1 });
    const [full, short] = [await calibrate(input('2025-06-30', { impliedVols: undefined })), await calibrate(input('2025-06-30', { prices: truncated, impliedVols: undefined }))];
    expect(canonicalJson(short.params)).toBe(canonicalJson(full.params));
    expect(short.hash).toBe(full.hash);
  });

  it("sets each vol to the estimator's forecast on the window, annualized by the series' observations per year", async () => {
    const pack = await calibrate(input('2025-06-30'), { method: 'ewma', windowReturns: 500 });
    const btc = synthetic.prices.assets.get('BTC')!;
    const end = btc.dates.indexOf('2025-06-30');
    const returns = logReturns(btc.closes.subarray(end - 500, end + 1));
    const expected = Math.sqrt(ewmaVariance(returns, { lambda: 0.94 }).forecast * (500 / (500 / 365.25)));
    const got = pack.params.underlyings!.BTC.vol;
    console.log(`[calibrate] BTC EWMA vol: computed ${got}, expected ${expected}`);
    expect(Math.abs(got - expected)).toBeLessThan(1e-12 * expected);
    expect(pack.provenance.estimates[0]).toMatchObject({ asset: 'BTC', returns: 500, to: '2025-06-30', volOfVolSource: 'implied-vol-history' });
  });

  it('standardizes the FHS residuals (unit variance within sampling error) on the common dates of the window', async () => {
    const pack = await calibrate(input('2026-11-23'));
    const distribution = pack.params.distribution as { type: string; factors: string[]; residuals: number[][]; dates: string[] };
    expect(distribution.type).toBe('fhs');
    expect(distribution.factors).toEqual(['BTC.spot', 'BTC.vol', 'ETH.spot', 'ETH.vol', 'SOL.spot', 'SOL.vol']);
    const days = distribution.residuals.length;
    expect(days).toBeGreaterThan(900);
    distribution.factors.forEach((factor, k) => {
      const variance = distribution.residuals.reduce((s, row) => s + row[k] ** 2, 0) / days;
      // EWMA-filtered residuals of a GARCH-t(5) series: unit variance up to the filter's error; ±35% is generous and still catches an unscaled table (daily returns: variance ~1e-3).
      console.log(`[calibrate] residual variance of ${factor}: ${variance.toFixed(3)}`);
      expect(variance).toBeGreaterThan(0.65);
      expect(variance).toBeLessThan(1.35);
    });
    expect(distribution.dates[days - 1]).toBe('2026-11-23');
  });

  it("sets the floor's stressed vols from the worst window, at least a calm window's vol", async () => {
    const pack = await calibrate(input('2026-11-23'), { method: 'sample', windowReturns: 150 });
    const floor = pack.params.margin!.antiProcyclicality!.floor!.vols!;
    for (const asset of ASSETS) expect(floor[asset]).toBeGreaterThan(pack.provenance.estimates.find((e) => e.asset === asset)!.vol);
    // The synthetic history's one-day crash is 2024-03-12: the worst 250-day window holds it.
    expect(pack.provenance.stressWindow.from! <= '2024-03-12' && pack.provenance.stressWindow.to! >= '2024-03-12').toBe(true);
  });

  it('keeps the vol of vol from the base params without an implied-vol history, and says so', async () => {
    const pack = await calibrate(input('2025-06-30', { impliedVols: undefined }));
    expect(pack.params.underlyings!.ETH.volOfVol).toBe((sampleParams() as RiskParamsInput).underlyings!.ETH.volOfVol);
    expect(pack.provenance.warnings.join('\n')).toMatch(/ETH: no implied-vol history: volOfVol .* kept from the base params/);
    expect((pack.params.distribution as { factors: string[] }).factors).toEqual(['BTC.spot', 'ETH.spot', 'SOL.spot']);
  });

  it('diffs against the previous pack', async () => {
    const before = await calibrate(input('2025-06-27'));
    const after = await calibrate(input('2025-06-30', { previous: before }));
    const changes = after.provenance.previous!.changes;
    expect(after.provenance.previous).toMatchObject({ asOf: '2025-06-27', hash: before.hash });
    const btc = changes.find((c) => c.name === 'BTC.vol')!;
    expect(btc.before).toBe(before.params.underlyings!.BTC.vol);
    expect(btc.after).toBe(after.params.underlyings!.BTC.vol);
  });

  it('refuses an asset without history or too few observations, naming it', async () => {
    await expect(calibrate(input('2025-06-30', { assets: ['BTC', 'DOGE'] }))).rejects.toThrow(/no price history for DOGE/);
    await expect(calibrate(input('2022-11-20'))).rejects.toThrow(/the estimator needs at least 100/);
  });

  it('fits GARCH(1,1)-t per asset and records the fit', async () => {
    const pack = await calibrate(input('2026-11-23'), { method: 'garch' });
    for (const e of pack.provenance.estimates) {
      expect(e.garch?.converged, `${e.asset}: ${e.garch?.reason}`).toBe(true);
      expect(e.garch!.alpha + e.garch!.beta).toBeLessThan(1.001);
      expect(e.vol).toBeGreaterThan(0.05);
    }
  });
});
