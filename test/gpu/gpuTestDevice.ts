/**
 * The GPU-test device policy, shared by every test under test/gpu:
 *   - the device is acquired once per file in `beforeAll` (vitest runs files in forks: Dawn has
 *     crashed when an adapter is acquired inside worker threads) and released in `afterAll`;
 *   - REQUIRE_WEBGPU=1 (CI): no adapter is a FAILURE of every test in the file;
 *   - otherwise: no adapter skips the tests, with a loud console.warn saying why and how to fix.
 * Errors other than "no adapter/device" (bugs) always fail.
 *
 * Usage:
 *   const gpu = useGpuTestDevice();
 *   it('does X', async (ctx) => { const { device } = gpu.use(ctx); ... });
 */
import { afterAll, beforeAll, type TestContext } from 'vitest';
import { type AcquireNodeGpuDeviceOptions, type AcquiredNodeGpuDevice, acquireNodeGpuDevice } from '../../src/engine/gpu/nodeGpu.js';
import { describeAdapter, GpuUnavailableError } from '../../src/engine/gpu/device.js';

export const REQUIRE_WEBGPU = process.env.REQUIRE_WEBGPU === '1';

export interface GpuTestDevice {
  /** The acquired device; skips the calling test when there is none (never under REQUIRE_WEBGPU=1). */
  use(ctx: TestContext): AcquiredNodeGpuDevice;
  /** The device once beforeAll has run, if one was acquired (for other beforeAll fixtures). */
  readonly current: AcquiredNodeGpuDevice | undefined;
  /** Why there is no device (set only when tests are being skipped). */
  readonly unavailableReason: string | undefined;
}

export function useGpuTestDevice(options: AcquireNodeGpuDeviceOptions = {}): GpuTestDevice {
  let current: AcquiredNodeGpuDevice | undefined;
  let unavailableReason: string | undefined;

  beforeAll(async () => {
    try {
      current = await acquireNodeGpuDevice({ label: 'vitest', ...options });
    } catch (error) {
      if (!(error instanceof GpuUnavailableError)) throw error;
      if (REQUIRE_WEBGPU) {
        throw new Error(`REQUIRE_WEBGPU=1 but no WebGPU device could be acquired:\n${error.message}`, { cause: error });
      }
      unavailableReason = error.message;
      const bar = '!'.repeat(78);
      console.warn(`\n${bar}\n!! SKIPPING GPU TESTS: no WebGPU adapter (set REQUIRE_WEBGPU=1 to make this a failure)\n${error.message}\n${bar}\n`);
      return;
    }
    console.info(
      `[webgpu] ${describeAdapter(current.adapterInfo)}; Dawn options [${current.dawnOptions.join(',')}], ` +
        `feature level ${current.featureLevel}, acquired in ${current.acquireMs.toFixed(0)} ms`,
    );
  });

  afterAll(() => {
    current?.release();
    current = undefined;
  });

  return {
    use(ctx: TestContext): AcquiredNodeGpuDevice {
      if (current) return current;
      if (REQUIRE_WEBGPU) throw new Error('REQUIRE_WEBGPU=1 but no WebGPU device was acquired (see beforeAll)');
      ctx.skip(`no WebGPU adapter: ${unavailableReason ?? 'not acquired'}`);
      throw new Error('unreachable: ctx.skip() returned');
    },
    get current() {
      return current;
    },
    get unavailableReason() {
      return unavailableReason;
    },
  };
}

/**
 * Runs `work` inside validation, out-of-memory and internal error scopes and throws the first
 * GPU error it raised (WebGPU reports these asynchronously, never as exceptions).
 */
export async function expectNoGpuErrors<T>(device: GPUDevice, work: () => T | Promise<T>): Promise<T> {
  device.pushErrorScope('internal');
  device.pushErrorScope('out-of-memory');
  device.pushErrorScope('validation');
  let outcome: { ok: true; value: T } | { ok: false; error: unknown };
  try {
    outcome = { ok: true, value: await work() };
  } catch (error) {
    outcome = { ok: false, error };
  }
  // Pop all three scopes even when work() threw, so the device's scope stack stays balanced.
  const errors = [await device.popErrorScope(), await device.popErrorScope(), await device.popErrorScope()];
  if (!outcome.ok) throw outcome.error;
  const first = errors.find((e) => e !== null);
  if (first) throw new Error(`GPU ${first.constructor.name}: ${first.message}`);
  return outcome.value;
}

