/**
 * `node dist/bench/gpuStages.js`: time each GPU stage on one chunk of the benchmark book, for
 * iterating on the kernels (the full comparison is bench/run.ts). Prints JSON too.
 * Environment: BENCH_ACCOUNTS, BENCH_INSTRUMENTS, BENCH_SCENARIOS (default 1000, 300, 32768).
 */
import { GpuEngine } from '../src/engine/gpu/gpuEngine.js';
import { acquireNodeGpuDevice } from '../src/engine/gpu/nodeGpu.js';
import { prepareRisk, runRisk } from '../src/risk.js';
import { generateVenue } from '../src/sample/generate.js';

const envInt = (name: string, fallback: number) => (process.env[name] ? Number(process.env[name]) : fallback);
const venue = generateVenue({ accounts: envInt('BENCH_ACCOUNTS', 1000), instruments: envInt('BENCH_INSTRUMENTS', 300), seed: 1 });
const plan = prepareRisk(venue, { scenarios: envInt('BENCH_SCENARIOS', 32_768) });
const acquired = await acquireNodeGpuDevice({ label: 'bench' });
const engine = GpuEngine.on(acquired);
await runRisk(prepareRisk(venue, { scenarios: 1000 }), { engine }); // compile the pipelines
const report = await runRisk(plan, { engine });
const t = report.timings;
const revaluations = plan.scenarioCount * plan.instrumentIds.length;
const terms = plan.scenarioCount * plan.positionInstrument.length;
const perSecond = (n: number, ms: number) => `${(n / ms / 1e3).toFixed(1)} M/s`;
console.log(
  `${engine.description}: ${plan.scenarioCount} scenarios, ${report.chunkCount} chunks\n` +
    `  scenarios ${t.scenarios.toFixed(0)} ms, revaluation ${t.revaluation.toFixed(0)} ms (${perSecond(revaluations, t.revaluation)}), ` +
    `aggregation ${t.aggregation.toFixed(0)} ms (${perSecond(terms, t.aggregation)} position-scenarios), ` +
    `reduction ${t.reduction.toFixed(0)} ms, transfers ${t.transfers.toFixed(0)} ms, wall ${t.wall.toFixed(0)} ms`,
);
console.log(JSON.stringify({ timings: t, revaluations, terms }));
await engine.dispose();
process.exit(0);
