/**
 * `node dist/bench/gpuStages.js`: time each GPU stage on the benchmark book, for iterating on
 * the kernels (the full comparison is bench/run.ts). First one whole simulation with its stage
 * timings, then each kernel alone on one chunk, repeated: the median of BENCH_REPEATS runs, so
 * that a noisy machine still gives comparable figures. Prints JSON too.
 * Environment: BENCH_ACCOUNTS, BENCH_INSTRUMENTS, BENCH_SCENARIOS (default 1000, 300, 65536),
 * BENCH_REPEATS (default 9).
 */
import { GpuEngine } from '../src/engine/gpu/gpuEngine.js';
import { bindAggregateAccounts } from '../src/engine/gpu/aggregate.js';
import { acquireNodeGpuDevice } from '../src/engine/gpu/nodeGpu.js';
import { PipelineCache } from '../src/engine/gpu/pipelines.js';
import { bindSelectTails } from '../src/engine/gpu/reduce.js';
import { bindRevalueInstruments } from '../src/engine/gpu/revalue.js';
import { gpuChunkSize, RunResources } from '../src/engine/gpu/runResources.js';
import { bindGenerateMoves } from '../src/engine/gpu/scenarios.js';
import { prepareRisk, runRisk } from '../src/risk.js';
import { generateVenue } from '../src/sample/generate.js';
import { measureNaiveBlackScholes } from './naiveBlackScholes.js';

const envInt = (name: string, fallback: number) => (process.env[name] ? Number(process.env[name]) : fallback);
const venue = generateVenue({ accounts: envInt('BENCH_ACCOUNTS', 1000), instruments: envInt('BENCH_INSTRUMENTS', 300), seed: 1 });
const plan = prepareRisk(venue, { scenarios: envInt('BENCH_SCENARIOS', 65_536) });
const repeats = envInt('BENCH_REPEATS', 9);
const acquired = await acquireNodeGpuDevice({ label: 'bench' });
const engine = GpuEngine.on(acquired);
const perSecond = (n: number, ms: number) => `${(n / ms / 1e3).toFixed(1)} M/s`;

await runRisk(prepareRisk(venue, { scenarios: 1000 }), { engine }); // compile the pipelines
const report = await runRisk(plan, { engine });
const t = report.timings;
const revaluations = plan.scenarioCount * plan.instrumentIds.length;
const terms = plan.scenarioCount * plan.positionInstrument.length;
console.log(
  `${engine.description}: ${plan.scenarioCount} scenarios, ${report.chunkCount} chunks\n` +
    `  whole run: scenarios ${t.scenarios.toFixed(0)} ms, revaluation ${t.revaluation.toFixed(0)} ms (${perSecond(revaluations, t.revaluation)}), ` +
    `aggregation ${t.aggregation.toFixed(0)} ms (${perSecond(terms, t.aggregation)} position-scenarios), ` +
    `reduction ${t.reduction.toFixed(0)} ms, transfers ${t.transfers.toFixed(0)} ms, wall ${t.wall.toFixed(0)} ms`,
);

// Each kernel alone on one chunk (inputs are whatever the previous kernel left: timing only).
const device = acquired.device;
const chunk = Math.min(gpuChunkSize(plan, acquired.limits), plan.scenarioCount);
const res = new RunResources(device, plan, chunk);
const pipelines = new PipelineCache(device);
res.writeRunParams(0, chunk);
const kernels: [string, (e: GPUCommandEncoder) => void, number][] = [
  ['scenarios', ((k) => (e: GPUCommandEncoder) => k(e, chunk))(await bindGenerateMoves(res, pipelines)), chunk],
  ['revaluation', ((k) => (e: GPUCommandEncoder) => k(e, chunk))(await bindRevalueInstruments(res, pipelines)), chunk * plan.instrumentIds.length],
  ['aggregation', ((k) => (e: GPUCommandEncoder) => k(e, chunk))(await bindAggregateAccounts(res, pipelines)), chunk * plan.positionInstrument.length],
  ['reduction', await bindSelectTails(res, pipelines), chunk * plan.accountIds.length],
];
const medians: Record<string, number> = {};
const lines: string[] = [];
for (const [name, encode, items] of kernels) {
  const times: number[] = [];
  for (let r = 0; r < repeats; r++) {
    const began = performance.now();
    const encoder = device.createCommandEncoder();
    encode(encoder);
    device.queue.submit([encoder.finish()]);
    await device.queue.onSubmittedWorkDone();
    times.push(performance.now() - began);
  }
  times.sort((a, b) => a - b);
  medians[name] = times[times.length >> 1];
  lines.push(`${name} ${medians[name].toFixed(1)} ms (${perSecond(items, medians[name])})`);
}
console.log(`  one chunk of ${chunk}, median of ${repeats}: ${lines.join(', ')}`);
const naive = await measureNaiveBlackScholes(device, repeats);
console.log(`  reference: naive single-kernel Black-Scholes ${perSecond(naive.elements, naive.medianMs)}`);
console.log(JSON.stringify({ timings: t, revaluations, terms, chunk, kernelMedianMs: medians, naiveBlackScholes: naive }));
res.destroy();
await engine.dispose();
process.exit(0);
