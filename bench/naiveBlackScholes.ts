/**
 * A reference point for the revaluation kernel: the naive single-kernel Black–Scholes, one
 * invocation per (scenario, instrument) element reading its own spot, strike, time and vol and
 * writing one price, timed on the same adapter in the same process (median of repeats).
 */
import { d } from 'typegpu';
import { defineKernel, foldedGrid, GRID_STRIDE, storageRead, storageReadWrite } from '../src/engine/gpu/kernel.js';
import { PipelineCache } from '../src/engine/gpu/pipelines.js';
import { wgslModule } from '../src/engine/gpu/wgsl.js';
import { medianSubmissionMs } from './kernelTimes.js';

const ELEMENTS = 1 << 23;

const NAIVE_WGSL = /* wgsl */ `
// Abramowitz & Stegun 26.2.17 (absolute error < 7.5e-8).
fn normal_cdf(x: f32) -> f32 {
  let t = 1.0 / (1.0 + 0.2316419 * abs(x));
  let poly = t * (0.319381530 + t * (-0.356563782 + t * (1.781477937 + t * (-1.821255978 + t * 1.330274429))));
  let tail = 0.3989422804 * exp(-0.5 * x * x) * poly;
  return select(tail, 1.0 - tail, x > 0.0);
}

@compute @workgroup_size(WORKGROUP_SIZE)
fn black_scholes(@builtin(global_invocation_id) gid: vec3<u32>) {
  let i = gid.x + gid.y * GRID_STRIDE * WORKGROUP_SIZE;
  if (i >= arrayLength(&prices)) {
    return;
  }
  let v = inputs[i];
  let rate = 0.02;
  let total_vol = v.w * sqrt(v.z);
  let d1 = (log(v.x / v.y) + (rate + 0.5 * v.w * v.w) * v.z) / total_vol;
  let d2 = d1 - total_vol;
  prices[i] = v.x * normal_cdf(d1) - v.y * exp(-rate * v.z) * normal_cdf(d2);
}`;

const naiveBlackScholes = defineKernel({
  name: 'naiveBlackScholes',
  entryPoint: 'black_scholes',
  wgsl: [wgslModule('naiveBlackScholes', NAIVE_WGSL)],
  bindings: {
    inputs: storageRead(d.arrayOf(d.vec4f)), // spot, strike, years, vol
    prices: storageReadWrite(d.arrayOf(d.f32)),
  },
  workgroupSize: 256,
  overrides: { GRID_STRIDE },
  workgroups: ({ elements }: { elements: number }, c) => [...foldedGrid(Math.ceil(elements / c.WORKGROUP_SIZE), c.GRID_STRIDE), 1],
});

/** Elements per second of the naive kernel on this device (median of `repeats` dispatches). */
export async function measureNaiveBlackScholes(device: GPUDevice, repeats = 9): Promise<{ elements: number; medianMs: number; perSecond: number }> {
  const kernel = await new PipelineCache(device).get(naiveBlackScholes);
  const data = new Float32Array(4 * ELEMENTS);
  for (let i = 0; i < ELEMENTS; i++) data.set([100 * Math.exp(0.2 * Math.sin(i)), 100, 0.1 + (i % 13) / 10, 0.3 + (i % 7) / 20], 4 * i);
  const inputs = device.createBuffer({ size: data.byteLength, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST });
  device.queue.writeBuffer(inputs, 0, data);
  const prices = device.createBuffer({ size: 4 * ELEMENTS, usage: GPUBufferUsage.STORAGE });
  const group = kernel.bind({ inputs, prices });
  const medianMs = await medianSubmissionMs(device, (encoder) => kernel.encode(encoder, group, { elements: ELEMENTS }), repeats);
  inputs.destroy();
  prices.destroy();
  return { elements: ELEMENTS, medianMs, perSecond: ELEMENTS / (medianMs / 1000) };
}
