/**
 * The engine change the cluster stands on: `simulate(plan, { scenarioRange })` runs only a range
 * of the plan's scenarios, and the tails of disjoint ranges merge (mergeTails) into the whole
 * run's tails bit for bit, on the CPU and on the GPU (whose results are bit-identical across
 * chunkings, so across ranges too), whatever the split; `stressGrid: false` skips the grid.
 */
import { describe, expect, it } from 'vitest';
import { CpuEngine } from '../../src/engine/cpu/cpuEngine.js';
import { GpuEngine } from '../../src/engine/gpu/gpuEngine.js';
import { mergeTails, prepareRisk, type RiskEngine, type RiskPlan, type SimulationResult } from '../../src/engine/index.js';
import { sampleBook, sampleMarket, sampleParams } from '../../src/sample/sampleVenue.js';
import { useGpuTestDevice } from '../gpu/gpuTestDevice.js';

const plan: RiskPlan = prepareRisk({ market: sampleMarket(), book: sampleBook(), params: sampleParams() }, { scenarios: 6_000, seed: 42 });

/** The whole run simulated as the given ranges, merged per account. */
async function simulateInRanges(engine: RiskEngine, cuts: number[], chunkSize?: number): Promise<SimulationResult['tails']> {
  const bounds = [0, ...cuts, plan.scenarioCount];
  const parts: SimulationResult[] = [];
  for (let r = 0; r + 1 < bounds.length; r++) {
    parts.push(await engine.simulate(plan, { scenarioRange: { start: bounds[r], count: bounds[r + 1] - bounds[r] }, stressGrid: false, chunkSize }));
  }
  for (const part of parts) expect(part.stressPnl.length).toBe(0);
  return plan.accountIds.map((_, a) => mergeTails(parts.map((p) => p.tails[a]), plan.tailCount));
}

function expectSameTails(got: SimulationResult['tails'], expected: SimulationResult['tails']): void {
  let differing = 0;
  expected.forEach((tail, a) => {
    const same =
      got[a].losses.length === tail.losses.length &&
      Buffer.from(got[a].losses.buffer, got[a].losses.byteOffset, got[a].losses.byteLength).equals(Buffer.from(tail.losses.buffer, tail.losses.byteOffset, tail.losses.byteLength)) &&
      got[a].scenarios.every((s, j) => s === tail.scenarios[j]);
    if (!same) differing++;
  });
  // Bit for bit: any difference is a bug of the split, not rounding.
  expect(differing, `${differing} of ${expected.length} accounts' tails differ from the single run`).toBe(0);
}

describe('simulate a scenario range (CPU, f64)', () => {
  const engine = new CpuEngine();

  it('ranges of any split merge into the single run bit for bit', async () => {
    const whole = await engine.simulate(plan);
    for (const cuts of [[3000], [1, 2, 1999, 4500], [777, 1554, 2331, 3108, 3885, 4662, 5439]]) {
      expectSameTails(await simulateInRanges(engine, cuts, 512), whole.tails);
    }
  });

  it('a range shorter than k returns every scenario of it; stressGrid defaults to on', async () => {
    const short = await engine.simulate(plan, { scenarioRange: { start: 5990, count: 10 } });
    expect(short.tails[0].losses.length).toBe(10);
    expect([...short.tails[0].scenarios].sort((x, y) => x - y)).toEqual([5990, 5991, 5992, 5993, 5994, 5995, 5996, 5997, 5998, 5999]);
    expect(short.stressPnl.length).toBe(plan.accountIds.length * plan.stress.length);
  });

  it('refuses a range outside the plan', async () => {
    await expect(engine.simulate(plan, { scenarioRange: { start: 5000, count: 1001 } })).rejects.toThrow(/within the plan's 6000 scenarios, got start 5000, count 1001/);
    await expect(engine.simulate(plan, { scenarioRange: { start: -1, count: 10 } })).rejects.toThrow(RangeError);
    await expect(engine.simulate(plan, { scenarioRange: { start: 0, count: 0 } })).rejects.toThrow(RangeError);
  });
});

describe('simulate a scenario range (GPU, f32)', () => {
  const gpu = useGpuTestDevice();

  it('ranges merge into the single GPU run bit for bit', async (ctx) => {
    const engine = GpuEngine.on(gpu.use(ctx), false);
    const whole = await engine.simulate(plan);
    expectSameTails(await simulateInRanges(engine, [1, 2500, 4097]), whole.tails);
    const withGrid = await engine.simulate(plan, { scenarioRange: { start: 0, count: 100 } });
    expect(Buffer.from(withGrid.stressPnl.buffer).equals(Buffer.from(whole.stressPnl.buffer))).toBe(true);
  });
});
