/**
 * `node dist/bench/gpuStages.js`: time each GPU stage on the benchmark book, for iterating on
 * the kernels (the full comparison is bench/run.ts). First one whole simulation with its stage
 * timings, then each kernel alone on one chunk, repeated: the median of BENCH_REPEATS runs, so
 * that a noisy machine still gives comparable figures. Prints JSON too.
 * Environment: BENCH_ACCOUNTS, BENCH_INSTRUMENTS, BENCH_SCENARIOS (default 1000, 300, 65536),
 * BENCH_REPEATS (default 9).
 */
import { GpuEngine } from '../src/engine/gpu/gpuEngine.js';
import { acquireNodeGpuDevice } from '../src/engine/gpu/nodeGpu.js';
import { prepareRisk, runRisk } from '../src/engine/risk.js';
import { generateVenue } from '../src/sample/generate.js';
import { measureKernels } from './kernelTimes.js';
import { measureNaiveBlackScholes } from './naiveBlackScholes.js';

const envInt = (name: string, fallback: number) => (process.env[name] ? Number(process.env[name]) : fallback);
const venue = generateVenue({ accounts: envInt('BENCH_ACCOUNTS', 1000), instruments: envInt('BENCH_INSTRUMENTS', 300), seed: 1 });
const plan = prepareRisk(venue, { scenarios: envInt('BENCH_SCENARIOS', 65_536) });
const repeats = envInt('BENCH_REPEATS', 9);
const acquired = await acquireNodeGpuDevice({ label: 'bench' });
const engine = GpuEngine.on(acquired);
const perSecond = (n: number, ms: number) => `${(n / ms / 1e3).toFixed(1)} M/s`;

await runRisk(prepareRisk(venue, { scenarios: 1000 }), { engine }); // compile the pipelines
const report = await runRisk(plan, { engine, stageTimings: true });
const t = report.timings;
const revaluations = plan.scenarioCount * plan.instrumentIds.length;
const terms = plan.scenarioCount * plan.positionInstrument.length;
console.log(
  `${engine.description}: ${plan.scenarioCount} scenarios, ${report.chunkCount} chunks\n` +
    `  whole run: scenarios ${t.scenarios.toFixed(0)} ms, revaluation ${t.revaluation.toFixed(0)} ms (${perSecond(revaluations, t.revaluation)}), ` +
    `aggregation ${t.aggregation.toFixed(0)} ms (${perSecond(terms, t.aggregation)} position-scenarios), ` +
    `reduction ${t.reduction.toFixed(0)} ms, transfers ${t.transfers.toFixed(0)} ms, wall ${t.wall.toFixed(0)} ms`,
);

// Each kernel alone on one chunk.
const device = acquired.device;
const { chunk, kernels } = await measureKernels(device, acquired.limits, plan, repeats);
const medians = Object.fromEntries(kernels.map((k) => [k.kernel, k.medianMs]));
console.log(`  one chunk of ${chunk}, median of ${repeats}: ${kernels.map((k) => `${k.kernel} ${k.medianMs.toFixed(1)} ms (${perSecond(k.items, k.medianMs)})`).join(', ')}`);
const naive = await measureNaiveBlackScholes(device, repeats);
console.log(`  reference: naive single-kernel Black-Scholes ${perSecond(naive.elements, naive.medianMs)}`);
console.log(JSON.stringify({ timings: t, revaluations, terms, chunk, kernelMedianMs: medians, naiveBlackScholes: naive }));
await engine.dispose();
process.exit(0);
