/**
 * `margin calibrate`, `margin nightly` and `margin history` end to end on the embedded synthetic
 * history and the sample book: the pack's bytes and hash, the night's folder and store, the
 * governance step around the synthetic crash (2024-03-12), idempotent reruns, and a nightly job
 * killed with SIGKILL at many points that never leaves a half-written night.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { canonicalJson, sha256Hex } from '../../src/calibration/pack/canonical.js';
import { openStore } from '../../src/store/index.js';
import { margin, marginInProcess as cli } from '../helpers/marginCli.js';

const NIGHT_FILES = ['pack.json', 'params.json', 'report.html', 'report.json'];
const FAST = ['--scenarios', '1000', '--backend', 'cpu', '--workers', '0', '--quiet'];

describe('margin calibrate', () => {
  it('with no arguments: a pack of the synthetic history on stdout, its hash that of its content', async () => {
    const result = await margin(['calibrate', '--quiet']);
    expect(result.code, result.stderr).toBe(0);
    const pack = JSON.parse(result.stdout);
    expect(result.stdout).toBe(canonicalJson(pack));
    const { hash, ...content } = pack;
    expect(await sha256Hex(canonicalJson(content))).toBe(hash);
    expect(pack.asOf).toBe('2026-11-23');
    expect(Object.keys(pack.params.underlyings)).toEqual(expect.arrayContaining(['BTC', 'ETH', 'SOL']));
    expect(pack.params.distribution.type).toBe('fhs');
  }, 60_000);

  it('--out writes pack.json and params.json that margin run reads; bad input exits 2', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'margin-calibrate-'));
    const written = await cli(['calibrate', '--as-of', '2025-06-30', '--method', 'garch', '--out', dir, '--quiet']);
    expect(written.code, written.stderr).toBe(0);
    expect(written.stdout).toMatch(/parameter pack as of 2025-06-30 \(garch; distribution fhs/);
    const run = await cli(['run', '--params', join(dir, 'params.json'), '--format', 'json', ...FAST]);
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout).run.distribution.type).toBe('fhs');
    for (const [args, message] of [
      [['--as-of', '2025-02-30'], "argument '2025-02-30' is invalid. expected a date YYYY-MM-DD"],
      [['--history', join(dir, 'none.csv')], 'none.csv: (file) = '],
      [['--assets', 'BTC,DOGE'], 'no price history for DOGE'],
    ] as const) {
      const bad = await cli(['calibrate', ...args, '--quiet']);
      expect(bad.code, bad.stderr).toBe(2);
      expect(bad.stderr).toContain(message);
    }
  }, 60_000);
});

describe('margin nightly', () => {
  it('publishes a calm night, keeps the crash night a candidate unless approved, and is idempotent', async () => {
    const out = mkdtempSync(join(tmpdir(), 'margin-nightly-'));
    const night = (asOf: string, ...extra: string[]) => cli(['nightly', '--out', out, '--as-of', asOf, ...FAST, ...extra]);
    const calm = await night('2024-03-08');
    expect(calm.code, calm.stderr).toBe(0);
    expect(calm.stdout).toMatch(/PUBLISHED/);
    expect(readdirSync(join(out, 'nights', '2024-03-08')).sort()).toEqual(NIGHT_FILES);
    const crash = await night('2024-03-12');
    expect(crash.stdout).toMatch(/CANDIDATE/);
    expect(crash.stdout).toMatch(/vol change\s+│ FAILED │ BTC\.vol/);
    const report = JSON.parse(readFileSync(join(out, 'nights', '2024-03-12', 'report.json'), 'utf8'));
    expect(report.status).toBe('candidate');
    expect(report.pack.previousAsOf).toBe('2024-03-08');
    expect(report.totals.after.initial).toBeGreaterThan(report.totals.before.initial);
    const approved = await night('2024-03-12', '--approve');
    expect(approved.stdout).toMatch(/PUBLISHED \(approved over failed checks\)/);

    const hash = JSON.parse(readFileSync(join(out, 'nights', '2024-03-12', 'pack.json'), 'utf8')).hash;
    const again = await night('2024-03-12', '--approve');
    expect(again.code, again.stderr).toBe(0);
    expect(JSON.parse(readFileSync(join(out, 'nights', '2024-03-12', 'pack.json'), 'utf8')).hash).toBe(hash);
    const store = openStore(join(out, 'store.sqlite'), { readonly: true });
    try {
      expect(store.parameterSeries('BTC.vol').map((p) => p.asOf)).toEqual(['2024-03-08', '2024-03-12']);
      expect(store.nightMargins('2024-03-12')).toHaveLength(254);
      expect(store.integrityCheck()).toBe('ok');
    } finally {
      store.close();
    }

    const series = await cli(['history', '--store', out, '--parameter', 'BTC.vol', '--format', 'csv']);
    expect(series.stdout.trim().split('\n')).toHaveLength(3);
    const account = await cli(['history', '--store', out, '--account', 'acct-0013', '--format', 'json']);
    expect(JSON.parse(account.stdout).points.map((p: { asOf: string }) => p.asOf)).toEqual(['2024-03-08', '2024-03-12']);
    const html = readFileSync(join(out, 'nights', '2024-03-12', 'report.html'), 'utf8');
    expect(html).toContain('new Chart(');
    expect((html.match(/<canvas/g) ?? []).length).toBe(4);
  }, 120_000);

  it('killed at any point, leaves no half-written night; the rerun finishes with the same pack hash', async () => {
    const args = (out: string) => ['nightly', '--out', out, '--as-of', '2026-11-23', '--scenarios', '20000', '--backend', 'cpu', '--workers', '1', '--quiet'];
    /** Runs the job in a child process, killed with SIGKILL after `killAfterMs` if it is still running. */
    const job = (out: string, killAfterMs = Infinity) => {
      const began = performance.now();
      const child = spawn(process.execPath, ['--import', 'tsx', 'cli/main.ts', ...args(out)], { stdio: 'ignore' });
      const timer = Number.isFinite(killAfterMs) ? setTimeout(() => child.kill('SIGKILL'), killAfterMs) : undefined;
      return new Promise<{ code: number | null; signal: string | null; ms: number }>((resolve) =>
        child.on('close', (code, signal) => {
          clearTimeout(timer);
          resolve({ code, signal, ms: performance.now() - began });
        }),
      );
    };
    const reference = mkdtempSync(join(tmpdir(), 'margin-nightly-ref-'));
    const clean = await job(reference);
    expect(clean.code).toBe(0);
    const expectedHash = JSON.parse(readFileSync(join(reference, 'nights', '2026-11-23', 'pack.json'), 'utf8')).hash;

    // Kill at fractions of a clean run's duration, so that start-up, calibration, the margin run
    // and the writes at the end are all hit (the machine's load moves them a little).
    const out = mkdtempSync(join(tmpdir(), 'margin-nightly-kill-'));
    const kills: string[] = [];
    for (const fraction of [0.1, 0.3, 0.5, 0.7, 0.8, 0.88, 0.94, 0.98]) {
      const delayMs = Math.round(fraction * clean.ms);
      const { code, signal } = await job(out, delayMs);
      kills.push(`${delayMs} ms: ${signal ?? `exit ${code}`}`);
      // Every night folder that is visible is complete; a store that exists is consistent.
      const nights = join(out, 'nights');
      for (const name of existsSync(nights) ? readdirSync(nights).filter((n) => !n.startsWith('.')) : []) {
        expect(readdirSync(join(nights, name)).sort(), `after a kill at ${delayMs} ms`).toEqual(NIGHT_FILES);
        expect(JSON.parse(readFileSync(join(nights, name, 'pack.json'), 'utf8')).hash).toBe(expectedHash);
      }
      if (existsSync(join(out, 'store.sqlite'))) {
        const store = openStore(join(out, 'store.sqlite'), { readonly: true });
        expect(store.integrityCheck()).toBe('ok');
        store.close();
      }
    }
    console.log(`[nightly] kills: ${kills.join('; ')}`);
    expect(kills.some((k) => k.includes('SIGKILL'))).toBe(true);
    const rerun = await cli(args(out));
    expect(rerun.code, rerun.stderr).toBe(0);
    expect(JSON.parse(readFileSync(join(out, 'nights', '2026-11-23', 'pack.json'), 'utf8')).hash).toBe(expectedHash);
    expect(readdirSync(join(out, 'nights'))).toEqual(['2026-11-23']); // leftovers removed
  }, 180_000);
});
