/**
 * What-if benchmark: how long a pre-trade margin check takes once the instrument P&L block is
 * cached. On the sample venue (254 accounts) for each scenario count: the one-off block build
 * (base and stressed calibration, CPU f64, one thread), then what-ifs of random trades on
 * random accounts: the first on an account (its "before" is computed too) and repeats (the
 * "before" is cached), with median, p95 and max. Prints a line per case and the JSON, and
 * writes bench/results/whatif-<scenarios>.json.
 *
 * Run alone (`node dist/bench/whatif.js`) or from bench/run.ts (npm run bench).
 * Environment: WHATIF_SCENARIOS (comma-separated, default 10000,100000), WHATIF_CALLS (default 300).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { prepareMargin } from '../src/margin/setup.js';
import { buildMarginCache, type Trade, whatIf } from '../src/margin/whatIf.js';
import { createPrng } from '../src/random/prng.js';
import { sampleBook, sampleMarket, sampleParams } from '../src/sample/sampleVenue.js';

const here = dirname(fileURLToPath(import.meta.url));
/** The repository root, whether this runs compiled (dist/bench/) or from source under tsx (bench/). */
const root = basename(dirname(here)) === 'dist' ? join(here, '..', '..') : join(here, '..');


function stats(values: number[]) {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  return { count: sorted.length, medianMs: at(0.5), p95Ms: at(0.95), maxMs: sorted[sorted.length - 1] };
}

export async function runWhatIfBench(): Promise<void> {
  const scenarioCounts = (process.env.WHATIF_SCENARIOS ?? '10000,100000').split(',').map(Number);
  const calls = Number(process.env.WHATIF_CALLS ?? 300);
  for (const scenarios of scenarioCounts) {
    const setup = prepareMargin({ market: sampleMarket(), book: sampleBook(), params: sampleParams() }, { scenarios });
    const { plan } = setup;
    const cache = buildMarginCache(setup);
    const prng = createPrng(scenarios); // deterministic trades, so runs compare
    const random = () => prng.uniform();
    // Trades in instruments the book already holds (a venue's usual case), one or two legs.
    const tradable = plan.instrumentIds.filter((id) => !id.startsWith('collateral:'));
    const trade = (): Trade[] =>
      Array.from({ length: 1 + Math.floor(random() * 2) }, () => ({
        instrument: tradable[Math.floor(random() * tradable.length)],
        quantity: Math.round((random() - 0.5) * 20) / 10 || 0.1,
      }));
    const first: number[] = [];
    const repeat: number[] = [];
    const seen = new Set<string>();
    // Warm up the JIT on a few calls not counted.
    for (let j = 0; j < 5; j++) {
      whatIf(cache, plan.accountIds[j], trade());
      seen.add(plan.accountIds[j]);
    }
    for (let call = 0; call < calls; call++) {
      const account = plan.accountIds[Math.floor(random() * plan.accountIds.length)];
      const result = whatIf(cache, account, trade());
      (seen.has(account) ? repeat : first).push(result.evaluationMs);
      seen.add(account);
    }
    const result = {
      date: new Date().toISOString(),
      machine: { cpu: cpus()[0]?.model, cores: availableParallelism(), node: process.version },
      book: { accounts: plan.accountIds.length, instruments: plan.instrumentIds.length, scenarios },
      blockBuildMs: cache.buildMs,
      blockBytes: 8 * (cache.block.pnl.length + cache.block.moves.length) * (cache.stressedBlock ? 2 : 1),
      firstOnAccount: stats(first),
      repeat: stats(repeat),
    };
    console.log(
      `what-if, sample venue, ${scenarios} scenarios × ${plan.instrumentIds.length} instruments: block built once in ${(cache.buildMs / 1000).toFixed(2)} s ` +
        `(${(result.blockBytes / 2 ** 20).toFixed(0)} MiB${cache.stressedBlock ? " with the stressed calibration" : ""}); per what-if median ${result.repeat.medianMs.toFixed(2)} ms, ` +
        `p95 ${result.repeat.p95Ms.toFixed(2)} ms (first on an account: median ${result.firstOnAccount.medianMs.toFixed(2)} ms)`,
    );
    console.log(JSON.stringify(result));
    const outDir = join(root, 'bench', 'results');
    mkdirSync(outDir, { recursive: true });
    writeFileSync(join(outDir, `whatif-${scenarios}.json`), `${JSON.stringify(result, null, 2)}\n`);
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await runWhatIfBench();
  process.exit(0);
}
