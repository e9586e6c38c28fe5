/**
 * The cross-venue sample through the CLI: `margin run --sample cross-venue` in JSON, CSV and the
 * table, `margin sample --sample cross-venue` written and read back, `margin stress` with its
 * lending liquidations, and a book naming an unknown venue refused with exit 2 and nothing written.
 */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { marginInProcess as cli } from '../helpers/marginCli.js';

const RUN = ['--scenarios', '1000', '--seed', '5', '--quiet', '--workers', '0', '--backend', 'cpu', '--no-attribution'];

describe('margin run --sample cross-venue', () => {
  it('JSON: the cross-venue accounts carry crossVenue (venues, siloed, unified, frees), the run the book summary', async () => {
    const result = await cli(['run', '--sample', 'cross-venue', '--account', 'xv-*,acct-0001', '--format', 'json', ...RUN]);
    expect(result.code).toBe(0);
    const { run, accounts } = JSON.parse(result.stdout);
    expect(accounts.map((a: { account: string }) => a.account)).toEqual(['acct-0001', ...Array.from({ length: 10 }, (_, k) => `xv-${String(k + 1).padStart(2, '0')}`)]);
    expect(accounts[0].crossVenue).toBeUndefined();
    for (const record of accounts.slice(1)) {
      const x = record.crossVenue;
      expect(x.siloed.initial).toBeCloseTo(x.venues.reduce((s: number, v: { initial: number }) => s + v.initial, 0), 6);
      expect(x.unified.initial).toBeGreaterThanOrEqual(0);
      expect(x.frees).toBeCloseTo(x.siloed.initial - x.unified.initial, 6);
    }
    const aave = accounts.find((a: { account: string }) => a.account === 'xv-06').crossVenue.venues[0];
    expect(aave.venue).toBe('aave');
    expect(aave.lending.scenarios.accountTail.min).toBeLessThan(aave.healthFactor);
    expect(run.margin.crossVenue.accounts).toBe(10);
    expect(run.margin.crossVenue.frees).toBeGreaterThan(0);
  });

  it('table and CSV: the cross-venue table and summary lines, the cross-venue columns; the sample venue unchanged', async () => {
    const table = await cli(['run', '--sample', 'cross-venue', '--account', 'xv-*', ...RUN]);
    expect(table.code).toBe(0);
    expect(table.stdout).toContain('siloed IM by venue (health)');
    expect(table.stdout).toMatch(/across venues, 10 accounts: siloed initial [\d,]+ \| unified [\d,]+ \(transfer charge [\d,]+\); unified frees [\d,]+ \(\d+\.\d% of siloed\)/);
    const csv = await cli(['run', '--sample', 'cross-venue', '--account', 'xv-0?', '--format', 'csv', ...RUN]);
    const [header, first] = csv.stdout.split('\n');
    expect(header).toContain('crossVenue.siloedInitial,crossVenue.siloedMaintenance,crossVenue.unifiedInitial');
    expect(first.startsWith('xv-01,')).toBe(true);
    const plain = await cli(['run', '--account', 'acct-0001', '--format', 'csv', ...RUN]);
    expect(plain.stdout.split('\n')[0]).not.toContain('crossVenue');
    expect(plain.stdout).not.toContain('across venues');
  });

  it('margin sample --sample cross-venue writes files that margin run reads back to the same numbers', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'margin-xv-'));
    expect((await cli(['sample', '--sample', 'cross-venue', '--out', dir])).code).toBe(0);
    const files = ['--market', join(dir, 'market.json'), '--book', join(dir, 'book.json'), '--params', join(dir, 'params.json')];
    const fromFiles = await cli(['run', ...files, '--account', 'xv-0*', '--format', 'json', ...RUN]);
    const embedded = await cli(['run', '--sample', 'cross-venue', '--account', 'xv-0*', '--format', 'json', ...RUN]);
    const margins = (text: string) => JSON.parse(text).accounts.map((a: { crossVenue: unknown }) => a.crossVenue);
    expect(margins(fromFiles.stdout)).toEqual(margins(embedded.stdout));
  });

  it('a book naming an unknown venue: exit 2, the field named, no output file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'margin-xv-bad-'));
    const book = join(dir, 'book.csv');
    writeFileSync(book, 'account,kind,id,amount,venue\na,balance,USDC,1000,\na,position,BTC-PERPETUAL,1,okx\n');
    const out = join(dir, 'out.json');
    const result = await cli(['run', '--sample', 'cross-venue', '--book', book, '--out', out, '--format', 'json', ...RUN]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`${book}: accounts[0].positions[0].venue = "okx": unknown venue`);
    expect(existsSync(out)).toBe(false);
  });
});

describe('margin stress --sample cross-venue', () => {
  it('the flash crash liquidates lending legs beside the derivatives accounts, in JSON and in the table', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'margin-xv-stress-'));
    const out = join(dir, 'stress.json');
    const json = await cli(['stress', 'flash-crash', '--sample', 'cross-venue', '--scenarios', '500', '--backend', 'cpu', '--workers', '0', '--quiet', '--format', 'json', '--out', out]);
    expect(json.code).toBe(0);
    const result = JSON.parse(readFileSync(out, 'utf8'));
    expect(result.lending.liquidatedLegs).toBeGreaterThan(0);
    expect(result.steps.some((s: { lending: { calls: number } }) => s.lending.calls > 0)).toBe(true);
    expect(result.conservationError).toBeLessThan(1e-9);
    const table = await cli(['stress', 'flash-crash', '--sample', 'cross-venue', '--scenarios', '500', '--backend', 'cpu', '--workers', '0', '--quiet']);
    expect(table.stdout).toContain('lending repaid USD');
    expect(table.stdout).toMatch(/lending: \d+ of \d+ legs liquidated in \d+ calls; debt repaid [\d,]+/);
  });
});
