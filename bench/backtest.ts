/**
 * The walk-forward backtest in `npm run bench`: `margin backtest` as a user runs it (a child
 * process) on the ten crypto histories of ../shared/data/prices (never copied into the repo), the
 * five models and the reference portfolios, 10,000 scenarios a day: the whole history on the CPU
 * backend (the days on worker threads), and on the GPU backend (lavapipe here) over the last year
 * of it, the days one after another (a full run there takes far longer than the CPU's; the
 * per-run figure is what to compare). Skipped, with a message, without the data folder.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const COINS = ['BTC', 'ETH', 'SOL', 'BNB', 'XRP', 'ADA', 'DOGE', 'LTC', 'TRX', 'LINK'];

export interface BacktestBench {
  backend: string;
  from: string;
  to: string;
  days: number;
  portfolios: number;
  engineRuns: number;
  wallMs: number;
  msPerRun: number;
}

export function runBacktestBench(root: string, options: { scenarios?: number; gpu: boolean }): BacktestBench[] {
  const prices = resolve(root, '..', 'shared', 'data', 'prices');
  const files = COINS.map((coin) => join(prices, `${coin}-USD_1d.csv`));
  if (!files.every(existsSync)) {
    console.log(`backtest: ${prices} is absent: the walk-forward bench is skipped`);
    return [];
  }
  const cli = join(root, 'dist', 'cli', 'main.js');
  const out: BacktestBench[] = [];
  const runs: [string, string[]][] = [['cpu', []]];
  if (options.gpu) runs.push(['gpu', ['--from', '2024-02-18']]);
  for (const [backend, window] of runs) {
    const file = join(mkdtempSync(join(tmpdir(), 'margin-bench-backtest-')), 'backtest.json');
    const began = performance.now();
    execFileSync(
      process.execPath,
      [cli, 'backtest', '--history', ...files, '--max-gap-days', '1', '--to', '2025-02-17', ...window, '--scenarios', String(options.scenarios ?? 10_000),
        '--backend', backend, '--no-crashes', '--format', 'json', '--out', file, '--quiet'],
      { stdio: ['ignore', 'ignore', 'inherit'] },
    );
    const wallMs = performance.now() - began;
    const report = JSON.parse(readFileSync(file, 'utf8')) as { run: { from: string; to: string; days: number; portfolios: number; engineRuns: number } };
    const r = report.run;
    out.push({ backend, from: r.from, to: r.to, days: r.days, portfolios: r.portfolios, engineRuns: r.engineRuns, wallMs, msPerRun: wallMs / r.engineRuns });
    console.log(
      `margin backtest --backend ${backend}: ten coins, five models, ${r.portfolios} portfolios, ${r.from} … ${r.to} (${r.days} days), ` +
        `${r.engineRuns} engine runs of ${options.scenarios ?? 10_000} scenarios: ${(wallMs / 1000).toFixed(1)} s end to end (${(wallMs / r.engineRuns).toFixed(1)} ms a run)`,
    );
  }
  return out;
}
