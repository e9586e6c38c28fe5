/**
 * `npm run bench`: the engine on a generated book (default 1,000 accounts, 300 instruments,
 * 100,000 scenarios). Prints per backend the revaluations per second, the time of each stage
 * and the end-to-end wall time of `margin run` as a user runs it (a child process reading the
 * generated files), and writes everything as JSON to bench/results/.
 *
 * Figures are for comparison within one run: the machines are noisy.
 * Environment overrides: BENCH_ACCOUNTS, BENCH_INSTRUMENTS, BENCH_SCENARIOS, BENCH_WORKERS.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, mkdirSync } from 'node:fs';
import { availableParallelism, cpus, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CpuEngine } from '../src/engine/cpu/cpuEngine.js';
import { nodeWorkerExecutor } from '../src/engine/cpu/nodeWorkerExecutor.js';
import { formatBookCsv } from '../src/model/bookCsv.js';
import { prepareRisk, runRisk } from '../src/risk.js';
import { generateVenue } from '../src/sample/generate.js';

const envInt = (name: string, fallback: number) => (process.env[name] ? Number(process.env[name]) : fallback);
const accounts = envInt('BENCH_ACCOUNTS', 1000);
const instruments = envInt('BENCH_INSTRUMENTS', 300);
const scenarios = envInt('BENCH_SCENARIOS', 100_000);
const workers = envInt('BENCH_WORKERS', availableParallelism());

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');

async function main() {
  const venue = generateVenue({ accounts, instruments, seed: 1 });
  const dir = mkdtempSync(join(tmpdir(), 'margin-bench-'));
  writeFileSync(join(dir, 'market.json'), JSON.stringify(venue.market));
  writeFileSync(join(dir, 'params.json'), JSON.stringify(venue.params));
  writeFileSync(join(dir, 'book.csv'), formatBookCsv(venue.book));

  const plan = prepareRisk(venue, { scenarios });
  const revaluations = plan.scenarioCount * plan.instrumentIds.length;
  const positions = plan.positionInstrument.length;
  console.log(
    `book: ${accounts} accounts, ${plan.instrumentIds.length} instruments held (${instruments} listed), ${positions} positions, ` +
      `${plan.underlyings.length} underlyings; ${scenarios} scenarios; ${cpus()[0]?.model ?? 'cpu'} x${availableParallelism()}`,
  );

  const engine = new CpuEngine(nodeWorkerExecutor(workers));
  const report = await runRisk(plan, { engine });
  await engine.dispose();
  const t = report.timings;
  const cpuResult = {
    backend: 'cpu',
    engine: report.engine,
    wallMs: t.wall,
    revaluationsPerSecond: revaluations / (t.wall / 1000),
    revaluationsPerSecondInStage: revaluations / (t.revaluation / 1000),
    stageCpuMs: { scenarios: t.scenarios, revaluation: t.revaluation, aggregation: t.aggregation, reduction: t.reduction },
    chunks: report.chunkCount,
  };
  console.log(
    `cpu (${report.engine}): simulate ${(t.wall / 1000).toFixed(2)} s wall, ${(cpuResult.revaluationsPerSecond / 1e6).toFixed(1)} M revaluations/s end to end; ` +
      `stage CPU-time summed over workers: scenarios ${(t.scenarios / 1000).toFixed(2)} s, revaluation ${(t.revaluation / 1000).toFixed(2)} s ` +
      `(${(cpuResult.revaluationsPerSecondInStage / 1e6).toFixed(1)} M/s per thread), aggregation ${(t.aggregation / 1000).toFixed(2)} s, reduction ${(t.reduction / 1000).toFixed(2)} s`,
  );

  // End to end as a user runs it: a child process, files in, JSON out.
  const cli = join(root, 'dist', 'cli', 'main.js');
  const began = performance.now();
  execFileSync(
    process.execPath,
    [cli, 'run', '--market', join(dir, 'market.json'), '--book', join(dir, 'book.csv'), '--params', join(dir, 'params.json'),
      '--scenarios', String(scenarios), '--format', 'json', '--out', join(dir, 'risk.json'), '--quiet'],
    { stdio: 'inherit' },
  );
  const cliMs = performance.now() - began;
  console.log(`margin run end to end (child process, ${workers} workers): ${(cliMs / 1000).toFixed(2)} s`);

  const result = {
    date: new Date().toISOString(),
    machine: { cpu: cpus()[0]?.model, cores: availableParallelism(), node: process.version },
    book: { accounts, instrumentsListed: instruments, instrumentsHeld: plan.instrumentIds.length, positions, scenarios },
    backends: [cpuResult],
    marginRunEndToEndMs: cliMs,
  };
  const outDir = join(root, 'bench', 'results');
  mkdirSync(outDir, { recursive: true });
  const file = join(outDir, `bench-${accounts}x${instruments}x${scenarios}.json`);
  writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
  console.log(`wrote ${file}`);
}

await main();
process.exit(0);
