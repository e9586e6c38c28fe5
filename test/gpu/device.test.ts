/**
 * GPU smoke test: a real adapter (Dawn on Mesa lavapipe in CI), a tiny compute shader, readback.
 * Policy (see gpuTestDevice.ts): REQUIRE_WEBGPU=1 turns a missing adapter into a failure.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { GPU_KEY_LIMIT_NAMES } from '../../src/engine/gpu/device.js';
import { dawnBackendOf, listNodeAdapters, nodeGpuAttempts, parseDawnOptions } from '../../src/engine/gpu/nodeGpu.js';
import { readBack } from '../../src/engine/gpu/buffers.js';
import { expectNoGpuErrors, useGpuTestDevice } from './gpuTestDevice.js';

const SQUARE_WGSL = /* wgsl */ `
@group(0) @binding(0) var<storage, read> input: array<f32>;
@group(0) @binding(1) var<storage, read_write> output: array<f32>;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) id: vec3<u32>) {
  let i = id.x;
  if (i >= arrayLength(&input)) { return; }
  output[i] = input[i] * input[i];
}
`;

const execFileAsync = promisify(execFile);

describe('WebGPU device (Dawn)', () => {
  const gpu = useGpuTestDevice();

  it('acquires a device with the adapter maxima of the key limits', (ctx) => {
    const { device, adapterInfo, limits, featureLevel } = gpu.use(ctx);
    expect(adapterInfo.description.length + adapterInfo.device.length).toBeGreaterThan(0);
    expect(adapterInfo.backend).toBeTruthy();
    for (const name of GPU_KEY_LIMIT_NAMES) expect(limits[name], name).toBe(device.limits[name]);
    // At least WebGPU's defaults (core; compatibility's are lower for workgroup size/storage).
    expect(limits.maxStorageBufferBindingSize).toBeGreaterThanOrEqual(128 * 2 ** 20);
    expect(limits.maxBufferSize).toBeGreaterThanOrEqual(256 * 2 ** 20);
    if (featureLevel === 'core') {
      expect(limits.maxComputeWorkgroupStorageSize).toBeGreaterThanOrEqual(16_384);
      expect(limits.maxComputeInvocationsPerWorkgroup).toBeGreaterThanOrEqual(256);
    }
    expect(limits.maxStorageBuffersPerShaderStage).toBeGreaterThanOrEqual(4);
  });

  it('squares an f32 array in a compute shader and reads it back exactly', async (ctx) => {
    const { device } = gpu.use(ctx);
    const n = 1_000; // not a multiple of the workgroup size: exercises the bounds check
    // k/2 for |k| ≤ 2000: squares are k²/4 < 2^24/4, exact in f32, so equality is the right test.
    const input = Float32Array.from({ length: n }, (_, i) => (i - 500) / 2);
    const expected = input.map((x) => x * x);

    const output = await expectNoGpuErrors(device, async () => {
      const inputBuffer = device.createBuffer({ label: 'input', size: input.byteLength, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST });
      const outputBuffer = device.createBuffer({ label: 'output', size: input.byteLength, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC });
      try {
        device.queue.writeBuffer(inputBuffer, 0, input);
        const module = device.createShaderModule({ label: 'square', code: SQUARE_WGSL });
        const pipeline = await device.createComputePipelineAsync({ label: 'square', layout: 'auto', compute: { module, entryPoint: 'main' } });
        const bindGroup = device.createBindGroup({
          layout: pipeline.getBindGroupLayout(0),
          entries: [
            { binding: 0, resource: { buffer: inputBuffer } },
            { binding: 1, resource: { buffer: outputBuffer } },
          ],
        });
        const encoder = device.createCommandEncoder({ label: 'square' });
        const pass = encoder.beginComputePass();
        pass.setPipeline(pipeline);
        pass.setBindGroup(0, bindGroup);
        pass.dispatchWorkgroups(Math.ceil(n / 64));
        pass.end();
        device.queue.submit([encoder.finish()]);
        const [bytes] = await readBack(device, [{ buffer: outputBuffer, byteSize: input.byteLength }]);
        return new Float32Array(bytes);
      } finally {
        inputBuffer.destroy();
        outputBuffer.destroy();
      }
    });

    const mismatches: string[] = [];
    for (let i = 0; i < n; i++) {
      if (output[i] !== expected[i]) mismatches.push(`[${i}] computed ${output[i]}, expected ${expected[i]}, error ${Math.abs(output[i] - expected[i])}, tolerance 0`);
    }
    expect(mismatches.slice(0, 10), `${mismatches.length} of ${n} differ`).toEqual([]);
  });

  it('surfaces WGSL errors through expectNoGpuErrors', async (ctx) => {
    const { device } = gpu.use(ctx);
    await expect(expectNoGpuErrors(device, () => device.createShaderModule({ code: 'fn main( {' }))).rejects.toThrow(/GPU/);
  });

  it('a device kept alone keeps its Dawn instance alive through garbage collection', async (ctx) => {
    gpu.use(ctx); // (the adapter policy: under REQUIRE_WEBGPU=1 no adapter fails here)
    const { stdout } = await execFileAsync(process.execPath, ['--expose-gc', '--import', 'tsx', 'test/gpu/scripts/deviceAlone.ts'], {
      env: { ...process.env },
      timeout: 60_000,
    });
    expect(stdout.trim()).toBe('settled');
  });

  it('lists the adapter it acquired among listNodeAdapters()', async (ctx) => {
    const { adapterInfo } = gpu.use(ctx);
    const { adapters } = await listNodeAdapters();
    const match = adapters.find((a) => a.backend === adapterInfo.backend && a.info.description === adapterInfo.description);
    expect(match, JSON.stringify(adapters.map((a) => [a.backend, a.info.description]))).toBeDefined();
    expect(match!.limits.maxStorageBufferBindingSize).toBeGreaterThan(0);
  });
});

describe('Dawn option handling (no GPU needed)', () => {
  it('parses comma-separated options, keeping toggle lists together', () => {
    expect(parseDawnOptions(undefined)).toEqual([]);
    expect(parseDawnOptions(' adapter=llvmpipe , backend=vulkan ')).toEqual(['adapter=llvmpipe', 'backend=vulkan']);
    expect(parseDawnOptions('backend=vulkan,enable-dawn-features=allow_unsafe_apis,dump_shaders,adapter=NVIDIA')).toEqual([
      'backend=vulkan',
      'enable-dawn-features=allow_unsafe_apis,dump_shaders',
      'adapter=NVIDIA',
    ]);
  });

  it('resolves the backend like dawn.node: option, then DAWNNODE_BACKEND, then the platform', () => {
    expect(dawnBackendOf(['backend=gles'], {})).toBe('opengles');
    expect(dawnBackendOf([], { DAWNNODE_BACKEND: 'opengl' })).toBe('opengl');
    expect(dawnBackendOf(['adapter=llvmpipe'], {})).toBe(process.platform === 'win32' ? 'd3d12' : process.platform === 'darwin' ? 'metal' : 'vulkan');
  });

  it('tries the default backend, then GLES on Linux; MARGIN_DAWN_OPTIONS replaces the chain', () => {
    expect(nodeGpuAttempts({}, 'linux')).toEqual([
      { dawnOptions: [], backend: 'vulkan', featureLevel: 'core' },
      { dawnOptions: ['backend=opengles'], backend: 'opengles', featureLevel: 'compatibility' },
    ]);
    expect(nodeGpuAttempts({}, 'darwin')).toEqual([{ dawnOptions: [], backend: 'metal', featureLevel: 'core' }]);
    expect(nodeGpuAttempts({ MARGIN_DAWN_OPTIONS: 'backend=opengles' }, 'linux')).toEqual([
      { dawnOptions: ['backend=opengles'], backend: 'opengles', featureLevel: 'compatibility' },
    ]);
    expect(nodeGpuAttempts({ MARGIN_DAWN_OPTIONS: 'adapter=llvmpipe' }, 'linux')).toHaveLength(1);
  });
});
