/**
 * What a new user hit on the CLI (issue 10), in-process (cli/program.ts) except where only a
 * process shows it (standard input, signals): a CSV book that
 * lost every balance, numbers in other bases, usage errors with the wrong exit code, overrides
 * blamed on the params file, output paths refused only after the run, unbounded workers,
 * options silently ignored, no stdin, no --version.
 */
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { formatBookCsv } from '../../src/model/bookCsv.js';
import { sampleBook, sampleMarket } from '../../src/sample/sampleVenue.js';
import { type CliResult, margin, marginInProcess as cli } from '../helpers/marginCli.js';

/** In-process CLI calls, one after the other (they share this process's stdout and stderr). */
async function inSequence(calls: (() => Promise<CliResult>)[]): Promise<CliResult[]> {
  const results: CliResult[] = [];
  for (const call of calls) results.push(await call());
  return results;
}

const FAST = ['--scenarios', '300', '--backend', 'cpu', '--workers', '0', '--no-attribution'];

let dir: string;
let venue: string[];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'margin-hardening-'));
  const generated = await cli(['generate', '--accounts', '60', '--instruments', '40', '--seed', '3', '--out', join(dir, 'g')]);
  expect(generated.code).toBe(0);
  venue = ['--market', join(dir, 'g', 'market.json'), '--params', join(dir, 'g', 'params.json')];
});

function totalEquity(stdout: string): number {
  return (JSON.parse(stdout) as { accounts: { equity: number }[] }).accounts.reduce((sum, a) => sum + a.equity, 0);
}

describe('the CSV book carries balances', () => {
  it('a generated venue gives the same equity from its JSON and its CSV book', async () => {
    const [json, csv] = await inSequence([
      () => cli(['run', ...venue, '--book', join(dir, 'g', 'book.json'), ...FAST, '--format', 'json', '--quiet']),
      () => cli(['run', ...venue, '--book', join(dir, 'g', 'book.csv'), ...FAST, '--format', 'json', '--quiet']),
    ]);
    expect(json.code).toBe(0);
    expect(csv.code).toBe(0);
    const equity = totalEquity(json.stdout);
    console.log(`[csv] total equity JSON book ${equity.toFixed(2)}, CSV book ${totalEquity(csv.stdout).toFixed(2)}`);
    expect(equity).toBeGreaterThan(0);
    expect(totalEquity(csv.stdout)).toBe(equity);
  }, 60_000);

  it('a book whose accounts hold positions but no collateral anywhere gets a warning', async () => {
    const positionsOnly = join(dir, 'positions-only.csv');
    writeFileSync(positionsOnly, 'account,instrument,quantity\na,BTC-PERPETUAL,1\nb,ETH-PERPETUAL,-2\n');
    const result = await cli(['run', '--book', positionsOnly, ...FAST, '--format', 'csv']);
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/warning: .*positions-only\.csv: no account holds any collateral/);
  }, 30_000);
});

describe('numbers are decimal', () => {
  it('refuses 0x10 in the CSV book, in --trade and in --seed', async () => {
    const hex = join(dir, 'hex.csv');
    writeFileSync(hex, 'account,instrument,quantity\nacct-0001,BTC-PERPETUAL,0x10\n');
    const [book, trade, seed] = await inSequence([
      () => cli(['run', '--book', hex, ...FAST]),
      () => cli(['whatif', '--account', 'acct-0001', '--trade', 'BTC-PERPETUAL:0x10', '--scenarios', '300', '--backend', 'cpu']),
      () => cli(['run', '--seed', '0x10', ...FAST]),
    ]);
    for (const r of [book, trade, seed]) expect(r.code, r.stderr).toBe(2);
    expect(book.stderr).toContain('hex.csv: line 2.quantity = "0x10"');
    expect(trade.stderr).toContain('--trade: trades[0] = "BTC-PERPETUAL:0x10"');
    expect(seed.stderr).toContain("option '--seed <n>' argument '0x10' is invalid");
  }, 30_000);
});

describe('usage errors', () => {
  it('exit 2 like any bad input, and name the option', async () => {
    const cases = [
      ['run', '--format', 'xml'],
      ['run', '--backend', 'quantum'],
      ['run', '--scenarios', '0'],
      ['run', '--seed', '-1'],
      ['whatif', '--trade', 'BTC-PERPETUAL:1'],
      ['run', '--no-such-option'],
    ];
    const results = await inSequence(cases.map((args) => () => cli(args)));
    results.forEach((r, k) => expect(r.code, `${cases[k].join(' ')}: ${r.stderr}`).toBe(2));
    expect(results[4].stderr).toContain("required option '--account <id>' not specified");
  }, 30_000);

  it('an override out of range is blamed on the option, and a seed above 2^53 is not rounded', async () => {
    const [scenarios, seed] = await inSequence([() => cli(['run', '--scenarios', '1e12']), () => cli(['run', '--seed', '9007199254740993'])]);
    expect(scenarios.code).toBe(2);
    expect(scenarios.stderr).toContain("option '--scenarios <n>' argument '1e12' is invalid");
    expect(scenarios.stderr).not.toContain('params');
    expect(seed.code).toBe(2);
    expect(seed.stderr).toContain('9007199254740993');
    expect(seed.stderr).not.toContain('9007199254740992');
  }, 30_000);

  it('--version prints the package version; --help marks required options', async () => {
    const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };
    const [version, help] = await inSequence([() => cli(['--version']), () => cli(['whatif', '--help'])]);
    expect(version.code).toBe(0);
    expect(version.stdout.trim()).toBe(pkg.version);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/--account <id>\s+account id in the book \(required\)/);
    expect(help.stdout).toMatch(/--trade <trades>[\s\S]*?\(required\)/);
    expect(help.stdout).toMatch(/--backend <backend>/);
  }, 30_000);
});

describe('--out is checked before any computation', () => {
  it('refuses a path under a file, a directory, a missing directory and a read-only file, exit 2, nothing computed', async () => {
    const readOnly = join(dir, 'read-only.json');
    writeFileSync(readOnly, 'keep me');
    chmodSync(readOnly, 0o444);
    mkdirSync(join(dir, 'a-directory'), { recursive: true });
    const cases: [string, RegExp][] = [
      ['README.md/x.json', /README\.md is not a directory/],
      [join(dir, 'a-directory'), /is a directory: name a file/],
      [join(dir, 'no', 'such', 'dir', 'x.json'), /does not exist \(--out does not create directories\)/],
      [readOnly, /is read-only: refusing to replace it/],
    ];
    const results = await inSequence(cases.map(([out]) => () => cli(['run', '--scenarios', '200000', '--backend', 'cpu', '--out', out])));
    results.forEach((r, k) => {
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toMatch(/^margin: invalid input\n--out: /);
      expect(r.stderr).toMatch(cases[k][1]);
      expect(r.stderr).not.toMatch(/backend:|scenarios \(/); // refused before the engine opened
    });
    expect(readFileSync(readOnly, 'utf8')).toBe('keep me');
  }, 30_000);

  it('an interrupted run leaves neither the output nor its temporary file', async () => {
    const out = join(dir, 'interrupted', 'risk.json');
    mkdirSync(join(dir, 'interrupted'));
    const { spawn } = await import('node:child_process');
    const child = spawn(process.execPath, ['--import', 'tsx', 'cli/main.ts', 'run', '--scenarios', '2000000', '--backend', 'cpu', '--workers', '1', '--format', 'json', '--out', out], { stdio: 'pipe' });
    // Wait for the first progress line, then interrupt.
    await new Promise<void>((resolve) => child.stderr.on('data', (chunk: Buffer) => /scenarios/.test(chunk.toString()) && resolve()));
    child.kill('SIGTERM');
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code).toBe(143);
    expect(readdirSync(join(dir, 'interrupted'))).toEqual([]);
  }, 60_000);
});

describe('limits and messages', () => {
  it('--workers above the available parallelism is lowered, with a warning', async () => {
    const result = await cli(['run', '--scenarios', '300', '--backend', 'cpu', '--workers', '1000', '--format', 'csv']);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain(`warning: --workers 1000 is above this machine's available parallelism (${availableParallelism()}): using ${availableParallelism()} workers`);
  }, 30_000);

  it('an expired option listed but held by nobody is a warning; held, it is refused naming the position', async () => {
    const market = sampleMarket() as { valuationTime: string; instruments: { id: string }[] };
    market.instruments.push({ id: 'BTC-20NOV26-90000-C' }); // expired four days before valuation
    const marketFile = join(dir, 'expired-market.json');
    writeFileSync(marketFile, JSON.stringify(market));
    const unheld = await cli(['run', '--market', marketFile, ...FAST, '--format', 'csv']);
    expect(unheld.code, unheld.stderr).toBe(0);
    expect(unheld.stderr).toMatch(/warning: .*expired-market\.json: instruments\[\d+\]\.expiry = .*expired at valuation time .*no account holds it, so it is left out/);
    const book = sampleBook() as { accounts: { positions: { instrument: string; quantity: number }[] }[] };
    book.accounts[0].positions.push({ instrument: 'BTC-20NOV26-90000-C', quantity: 1 });
    const bookFile = join(dir, 'expired-book.json');
    writeFileSync(bookFile, JSON.stringify(book));
    const held = await cli(['run', '--market', marketFile, '--book', bookFile, ...FAST]);
    expect(held.code).toBe(2);
    expect(held.stderr).toMatch(/expired-book\.json: accounts\[0\]\.positions\[\d+\]\.instrument = "BTC-20NOV26-90000-C": cannot be valued: .*expired/);
  }, 30_000);

  it('--crash-depth with a scenario that has no crash depth is refused, not ignored', async () => {
    const result = await cli(['stress', 'mango-spike', '--crash-depth', '0.4', '--backend', 'cpu']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--crash-depth: (root) = 0.4: applies to flash-crash only, not to mango-spike');
  }, 30_000);

  it('--book - reads the book from standard input, CSV or JSON', async () => {
    const csv = formatBookCsv(sampleBook() as Parameters<typeof formatBookCsv>[0]);
    const json = JSON.stringify(sampleBook());
    const [fromCsv, fromJson, fromFile] = await Promise.all([
      margin(['run', '--book', '-', ...FAST, '--format', 'json', '--quiet'], {}, csv),
      margin(['run', '--book', '-', ...FAST, '--format', 'json', '--quiet'], {}, json),
      margin(['run', ...FAST, '--format', 'json', '--quiet']),
    ]);
    for (const r of [fromCsv, fromJson, fromFile]) expect(r.code, r.stderr).toBe(0);
    const accounts = (r: { stdout: string }) => (JSON.parse(r.stdout) as { accounts: unknown[] }).accounts;
    expect(accounts(fromCsv)).toEqual(accounts(fromFile));
    expect(accounts(fromJson)).toEqual(accounts(fromFile));
    const twice = await margin(['run', '--book', '-', '--params', '-', ...FAST]);
    expect(twice.code).toBe(2);
    expect(twice.stderr).toContain('only one input can come from it');
  }, 60_000);
});

describe('run --account', () => {
  it('reports only the accounts named or matched; one that matches nothing is an error', async () => {
    const [selected, missing] = await inSequence([
      () => cli(['run', ...FAST, '--format', 'json', '--quiet', '--account', 'acct-0007,acct-001?']),
      () => cli(['run', ...FAST, '--account', 'acct-0007,nobody*']),
    ]);
    expect(selected.code, selected.stderr).toBe(0);
    const ids = (JSON.parse(selected.stdout) as { accounts: { account: string }[] }).accounts.map((a) => a.account);
    expect(ids).toEqual(['acct-0007', ...Array.from({ length: 10 }, (_, k) => `acct-001${k}`)]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('--account: (root) = "nobody*": no account in the book has this id or matches this pattern');
  }, 30_000);
});

describe('stress table', () => {
  it('prints prices with thousands separators and units', async () => {
    const result = await cli(['stress', 'flash-crash', '--backend', 'cpu', '--scenarios', '300', '--workers', '0', '--quiet']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/BTC market USD/);
    expect(result.stdout).toMatch(/\b\d{2},\d{3}(\.\d+)?\b/); // BTC near 95,000
    expect(result.stdout).not.toMatch(/\b\d{5}\.\d\b/); // not 95250.0
  }, 30_000);
});

describe('whatif --backend', () => {
  it('builds the block on the chosen backend (the CPU here) with the same result as before', async () => {
    const args = ['whatif', '--account', 'acct-0001', '--trade', 'SOL-PERPETUAL:1', '--scenarios', '1000', '--format', 'json', '--quiet'];
    const [inThread, workers] = await inSequence([() => cli([...args, '--backend', 'cpu', '--workers', '0']), () => cli([...args, '--backend', 'cpu', '--workers', '2'])]);
    expect(inThread.code, inThread.stderr).toBe(0);
    const a = JSON.parse(inThread.stdout);
    const b = JSON.parse(workers.stdout);
    expect(a.backend).toBe('cpu');
    expect(b.after).toEqual(a.after);
    expect(existsSync(join(dir, 'never'))).toBe(false);
  }, 30_000);
});
