/**
 * The nightly job on real crypto history (../shared/data/prices, beside the checkout; the files
 * are never copied into the repo), for nights just before and just after two crashes: BTC's
 * −37% day of 2020-03-12 and the FTX collapse of 2022-11-08. What a risk manager expects:
 * the vol estimates rise after the crash, the correlation between the coins rises in it, and
 * the packs' vols lie within the range the coins' realized vols (over the EWMA's memory) have taken. Skipped, with a
 * message, only when the folder is absent.
 */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { logReturns, realizedVolatility } from '../../src/calibration/estimators/index.js';
import { parsePriceHistory } from '../../src/calibration/history/index.js';
import type { ParameterPack } from '../../src/calibration/pack/types.js';
import { marginInProcess as cli } from '../helpers/marginCli.js';

const PRICES = resolve('..', 'shared', 'data', 'prices');
const present = existsSync(join(PRICES, 'BTC-USD_1d.csv'));
if (!present) console.warn(`[real data] ${PRICES} is absent: the real-data nightly test is skipped`);

const COINS = ['BTC', 'ETH'];
const NIGHTS = ['2020-03-10', '2020-03-13', '2022-11-07', '2022-11-10'];

describe.runIf(present)('the nightly job on real crypto history', () => {
  const packs = new Map<string, ParameterPack>();
  let out: string;

  beforeAll(async () => {
    out = mkdtempSync(join(tmpdir(), 'margin-real-'));
    // A small linear book on the coins the history covers (the sample market lists them).
    const book = join(out, 'book.json');
    writeFileSync(book, JSON.stringify({ accounts: [
      { id: 'long-btc', balances: { USDC: 50_000 }, positions: [{ instrument: 'BTC-PERPETUAL', quantity: 2 }] },
      { id: 'basis', balances: { USDC: 50_000 }, positions: [{ instrument: 'ETH-PERPETUAL', quantity: -20 }, { instrument: 'BTC-PERPETUAL', quantity: 1 }] },
    ] }));
    const history = COINS.map((coin) => join(PRICES, `${coin}-USD_1d.csv`));
    for (const asOf of NIGHTS) {
      // A 180-day window and EWMA correlations: the crash is a large share of the window, as in a
      // reactive margin model; the checks may keep a crash night a candidate, its pack is written.
      const result = await cli(['nightly', '--history', ...history, '--max-gap-days', '1', '--as-of', asOf, '--window', '180', '--correlation', 'ewma',
        '--book', book, '--out', out, '--scenarios', '2000', '--backend', 'cpu', '--workers', '0', '--quiet']);
      expect(result.code, result.stderr).toBe(0);
      packs.set(asOf, JSON.parse(readFileSync(join(out, 'nights', asOf, 'pack.json'), 'utf8')));
    }
  }, 180_000);

  const vol = (asOf: string, coin: string) => packs.get(asOf)!.params.underlyings![coin].vol;
  const correlation = (asOf: string) => {
    const c = packs.get(asOf)!.params.correlation!;
    return c.matrix[c.factors.indexOf('BTC.spot')][c.factors.indexOf('ETH.spot')];
  };

  it('vol estimates rise after each crash', () => {
    for (const [before, after] of [['2020-03-10', '2020-03-13'], ['2022-11-07', '2022-11-10']]) {
      for (const coin of COINS) {
        console.log(`[real data] ${coin} vol ${before} ${vol(before, coin).toFixed(3)} → ${after} ${vol(after, coin).toFixed(3)}`);
        expect(vol(after, coin)).toBeGreaterThan(1.2 * vol(before, coin));
      }
    }
  });

  it('the correlation between BTC and ETH rises in the crash of March 2020', () => {
    console.log(`[real data] corr(BTC, ETH) ${correlation('2020-03-10').toFixed(3)} → ${correlation('2020-03-13').toFixed(3)}`);
    expect(correlation('2020-03-13')).toBeGreaterThan(correlation('2020-03-10'));
    expect(correlation('2020-03-13')).toBeGreaterThan(0.8);
  });

  // Realized vols over the EWMA's effective memory, 1 / (1 − λ) ≈ 17 days at λ = 0.94: a one-day
  // crash weighs in an EWMA as it does in a window of that length.
  it("the packs' vols lie within the range of the coins' 17-day realized vols up to each night", () => {
    for (const coin of COINS) {
      const history = parsePriceHistory(readFileSync(join(PRICES, `${coin}-USD_1d.csv`), 'utf8'), `${coin}-USD_1d.csv`, { asOf: '2022-11-10', maxGapDays: 1 }).assets.get(coin)!;
      for (const asOf of NIGHTS) {
        const end = history.dates.indexOf(asOf);
        const realized = realizedVolatility(logReturns(history.closes.subarray(0, end + 1)), 17, { periodsPerYear: 365.25 }).volatility;
        const [low, high] = [Math.min(...realized), Math.max(...realized)];
        console.log(`[real data] ${coin} ${asOf}: vol ${vol(asOf, coin).toFixed(3)} in [${low.toFixed(3)}, ${high.toFixed(3)}]`);
        expect(vol(asOf, coin), `${coin} ${asOf}: ${vol(asOf, coin)} not in [${low}, ${high}]`).toBeGreaterThanOrEqual(low);
        expect(vol(asOf, coin)).toBeLessThanOrEqual(high);
      }
    }
  });

  it('records the nights in the store: the series of a parameter over the published nights', async () => {
    const series = await cli(['history', '--store', out, '--parameter', 'BTC.vol', '--format', 'json']);
    expect(series.code, series.stderr).toBe(0);
    const points = JSON.parse(series.stdout).points as { asOf: string }[];
    expect(points.length).toBeGreaterThanOrEqual(1);
    expect(points.every((p) => NIGHTS.includes(p.asOf))).toBe(true);
  });
});
