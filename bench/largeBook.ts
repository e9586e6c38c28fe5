/**
 * `npm run bench:large-book`: a venue of 200,000 accounts (about 2.2 million CSV rows, ~95 MB)
 * through the CLI as a user runs it. Measures, each in a child process, the peak resident memory
 * (worker threads included) and the time of
 *   1. reading the CSV book as `margin run` does (streamed and validated row by row),
 *   2. reading it whole into one string first (the way it was read before), for comparison,
 *   3. `margin run --format json --out F` on the CPU backend end to end (default 2,000 scenarios).
 * Prints the figures and writes them as JSON to bench/results/. Overrides: LARGE_BOOK_ACCOUNTS,
 * LARGE_BOOK_INSTRUMENTS, LARGE_BOOK_SCENARIOS, LARGE_BOOK_WORKERS.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatBookCsv } from '../src/model/bookCsv.js';
import { generateVenue } from '../src/sample/generate.js';

const envInt = (name: string, fallback: number) => (process.env[name] ? Number(process.env[name]) : fallback);
const accounts = envInt('LARGE_BOOK_ACCOUNTS', 200_000);
const instruments = envInt('LARGE_BOOK_INSTRUMENTS', 300);
const scenarios = envInt('LARGE_BOOK_SCENARIOS', 2000);
const workers = envInt('LARGE_BOOK_WORKERS', availableParallelism());

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');

interface Measured {
  wallMs: number;
  maxRssMiB: number;
  stdout: string;
}

/** Runs `node [args]` with the max-RSS hook preloaded; returns wall time, peak memory and stdout. */
function measured(args: string[], dir: string): Measured {
  const rssFile = join(dir, `rss-${Math.random().toString(36).slice(2)}`);
  const began = performance.now();
  const stdout = execFileSync(process.execPath, ['--import', join(here, 'maxRss.js'), ...args], {
    env: { ...process.env, MAX_RSS_FILE: rssFile },
    encoding: 'utf8',
    maxBuffer: 1 << 26,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const wallMs = performance.now() - began;
  return { wallMs, maxRssMiB: Number(readFileSync(rssFile, 'utf8')) / 1024, stdout };
}

function main(): void {
  const dir = mkdtempSync(join(tmpdir(), 'margin-large-book-'));
  try {
    const venue = generateVenue({ accounts, instruments, seed: 1 });
    const book = join(dir, 'book.csv');
    writeFileSync(join(dir, 'market.json'), JSON.stringify(venue.market));
    writeFileSync(join(dir, 'params.json'), JSON.stringify(venue.params));
    writeFileSync(book, formatBookCsv(venue.book));
    const rows = venue.book.accounts.reduce((sum, a) => sum + a.positions.length + Object.keys(a.balances ?? {}).length, 0);
    const csvMiB = statSync(book).size / 2 ** 20;
    console.log(`large book: ${accounts} accounts, ${rows} CSV rows (${csvMiB.toFixed(1)} MiB), ${instruments} instruments; ${cpus()[0]?.model ?? 'cpu'} x${availableParallelism()}`);

    const load = (mode: string) => measured([join(here, 'loadBook.js'), mode, book], dir);
    const streamed = load('stream');
    const whole = load('whole');
    console.log(`read the CSV book, streamed (margin run):   ${(streamed.wallMs / 1000).toFixed(1)} s, peak ${streamed.maxRssMiB.toFixed(0)} MiB`);
    console.log(`read the CSV book, whole string (before):   ${(whole.wallMs / 1000).toFixed(1)} s, peak ${whole.maxRssMiB.toFixed(0)} MiB`);

    const out = join(dir, 'risk.json');
    const cli = join(root, 'dist', 'cli', 'main.js');
    const run = measured(
      [cli, 'run', '--market', join(dir, 'market.json'), '--params', join(dir, 'params.json'), '--book', book,
        '--scenarios', String(scenarios), '--backend', 'cpu', '--workers', String(workers), '--format', 'json', '--out', out, '--quiet'],
      dir,
    );
    const outMiB = statSync(out).size / 2 ** 20;
    console.log(`margin run --format json, ${scenarios} scenarios, CPU x${workers}: ${(run.wallMs / 1000).toFixed(1)} s, peak ${run.maxRssMiB.toFixed(0)} MiB, wrote ${outMiB.toFixed(0)} MiB of JSON`);

    const results = {
      date: new Date().toISOString(), cpu: cpus()[0]?.model, cores: availableParallelism(), accounts, instruments, rows, csvMiB, scenarios, workers,
      readStreamed: { ...JSON.parse(streamed.stdout), wallMs: streamed.wallMs, maxRssMiB: streamed.maxRssMiB },
      readWhole: { ...JSON.parse(whole.stdout), wallMs: whole.wallMs, maxRssMiB: whole.maxRssMiB },
      run: { wallMs: run.wallMs, maxRssMiB: run.maxRssMiB, outputMiB: outMiB },
    };
    const resultsDir = join(root, 'bench', 'results');
    mkdirSync(resultsDir, { recursive: true });
    writeFileSync(join(resultsDir, `large-book-${Date.now()}.json`), `${JSON.stringify(results, null, 2)}\n`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main();
