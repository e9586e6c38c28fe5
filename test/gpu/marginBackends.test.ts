/**
 * Margin runs on either backend: the rule-based models, equity and haircuts do not read the
 * scenarios (identical on both), and portfolio margin agrees within the engine's parity
 * tolerance (1e-4 relative, floored at 1e-6 of the account's gross notional: the f32
 * resolution of its P&L, see test/gpu/parity.test.ts). Skips without a WebGPU adapter unless
 * REQUIRE_WEBGPU=1.
 */
import { describe, expect, it } from 'vitest';
import { CpuEngine } from '../../src/engine/cpu/cpuEngine.js';
import { GpuEngine } from '../../src/engine/gpu/gpuEngine.js';
import { eulerContributions } from '../../src/margin/attribution.js';
import { runMargin } from '../../src/margin/runMargin.js';
import { buildMarginCache, buildMarginCacheOn, whatIf } from '../../src/margin/whatIf.js';
import { useGpuTestDevice } from './gpuTestDevice.js';
import { sampleSetup } from '../margin/fixtures.js';

const gpu = useGpuTestDevice();

describe('margin on the GPU backend', () => {
  it('matches the CPU backend on the sample venue', async (ctx) => {
    const acquired = gpu.use(ctx);
    const engine = GpuEngine.on(acquired, false);
    const setup = sampleSetup({ scenarios: 8000 });
    const onGpu = await runMargin(setup, { engine });
    const onCpu = await runMargin(setup);
    expect(onGpu.risk.backend).toBe('gpu');
    const { plan } = setup;
    const failures: string[] = [];
    onCpu.margin.accounts.forEach((cpu, a) => {
      const got = onGpu.margin.accounts[a];
      expect(got.equity).toBe(cpu.equity);
      expect(got.margin.isolated.initial).toBe(cpu.margin.isolated.initial);
      expect(got.margin.cross.initial).toBe(cpu.margin.cross.initial);
      let notional = 0;
      for (let p = plan.accountOffsets[a]; p < plan.accountOffsets[a + 1]; p++) {
        const i = plan.positionInstrument[p];
        notional += Math.abs(plan.positionQuantity[p]) * plan.multiplier[i] * plan.basePrice[i];
      }
      const tolerance = Math.max(1e-4 * cpu.margin.portfolio.initial, 1e-6 * notional);
      const error = Math.abs(got.margin.portfolio.initial - cpu.margin.portfolio.initial);
      if (!(error <= tolerance)) {
        failures.push(`${cpu.account} portfolio initial: computed ${got.margin.portfolio.initial}, expected ${cpu.margin.portfolio.initial}, error ${error}, tolerance ${tolerance}`);
      }
      // Contributions come from the GPU's own P&L of its tail scenarios (f32, summed in f64):
      // they sum to the GPU's ES within the same tolerance.
      const sum = got.contributions!.reduce((s, c) => s + c.contribution, 0);
      const es = got.margin.portfolio.expectedShortfall;
      if (!(Math.abs(sum - es) <= Math.max(1e-4 * Math.abs(es), 1e-6 * notional))) failures.push(`${cpu.account} Σ contributions ${sum} vs GPU ES ${es}`);
    });
    expect(failures).toEqual([]);
    expect(Math.abs(onGpu.margin.summary.initial.portfolio / onCpu.margin.summary.initial.portfolio - 1)).toBeLessThan(1e-4);
  });

  it('attributes ES on the GPU as the CPU does on the same tails', async (ctx) => {
    const engine = GpuEngine.on(gpu.use(ctx), false);
    const { plan } = sampleSetup({ scenarios: 6000 });
    const { tails } = await engine.simulate(plan);
    const onGpu = await eulerContributions(plan, tails, engine);
    const onCpu = await eulerContributions(plan, tails, new CpuEngine(), 1000);
    const failures: string[] = [];
    let compared = 0;
    onCpu.forEach((positions, a) =>
      positions.forEach((expected, j) => {
        const p = plan.accountOffsets[a] + j;
        const i = plan.positionInstrument[p];
        // Each contribution is a mean of −q·pnl: f32 P&L carries ~1e-7 of the position's notional.
        const notional = Math.abs(plan.positionQuantity[p]) * plan.multiplier[i] * plan.basePrice[i];
        const got = onGpu[a][j].contribution;
        const tolerance = Math.max(1e-4 * Math.abs(expected.contribution), 1e-6 * notional);
        compared++;
        if (onGpu[a][j].instrument !== expected.instrument || !(Math.abs(got - expected.contribution) <= tolerance)) {
          failures.push(`${plan.accountIds[a]} ${expected.instrument}: GPU ${got}, CPU ${expected.contribution}, tolerance ${tolerance}`);
        }
      }),
    );
    expect(compared).toBeGreaterThan(500);
    expect(failures).toEqual([]);
  });

  it('what-if on a block revalued on the GPU (whatif --backend gpu) agrees with the CPU block', async (ctx) => {
    const engine = GpuEngine.on(gpu.use(ctx), false);
    const setup = sampleSetup({ scenarios: 4000 });
    const onGpu = await buildMarginCacheOn(engine, setup);
    const onCpu = buildMarginCache(setup);
    // The moves are generated on the host in both; only the P&L block comes from the backend.
    expect(onGpu.block.moves).toEqual(onCpu.block.moves);
    expect(onGpu.block.pnl.some((v, k) => v !== onCpu.block.pnl[k])).toBe(true); // f32 values: really the GPU's
    const trades = [{ instrument: 'BTC-25JUN27-100000-P', quantity: 3 }, { instrument: 'ETH-PERPETUAL', quantity: -5 }];
    const failures: string[] = [];
    for (const account of ['acct-0013', 'acct-0097', 'acct-0150']) {
      const got = whatIf(onGpu, account, trades);
      const expected = whatIf(onCpu, account, trades);
      for (const side of ['before', 'after'] as const) {
        const g = got[side].margin.portfolio;
        const e = expected[side].margin.portfolio;
        // Parity tolerance of the engine: 1e-4 relative, floored at 1e-6 of the gross collateral and position value.
        const tolerance = Math.max(1e-4 * e.initial, 1e-6 * Math.abs(expected[side].equity));
        console.log(`[whatif gpu] ${account} ${side}: portfolio initial GPU ${g.initial.toFixed(2)}, CPU ${e.initial.toFixed(2)}, tolerance ${tolerance.toFixed(2)}`);
        if (!(Math.abs(g.initial - e.initial) <= tolerance)) failures.push(`${account} ${side}: GPU ${g.initial}, CPU ${e.initial}`);
      }
      expect(got.after.margin.isolated.initial).toBe(expected.after.margin.isolated.initial);
    }
    expect(failures).toEqual([]);
  });
});
