/**
 * `margin run` with margins and `margin whatif`, end to end in a child process.
 */
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { margin, marginInProcess as cli } from '../helpers/marginCli.js';



describe('margin CLI', () => {
  it('run: every account carries equity, health and the three margins; the run the capital efficiency', async () => {
    const result = await cli(['run', '--scenarios', '2000', '--format', 'json', '--quiet', '--workers', '0', '--backend', 'cpu']);
    expect(result.code).toBe(0);
    const { run, accounts } = JSON.parse(result.stdout);
    expect(accounts.length).toBe(254);
    for (const record of accounts) {
      expect(typeof record.account).toBe('string');
      expect(Number.isFinite(record.equity)).toBe(true);
      expect(record.healthFactor === null || Number.isFinite(record.healthFactor)).toBe(true);
      for (const model of ['isolated', 'cross', 'portfolio']) {
        expect(Number.isFinite(record.margin[model].initial)).toBe(true);
        expect(Number.isFinite(record.margin[model].maintenance)).toBe(true);
      }
      expect(record.margin.portfolio.initial).toBeGreaterThanOrEqual(record.expectedShortfall);
      expect(Array.isArray(record.contributions)).toBe(true);
    }
    expect(run.margin.initial.isolated).toBeGreaterThan(run.margin.initial.portfolio);
    expect(run.margin.portfolioSavingVsIsolatedPercent).toBeGreaterThan(0);
  });

  it('run: the table shows the margins and the capital-efficiency summary; CSV adds margin columns', async () => {
    const table = await cli(['run', '--scenarios', '1000', '--quiet', '--workers', '0', '--backend', 'cpu', '--no-attribution']);
    expect(table.code).toBe(0);
    expect(table.stdout).toContain('IM portfolio');
    expect(table.stdout).toMatch(/capital efficiency: portfolio margin frees [\d,]+ \(\d+\.\d% of isolated/);
    const dir = mkdtempSync(join(tmpdir(), 'margin-csv-'));
    const out = join(dir, 'margin.csv');
    const csv = await cli(['run', '--scenarios', '1000', '--quiet', '--workers', '0', '--backend', 'cpu', '--format', 'csv', '--out', out]);
    expect(csv.code).toBe(0);
    const header = readFileSync(out, 'utf8').split('\n')[0];
    expect(header).toMatch(/^account,positions,marketValue,valueAtRisk,expectedShortfall,stressLoss,worstStress/);
    expect(header).toContain('equity,healthFactor,freeCollateral');
    expect(header).toContain('isolated.initial,isolated.maintenance,cross.initial,cross.maintenance,portfolio.initial,portfolio.maintenance');
  });

  it('whatif: JSON with before, after, incremental margin and timings; bad input exits 2 with nothing written', async () => {
    const result = await margin(['whatif', '--account', 'acct-0073', '--trade', 'BTC-PERPETUAL:-6', '--scenarios', '2000', '--format', 'json', '--quiet']);
    expect(result.code).toBe(0);
    const parsed = JSON.parse(result.stdout);
    expect(parsed.account).toBe('acct-0073');
    expect(parsed.incrementalInitial.portfolio).toBeLessThan(0);
    expect(parsed.after.margin.portfolio.initial).toBeLessThan(parsed.before.margin.portfolio.initial);
    expect(parsed.timings.whatIfMs).toBeGreaterThan(0);

    const table = await cli(['whatif', '--account', 'acct-0001', '--trade', 'SOL-PERPETUAL:1', '--scenarios', '1000', '--quiet']);
    expect(table.code).toBe(0);
    expect(table.stdout).toContain('incremental initial');

    const dir = mkdtempSync(join(tmpdir(), 'margin-whatif-'));
    const out = join(dir, 'whatif.json');
    const bad = await cli(['whatif', '--account', 'acct-0073', '--trade', 'NOPE-PERPETUAL:1', '--scenarios', '1000', '--out', out]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--trade: trades[0].instrument = "NOPE-PERPETUAL": unknown instrument');
    expect(bad.stderr).not.toContain('building the instrument P&L block'); // refused before any work
    expect(existsSync(out)).toBe(false);
    const malformed = await cli(['whatif', '--account', 'acct-0073', '--trade', 'BTC-PERPETUAL', '--quiet']);
    expect(malformed.code).toBe(2);
    expect(malformed.stderr).toContain('--trade: trades[0] = "BTC-PERPETUAL"');
  });
});
