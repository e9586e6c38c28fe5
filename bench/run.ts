/**
 * `npm run bench`: the engine on a generated book (default 1,000 accounts, 300 instruments,
 * 100,000 scenarios). Prints per backend the revaluations per second, the time of each stage
 * and the end-to-end wall time of `margin run` as a user runs it (a child process reading the
 * generated files) against the numpy peer's (bench/peerComparison.ts), and writes everything as
 * JSON to bench/results/.
 *
 * It also times the CPU aggregation and the CPU revaluation alone, each JavaScript version
 * against its WebAssembly SIMD kernel (bench/aggregation.ts and bench/revaluation.ts,
 * `npm run bench:aggregation` and `npm run bench:revaluation` by themselves).
 *
 * Figures are for comparison within one run: the machines are noisy.
 * Environment overrides: BENCH_ACCOUNTS, BENCH_INSTRUMENTS, BENCH_SCENARIOS, BENCH_WORKERS, BENCH_ROUNDS
 * (peer comparison, default 3), BENCH_PEER (the peer script).
 */
import { mkdtempSync, writeFileSync, mkdirSync } from 'node:fs';
import { availableParallelism, cpus, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CpuEngine } from '../src/engine/cpu/cpuEngine.js';
import { nodeWorkerExecutor } from '../src/engine/cpu/nodeWorkerExecutor.js';
import type { RiskEngine } from '../src/engine/engine.js';
import { describeAdapter, GpuUnavailableError } from '../src/engine/gpu/device.js';
import { GpuEngine } from '../src/engine/gpu/gpuEngine.js';
import { acquireNodeGpuDevice } from '../src/engine/gpu/nodeGpu.js';
import type { RiskPlan } from '../src/engine/plan.js';
import { formatBookCsv } from '../src/model/bookCsv.js';
import { prepareRisk, runRisk } from '../src/engine/risk.js';
import { generateVenue } from '../src/sample/generate.js';
import { measureKernels } from './kernelTimes.js';
import { measureNaiveBlackScholes } from './naiveBlackScholes.js';
import { runWhatIfBench } from './whatif.js';
import { runCalibrationBench } from './calibration.js';
import { runBacktestBench } from './backtest.js';
import { runWideBookBench } from './wideBook.js';
import { comparePeer } from './peerComparison.js';
import { formatAggregationBench, runAggregationBench } from './aggregation.js';
import { formatRevaluationBench, runRevaluationBench } from './revaluation.js';

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
  writeFileSync(join(dir, 'book.json'), JSON.stringify(venue.book));

  const plan = prepareRisk(venue, { scenarios });
  const revaluations = plan.scenarioCount * plan.instrumentIds.length;
  const positions = plan.positionInstrument.length;
  console.log(
    `book: ${accounts} accounts, ${plan.instrumentIds.length} instruments held (${instruments} listed), ${positions} positions, ` +
      `${plan.underlyings.length} underlyings; ${scenarios} scenarios; ${cpus()[0]?.model ?? 'cpu'} x${availableParallelism()}`,
  );

  const backends = [await measure('cpu', new CpuEngine(nodeWorkerExecutor(workers)), plan, revaluations)];
  let adapter: string | undefined;
  try {
    const acquired = await acquireNodeGpuDevice({ label: 'bench' });
    adapter = describeAdapter(acquired.adapterInfo);
    const engine = GpuEngine.on(acquired);
    // A first, small run compiles the pipelines (lavapipe JIT-compiles on first dispatch).
    await runRisk(prepareRisk(venue, { scenarios: 2000 }), { engine });
    backends.push(await measure('gpu', engine, plan, revaluations));
  } catch (error) {
    if (!(error instanceof GpuUnavailableError)) throw error;
    console.log(`gpu: no WebGPU adapter (${error.message.split('\n')[0]})`);
  }
  const [cpuResult, gpuResult] = backends;
  let naiveBlackScholes: Awaited<ReturnType<typeof measureNaiveBlackScholes>> | undefined;
  let gpuKernels: Awaited<ReturnType<typeof measureKernels>> | undefined;
  if (gpuResult) {
    // Each kernel alone on one chunk (median of repeats), and the naive reference kernel.
    const acquired = await acquireNodeGpuDevice({ label: 'bench kernels' });
    gpuKernels = await measureKernels(acquired.device, acquired.limits, plan);
    naiveBlackScholes = await measureNaiveBlackScholes(acquired.device);
    acquired.release();
    const revaluation = gpuKernels.kernels.find((k) => k.kernel === 'revaluation')!;
    console.log(
      `gpu kernels alone, one chunk of ${gpuKernels.chunk} (median of 9): ` +
        gpuKernels.kernels.map((k) => `${k.kernel} ${k.medianMs.toFixed(1)} ms`).join(', ') +
        `; revaluation ${(revaluation.items / revaluation.medianMs / 1e3).toFixed(0)} M/s alone, ` +
        `${(gpuResult.revaluationsPerSecondInStage / 1e6).toFixed(0)} M/s as a stage of the run; ` +
        `reference: a naive single-kernel Black-Scholes (one element per invocation) ${(naiveBlackScholes.perSecond / 1e6).toFixed(0)} M/s on this adapter`,
    );
    console.log(`gpu/cpu end-to-end speed ratio: ${(cpuResult.wallMs / gpuResult.wallMs).toFixed(2)}x`);
  }

  // End to end as a user runs it (a child process, files in, JSON out), against the numpy peer.
  const peerComparison = comparePeer({ root, dir, scenarios, backends: backends.map((b) => b.backend), rounds: envInt('BENCH_ROUNDS', 3) });

  // The CPU aggregation alone, JavaScript against WebAssembly SIMD, in this process (bench/aggregation.ts).
  const aggregation = runAggregationBench(accounts, instruments, scenarios, envInt('BENCH_ROUNDS', 3) + 2, workers);
  console.log(formatAggregationBench(aggregation));
  const revaluation = runRevaluationBench(accounts, instruments, scenarios, envInt('BENCH_ROUNDS', 3) + 2, workers);
  console.log(formatRevaluationBench(revaluation));

  const wideBook = await runWideBookBench({ scenarios: envInt('BENCH_WIDE_SCENARIOS', 20_000), workers, gpu: gpuResult !== undefined });
  const backtest = runBacktestBench(root, { gpu: gpuResult !== undefined });
  const calibration = await runCalibrationBench({ root, benchDir: dir, baseParams: venue.params, scenarios: envInt('BENCH_NIGHTLY_SCENARIOS', 10_000) });

  const result = {
    date: new Date().toISOString(),
    machine: { cpu: cpus()[0]?.model, cores: availableParallelism(), node: process.version },
    book: { accounts, instrumentsListed: instruments, instrumentsHeld: plan.instrumentIds.length, positions, scenarios },
    adapter,
    backends,
    gpuOverCpuSpeed: gpuResult ? cpuResult.wallMs / gpuResult.wallMs : undefined,
    gpuKernels,
    naiveBlackScholes,
    peerComparison,
    aggregation,
    revaluation,
    calibration,
    backtest,
    wideBook,
  };
  const outDir = join(root, 'bench', 'results');
  mkdirSync(outDir, { recursive: true });
  const file = join(outDir, `bench-${accounts}x${instruments}x${scenarios}.json`);
  writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
  console.log(`wrote ${file}`);

  // Pre-trade what-if latency from the cached instrument P&L block (bench/whatif.ts).
  await runWhatIfBench();
}

/** One full simulation on a backend; per-stage times, revaluations per second. */
async function measure(backend: 'cpu' | 'gpu', engine: RiskEngine, plan: RiskPlan, revaluations: number) {
  const report = await runRisk(plan, { engine, stageTimings: true });
  await engine.dispose();
  const t = report.timings;
  const result = {
    backend,
    engine: report.engine,
    wallMs: t.wall,
    revaluationsPerSecond: revaluations / (t.wall / 1000),
    revaluationsPerSecondInStage: revaluations / (t.revaluation / 1000),
    stageMs: { scenarios: t.scenarios, revaluation: t.revaluation, aggregation: t.aggregation, reduction: t.reduction, transfers: t.transfers },
    chunks: report.chunkCount,
  };
  const sec = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
  console.log(
    `${backend} (${report.engine}): ${sec(t.wall)} wall, ${(result.revaluationsPerSecond / 1e6).toFixed(1)} M revaluations/s end to end, ${report.chunkCount} chunks\n` +
      `  stages${backend === 'cpu' ? ' (CPU time summed over workers)' : ''}: scenarios ${sec(t.scenarios)}, revaluation ${sec(t.revaluation)} ` +
      `(${(result.revaluationsPerSecondInStage / 1e6).toFixed(1)} M/s), aggregation ${sec(t.aggregation)}, reduction ${sec(t.reduction)}, transfers ${sec(t.transfers)}`,
  );
  return result;
}

await main();
process.exit(0);
