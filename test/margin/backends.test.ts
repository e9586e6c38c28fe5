/**
 * Margin runs on either backend: the rule-based models, equity and haircuts do not read the
 * scenarios (identical on both), and portfolio margin agrees within the engine's parity
 * tolerance (1e-4 relative, floored at 1e-6 of the account's gross notional: the f32
 * resolution of its P&L, see test/gpu/parity.test.ts). Skips without a WebGPU adapter unless
 * REQUIRE_WEBGPU=1.
 */
import { describe, expect, it } from 'vitest';
import { GpuEngine } from '../../src/engine/gpu/gpuEngine.js';
import { runMargin } from '../../src/margin/runMargin.js';
import { useGpuTestDevice } from '../gpu/gpuTestDevice.js';
import { sampleSetup } from './fixtures.js';

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
      // Contributions are recomputed in f64 on the GPU's tail scenarios: they sum to the f64
      // ES of that tail, which is the GPU's ES within the same tolerance.
      const sum = got.contributions!.reduce((s, c) => s + c.contribution, 0);
      const es = got.margin.portfolio.expectedShortfall;
      if (!(Math.abs(sum - es) <= Math.max(1e-4 * Math.abs(es), 1e-6 * notional))) failures.push(`${cpu.account} Σ contributions ${sum} vs GPU ES ${es}`);
    });
    expect(failures).toEqual([]);
    expect(Math.abs(onGpu.margin.summary.initial.portfolio / onCpu.margin.summary.initial.portfolio - 1)).toBeLessThan(1e-4);
  });
});
