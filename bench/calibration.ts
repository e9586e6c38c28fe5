/**
 * The calibration in `npm run bench`: the ten crypto histories of ../shared/data/prices (about
 * 3,800 days for BTC and LTC; never copied into the repo) calibrated by each method, in this
 * process (median of three), and one whole `margin nightly` on the benchmark book as a user runs
 * it (a child process: history files in, night folder and store out). Without the data folder
 * the section says so and measures the embedded synthetic history instead.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { calibrate, type CalibrationInput } from '../src/calibration/calibrate.js';
import { formatPriceHistoryCsv, mergePriceHistories, parsePriceHistory, syntheticHistory } from '../src/calibration/history/index.js';
import type { CalibrationMethod } from '../src/calibration/pack/types.js';
import type { RiskParamsInput } from '../src/model/schemas.js';
import { median } from './median.js';

const COINS = ['BTC', 'ETH', 'SOL', 'BNB', 'XRP', 'ADA', 'DOGE', 'LTC', 'TRX', 'LINK'];
/** The last complete day of the files (their last row, 2025-02-20, is a partial day). */
const AS_OF = '2025-02-19';

export interface CalibrationBench {
  data: string;
  assets: number;
  days: number;
  methods: Record<CalibrationMethod, { medianMs: number; hash: string }>;
  nightly?: { accounts: number; scenarios: number; wallMs: number; backend: string };
}

export async function runCalibrationBench(options: { root: string; benchDir: string; baseParams: RiskParamsInput; scenarios: number }): Promise<CalibrationBench> {
  const prices = resolve(options.root, '..', 'shared', 'data', 'prices');
  const files = COINS.map((coin) => join(prices, `${coin}-USD_1d.csv`));
  const real = files.every((file) => existsSync(file));
  if (!real) console.log(`calibration: ${prices} is absent: measuring the embedded synthetic history instead`);
  const history = real
    ? mergePriceHistories(files.map((file) => parsePriceHistory(readFileSync(file, 'utf8'), file, { asOf: AS_OF, maxGapDays: 1 })))
    : parsePriceHistory(formatPriceHistoryCsv(syntheticHistory().prices), 'synthetic', { maxGapDays: 1 });
  const assets = [...history.assets.keys()].sort();
  const days = Math.max(...[...history.assets.values()].map((a) => a.dates.length));
  const input: CalibrationInput = { prices: history, data: [], asOf: real ? AS_OF : '2026-11-23', assets, baseParams: options.baseParams };
  const methods = {} as CalibrationBench['methods'];
  for (const method of ['ewma', 'garch', 'sample'] as const) {
    const times: number[] = [];
    let hash = '';
    for (let repeat = 0; repeat < 3; repeat++) {
      const began = performance.now();
      hash = (await calibrate(input, { method })).hash;
      times.push(performance.now() - began);
    }
    methods[method] = { medianMs: median(times), hash };
    console.log(`calibrate ${assets.length} assets (${days} days at most, window 1,000 returns) by ${method}: ${median(times).toFixed(0)} ms (median of 3)`);
  }
  let nightly: CalibrationBench['nightly'];
  if (real) {
    // The benchmark book trades BTC, ETH, SOL and two generated assets: the pack estimates the
    // coins and keeps the generated assets' parameters from the benchmark's params.
    const out = mkdtempSync(join(tmpdir(), 'margin-bench-nightly-'));
    const cli = join(options.root, 'dist', 'cli', 'main.js');
    const began = performance.now();
    execFileSync(
      process.execPath,
      [cli, 'nightly', '--history', ...files, '--max-gap-days', '1', '--as-of', AS_OF, '--book', join(options.benchDir, 'book.csv'),
        '--market', join(options.benchDir, 'market.json'), '--params', join(options.benchDir, 'params.json'), '--scenarios', String(options.scenarios), '--out', out, '--quiet'],
      { stdio: ['ignore', 'ignore', 'inherit'] },
    );
    const wallMs = performance.now() - began;
    const report = JSON.parse(readFileSync(join(out, 'nights', AS_OF, 'report.json'), 'utf8')) as { run: { backend: string }; totals: { after: { accounts: number } } };
    nightly = { accounts: report.totals.after.accounts, scenarios: options.scenarios, wallMs, backend: report.run.backend };
    console.log(`margin nightly on the benchmark book (${nightly.accounts} accounts, ${options.scenarios} scenarios, ${nightly.backend}; ten coins calibrated): ${(wallMs / 1000).toFixed(2)} s end to end`);
  }
  return { data: real ? prices : 'synthetic', assets: assets.length, days, methods, nightly };
}
