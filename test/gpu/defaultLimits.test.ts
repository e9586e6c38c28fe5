/**
 * The GPU backend on a device with WebGPU's default limits (16 KiB of workgroup storage, 128 MiB
 * storage bindings), not the adapter's maxima: reduce.wgsl's list shrinks to what 16 KiB holds
 * and the results stay those of the CPU backend. Same adapter policy as every GPU test.
 */
import { describe, expect, it } from 'vitest';
import { CpuEngine } from '../../src/engine/cpu/cpuEngine.js';
import { GpuEngine } from '../../src/engine/gpu/gpuEngine.js';
import { tailListCapacity } from '../../src/engine/gpu/reduce.js';
import { prepareRisk } from '../../src/engine/risk.js';
import { sampleBook, sampleMarket, sampleParams } from '../../src/sample/sampleVenue.js';
import { useGpuTestDevice } from './gpuTestDevice.js';
import { grossNotional } from './notional.js';

const gpu = useGpuTestDevice({ limits: 'default' });

describe('GPU backend with WebGPU default limits', () => {
  it('selects the same tails as the CPU, through the list and over whole chunks', async (ctx) => {
    const acquired = gpu.use(ctx);
    expect(acquired.device.limits.maxComputeWorkgroupStorageSize).toBe(16_384);
    const capacity = tailListCapacity(acquired.device.limits.maxComputeWorkgroupStorageSize);
    expect(capacity).toBeGreaterThanOrEqual(1500);
    const book = sampleBook();
    // Every loss of a flat account is 0: its first digit's bin is the whole chunk.
    book.accounts.push({ id: 'flat', positions: [{ instrument: 'BTC-PERPETUAL', quantity: 0 }] });
    const plan = prepareRisk({ market: sampleMarket(), book, params: sampleParams() }, { scenarios: 6000 });
    const engine = GpuEngine.on(acquired, false);
    const onCpu = await new CpuEngine().simulate(plan);
    const notional = grossNotional(plan);
    for (const chunkSize of [1500, capacity + 500]) {
      const onGpu = await engine.simulate(plan, { chunkSize });
      onCpu.tails.forEach((tail, a) => {
        // parity.test.ts's rule: VaR within 1e-4 relative, floored at 1e-6 of gross notional.
        const expected = tail.losses[tail.losses.length - 1];
        const got = onGpu.tails[a].losses[onGpu.tails[a].losses.length - 1];
        expect(Math.abs(got - expected), `${plan.accountIds[a]} VaR, chunks of ${chunkSize}`).toBeLessThanOrEqual(Math.max(1e-4 * Math.abs(expected), 1e-6 * notional[a]));
      });
      const flat = plan.accountIds.indexOf('flat');
      expect(Array.from(onGpu.tails[flat].scenarios)).toEqual(Array.from({ length: plan.tailCount }, (_, s) => s));
    }
  });
});
