import { d } from 'typegpu';
import type { TailCandidates } from '../tailAccumulator.js';
import { readBack, readBackPacked } from './buffers.js';
import { defineKernel, foldedGrid, GRID_STRIDE, storageRead, storageReadWrite, uniform } from './kernel.js';
import { RunParams } from './layouts.js';
import type { PipelineCache } from './pipelines.js';
import type { RunResources } from './runResources.js';
import { shaderSources } from './shaderSources.js';
import { wgslModule } from './wgsl.js';

/** The radix select's digit: 10 bits, so a histogram of 1,024 bins and four rounds over a u32 key. */
export const DIGIT_BITS = 10;
export const BINS = 2 ** DIGIT_BITS;
const ROUNDS = Math.ceil(32 / DIGIT_BITS);

/**
 * reduce.wgsl's workgroup variables besides the histogram and the list: six u32, each counted
 * at 16 bytes by Dawn's workgroup-storage check (measured: 96 bytes), with room for one more.
 */
const SCALAR_BYTES = 7 * 16;

/**
 * The LIST_CAPACITY override of select_tails: as many keys (a u32 key and a u32 scenario
 * each) as the device's workgroup storage holds beside the histogram of `bins` u32. WebGPU
 * guarantees 16 KiB, which gives 1,522; lavapipe's 32 KiB gives 3,570. The first digit is
 * coarse (sign, exponent and one mantissa bit), so on the benchmark book the k-th key's bin
 * held more than 1,500 keys for 45% of accounts in the first chunk: a larger list spares
 * those three more passes over the chunk (measured: the first chunk's selection 0.69×).
 */
export function tailListCapacity(maxComputeWorkgroupStorageSize: number, bins = BINS): number {
  return Math.floor((maxComputeWorkgroupStorageSize - 4 * bins - SCALAR_BYTES) / 8);
}

/**
 * select_tails: per-account tail candidates on the GPU, one workgroup per account (folded
 * into x + y · GRID_STRIDE).
 */
export const selectTails = defineKernel({
  name: 'selectTails',
  entryPoint: 'select_tails',
  wgsl: [wgslModule('reduce', shaderSources.reduce)],
  bindings: {
    run: uniform(RunParams),
    accountLoss: storageRead(d.arrayOf(d.f32)), // account * pnl_stride + s (s < scenario_count)
    thresholds: storageRead(d.arrayOf(d.f32)), // per account
    tailLoss: storageReadWrite(d.arrayOf(d.f32)), // account * tail_capacity + j
    tailScenario: storageReadWrite(d.arrayOf(d.u32)),
    tailCount: storageReadWrite(d.arrayOf(d.u32)), // per account
  },
  workgroupSize: 256,
  overrides: {
    GRID_STRIDE,
    DIGIT_BITS,
    BINS,
    ROUNDS,
    LIST_CAPACITY: (limits, c) => tailListCapacity(limits.maxComputeWorkgroupStorageSize, c.BINS),
  },
  workgroups: ({ accounts }: { accounts: number }, c) => [...foldedGrid(accounts, c.GRID_STRIDE), 1],
});

/** Binds select_tails (or a variant of it: withOverrides) to a run's buffers. */
export async function bindSelectTails(res: RunResources, pipelines: PipelineCache, variant = selectTails) {
  const kernel = await pipelines.get(variant);
  const group = kernel.bind({
    run: res.run,
    accountLoss: res.accountLoss,
    thresholds: res.thresholds,
    tailLoss: res.tailLoss,
    tailScenario: res.tailScenario,
    tailCount: res.tailCount,
  });
  const accounts = res.plan.accountIds.length;
  return (encoder: GPUCommandEncoder) => kernel.encode(encoder, group, { accounts });
}

export function uploadThresholds(res: RunResources, thresholds: Float64Array): void {
  // f64 thresholds are f32 losses read back earlier, so the conversion is exact.
  res.device.queue.writeBuffer(res.thresholds, 0, Float32Array.from(thresholds));
}

/**
 * Reads the candidates back as CSR for the TailAccumulator: first the per-account counts,
 * then only each account's filled slots, copied back to back (the GPU's buffers hold
 * tail_capacity slots per account, mostly empty once thresholds prune: at 2,000,000
 * scenarios that is 160 MB per chunk for a few MB of candidates). `afterCopy` runs once the
 * candidates' copy is queued: GPU work queued from it (the next chunk) may then overwrite the
 * tail buffers.
 */
export async function readTailCandidates(res: RunResources, afterCopy?: () => void): Promise<TailCandidates> {
  const a = res.plan.accountIds.length;
  const cap = res.tailCapacity;
  const [countBytes] = await readBack(res.device, [{ buffer: res.tailCount, byteSize: 4 * a }]);
  const counts = new Uint32Array(countBytes);
  const offsets = new Uint32Array(a + 1);
  for (let k = 0; k < a; k++) offsets[k + 1] = offsets[k] + counts[k];
  const total = offsets[a];
  const filled = (buffer: GPUBuffer) =>
    Array.from({ length: a }, (_, k) => ({ buffer, offset: 4 * k * cap, byteSize: 4 * counts[k] })).filter((r) => r.byteSize > 0);
  const { bytes } = await readBackPacked(res.device, [...filled(res.tailLoss), ...filled(res.tailScenario)], afterCopy);
  return {
    offsets,
    losses: new Float64Array(new Float32Array(bytes, 0, total)),
    scenarios: new Uint32Array(bytes.slice(4 * total, 8 * total)),
  };
}
