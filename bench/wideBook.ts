/**
 * A book with 300 underlyings (600 factors: a venue listing 300 perpetual markets), in
 * `npm run bench`: both backends in this process on the same plan, the simulation's wall time
 * and stages. The Cholesky product is 600²/2 multiply-adds per scenario, so the scenario stage
 * dominates here, unlike on the benchmark book.
 */
import { CpuEngine } from '../src/engine/cpu/cpuEngine.js';
import { nodeWorkerExecutor } from '../src/engine/cpu/nodeWorkerExecutor.js';
import type { RiskEngine } from '../src/engine/engine.js';
import { GpuEngine } from '../src/engine/gpu/gpuEngine.js';
import { acquireNodeGpuDevice } from '../src/engine/gpu/nodeGpu.js';
import { prepareRisk, runRisk } from '../src/engine/risk.js';
import { generateVenue } from '../src/sample/generate.js';

export interface WideBookBench {
  underlyings: number;
  factors: number;
  accounts: number;
  instruments: number;
  scenarios: number;
  backends: { backend: string; wallMs: number; stagesMs: Record<string, number> }[];
}

export async function runWideBookBench(options: { scenarios: number; workers: number; gpu: boolean }): Promise<WideBookBench> {
  const venue = generateVenue({ accounts: 1000, instruments: 900, seed: 3, underlyings: 300 });
  const plan = prepareRisk(venue, { scenarios: options.scenarios });
  const engines: [string, () => Promise<RiskEngine>][] = [['cpu', async () => new CpuEngine(nodeWorkerExecutor(options.workers))]];
  if (options.gpu) engines.push(['gpu', async () => GpuEngine.on(await acquireNodeGpuDevice({ label: 'bench wide book' }))]);
  const backends: WideBookBench['backends'] = [];
  for (const [backend, open] of engines) {
    const engine = await open();
    try {
      const report = await runRisk(plan, { engine, stageTimings: true });
      const { wall, ...stages } = report.timings;
      backends.push({ backend, wallMs: wall, stagesMs: stages });
      console.log(
        `wide book (${plan.underlyings.length} underlyings, ${plan.factorCount} factors, ${plan.accountIds.length} accounts, ${plan.instrumentIds.length} instruments), ` +
          `${options.scenarios} scenarios, ${backend}: ${(wall / 1000).toFixed(2)} s (scenarios ${(stages.scenarios / 1000).toFixed(2)} s, revaluation ${(stages.revaluation / 1000).toFixed(2)} s, ` +
          `aggregation ${(stages.aggregation / 1000).toFixed(2)} s, reduction ${(stages.reduction / 1000).toFixed(2)} s)`,
      );
    } finally {
      await engine.dispose();
    }
  }
  return { underlyings: plan.underlyings.length, factors: plan.factorCount, accounts: plan.accountIds.length, instruments: plan.instrumentIds.length, scenarios: options.scenarios, backends };
}
