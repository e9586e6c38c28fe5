import { mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { margin, marginInProcess as cli } from '../helpers/marginCli.js';

describe('margin stress (CLI)', () => {
  it('flash-crash on the sample book: JSON with the run figures and per-step prices, progress on stderr, an HTML report', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'stress-'));
    const report = join(dir, 'r.html');
    const { code, stdout, stderr } = await margin(['stress', 'flash-crash', '--backend', 'cpu', '--scenarios', '500', '--workers', '0', '--format', 'json', '--report', report]);
    expect(stderr).toMatch(/margin stress: step 11\/11/);
    expect(code).toBe(0);
    const json = JSON.parse(stdout);
    for (const field of ['liquidatedNotional', 'badDebt', 'insuranceFund', 'conservationError']) expect(typeof json[field]).toBe('number');
    expect(json.conservationError).toBeLessThan(1e-9);
    expect(json.accounts).toBe(254);
    expect(json.steps).toHaveLength(11);
    for (const step of json.steps) {
      for (const asset of ['BTC', 'ETH', 'SOL']) {
        expect(step.prices[asset].market).toBeGreaterThan(0);
        expect(step.prices[asset].withoutImpact).toBeGreaterThan(0);
      }
      expect(typeof step.liquidatedNotional).toBe('number');
      expect(typeof step.liquidatedAccounts).toBe('number');
    }
    expect(json.liquidatedNotional).toBeGreaterThan(0);
    const html = readFileSync(report, 'utf8');
    expect(html).toContain('new Chart(');
    expect(html).not.toMatch(/<script[^>]+src=/); // self-contained: the library is inlined
    expect((html.match(/<canvas/g) ?? []).length).toBe(4);
  }, 60_000);

  it('scales the book, reads a crash-replay file, writes --out atomically, prints a table', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'stress-'));
    const file = join(dir, 'crash.json');
    writeFileSync(file, JSON.stringify({ name: 'toy-crash', steps: [{ prices: { BTC: 10, ETH: 1 } }, { prices: { BTC: 7, ETH: 0.65 } }, { prices: { BTC: 8, ETH: 0.7 } }] }));
    const out = join(dir, 'out.txt');
    const { code, stderr } = await cli(['stress', file, '--book-size', '300', '--backend', 'cpu', '--scenarios', '300', '--workers', '0', '--out', out, '--quiet']);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const text = readFileSync(out, 'utf8');
    expect(text).toMatch(/stress toy-crash/);
    expect(text).toMatch(/300 accounts/);
    expect(text).toMatch(/conservation error/);
  }, 60_000);

  it('an unknown scenario or a bad file exits 2 and writes nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'stress-'));
    const out = join(dir, 'never.json');
    const unknown = await cli(['stress', 'no-such-crash', '--out', out]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/flash-crash/);
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ name: 'x', steps: [{ prices: { BTC: 1 } }] }));
    const invalid = await cli(['stress', bad, '--out', out]);
    expect(invalid.code).toBe(2);
    expect(existsSync(out)).toBe(false);
  }, 60_000);
});
