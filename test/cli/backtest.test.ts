/**
 * `margin backtest` end to end: on the embedded synthetic history by default (its JSON in
 * auth.066 field names, the model comparison, the crash replay, the HTML report), and on the
 * real BTC and ETH closes of ../shared/data around March 2020 where the folder exists.
 */
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { marginInProcess as cli } from '../helpers/marginCli.js';

const PRICES = resolve('..', 'shared', 'data', 'prices');

describe('margin backtest', () => {
  it('runs on the synthetic history: auth.066 results per portfolio and model, the comparison, a crash replay, a report', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'margin-backtest-'));
    const result = await cli(['backtest', '--assets', 'BTC,ETH', '--from', '2025-04-01', '--to', '2025-07-31', '--scenarios', '500', '--workers', '1',
      '--backend', 'cpu', '--format', 'json', '--report', join(dir, 'r.html'), '--quiet']);
    expect(result.code, result.stderr).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report.run.portfolios).toBe(6); // long and short BTC and ETH, the BTC/ETH spread, the basket
    expect(report.comparison.map((c: { model: string }) => c.model)).toEqual(['static', 'ewma', 'garch', 'har', 'learned']);
    const first = report.results[0];
    for (const field of ['NumberOfObservations', 'NumberOfExceptions', 'Coverage', 'LargestException', 'AverageException']) expect(typeof first.total[field]).toBe('number');
    expect(first.monthly.map((m: { Month: string }) => m.Month)).toEqual(['2025-04', '2025-05', '2025-06', '2025-07']);
    expect(first.varTests.kupiec.pValue).toBeGreaterThanOrEqual(0);
    expect(report.crashes.length).toBe(5);
    expect(report.crashes[0].crash).toBe('synthetic-drawdown-2025-05');
    const html = readFileSync(join(dir, 'r.html'), 'utf8');
    expect(html).toContain('new Chart(');
    expect(html).toContain('exceptions');
  }, 120_000);

  it('refuses a portfolio on an asset without history, and a bad model name', async () => {
    const bad = await cli(['backtest', '--model', 'neural', '--quiet']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("argument 'neural' is invalid");
  });

  it.runIf(existsSync(join(PRICES, 'BTC-USD_1d.csv')))('on real BTC and ETH closes, March 2020: the reactive models raise margins after the crash, the static one does not', async () => {
    const result = await cli(['backtest', '--history', join(PRICES, 'BTC-USD_1d.csv'), join(PRICES, 'ETH-USD_1d.csv'), '--max-gap-days', '1',
      '--from', '2020-02-01', '--to', '2020-04-30', '--model', 'static', 'ewma', '--scenarios', '1000', '--backend', 'cpu', '--workers', '1', '--no-crashes', '--format', 'json', '--quiet']);
    expect(result.code, result.stderr).toBe(0);
    const report = JSON.parse(result.stdout);
    const long = (model: string) => report.results.find((r: { portfolio: string; model: string }) => r.portfolio === 'long BTC' && r.model === model);
    expect(long('static').total.NumberOfExceptions).toBeGreaterThan(0); // 2020-03-12 breaks a calm-calibrated margin
    expect(long('ewma').procyclicality.peakToTrough).toBeGreaterThan(2);
    expect(long('static').procyclicality.peakToTrough).toBeCloseTo(1, 9); // one vol all along: the same ES for the same notional
  }, 120_000);
});
