/**
 * Each GPU kernel of the engine alone on one chunk of a plan, repeated: the median of
 * `repeats` submissions, after one unmeasured run (JIT compilation, first touch of the
 * buffers). Inputs are whatever the previous kernel left: this measures time, not results.
 */
import { bindAggregateAccounts } from '../src/engine/gpu/aggregate.js';
import { PipelineCache } from '../src/engine/gpu/pipelines.js';
import { bindSelectTails } from '../src/engine/gpu/reduce.js';
import { bindRevalueInstruments } from '../src/engine/gpu/revalue.js';
import { type GpuLimits, gpuChunkSize, RunResources } from '../src/engine/gpu/runResources.js';
import { bindGenerateMoves } from '../src/engine/gpu/scenarios.js';
import { settled } from '../src/engine/gpu/settled.js';
import type { RiskPlan } from '../src/engine/plan.js';

export interface KernelTime {
  kernel: 'scenarios' | 'revaluation' | 'aggregation' | 'reduction';
  medianMs: number;
  /** Work items per chunk: scenarios, scenario-instruments, scenario-positions, scenario-accounts. */
  items: number;
}

export async function measureKernels(device: GPUDevice, limits: GpuLimits, plan: RiskPlan, repeats = 9): Promise<{ chunk: number; kernels: KernelTime[] }> {
  const chunk = Math.min(gpuChunkSize(plan, limits), plan.scenarioCount);
  const res = new RunResources(device, plan, chunk);
  await res.prepare();
  const pipelines = new PipelineCache(device);
  res.writeRunParams(0, chunk);
  const generate = await bindGenerateMoves(res, pipelines);
  const revalue = await bindRevalueInstruments(res, pipelines);
  const aggregate = await bindAggregateAccounts(res, pipelines);
  const select = await bindSelectTails(res, pipelines);
  const kernels: [KernelTime['kernel'], (e: GPUCommandEncoder) => void, number][] = [
    ['scenarios', (e) => generate(e, chunk), chunk],
    ['revaluation', (e) => revalue(e, chunk), chunk * plan.instrumentIds.length],
    ['aggregation', (e) => aggregate(e, chunk), chunk * plan.positionInstrument.length],
    ['reduction', select, chunk * plan.accountIds.length],
  ];
  const out: KernelTime[] = [];
  for (const [kernel, encode, items] of kernels) out.push({ kernel, medianMs: await medianSubmissionMs(device, encode, repeats), items });
  res.destroy();
  return { chunk, kernels: out };
}

/**
 * Wall time of one submission of `encode`'s commands until the GPU is done: the median of
 * `repeats`, after one unmeasured run (JIT compilation, first touch of the buffers).
 */
export async function medianSubmissionMs(device: GPUDevice, encode: (encoder: GPUCommandEncoder) => void, repeats: number): Promise<number> {
  const times: number[] = [];
  for (let r = 0; r <= repeats; r++) {
    const began = performance.now();
    const encoder = device.createCommandEncoder();
    encode(encoder);
    device.queue.submit([encoder.finish()]);
    await settled(device.queue.onSubmittedWorkDone());
    if (r > 0) times.push(performance.now() - began);
  }
  times.sort((a, b) => a - b);
  return times[times.length >> 1];
}
