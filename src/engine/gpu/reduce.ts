import type { TailCandidates } from '../tailAccumulator.js';
import { readBack, readBackPacked } from './buffers.js';
import type { PipelineCache } from './pipelines.js';
import { dispatch, foldedGrid, type RunResources } from './runResources.js';

/** BINS in shaders/reduce.wgsl: the radix select's histogram, one u32 per bin. */
const HISTOGRAM_BYTES = 1024 * 4;
/**
 * reduce.wgsl's other workgroup variables: six u32, each counted at 16 bytes by Dawn's
 * workgroup-storage check (measured: 96 bytes), with room for one more.
 */
const SCALAR_BYTES = 7 * 16;

/**
 * The LIST_CAPACITY override of reduce.wgsl: as many keys (a u32 key and a u32 scenario
 * each) as the device's workgroup storage holds beside the histogram. WebGPU guarantees
 * 16 KiB, which gives 1,521; lavapipe's 32 KiB gives 3,569.
 */
export function tailListCapacity(maxComputeWorkgroupStorageSize: number): number {
  return Math.floor((maxComputeWorkgroupStorageSize - HISTOGRAM_BYTES - SCALAR_BYTES) / 8);
}

/** Binds select_tails (shaders/reduce.wgsl): per-account tail candidates on the GPU. */
export async function bindSelectTails(res: RunResources, pipelines: PipelineCache) {
  const kernel = await res.bindGroup(pipelines, 'selectTails', [
    res.run, res.accountLoss, res.thresholds, res.tailLoss, res.tailScenario, res.tailCount,
  ]);
  const [x, y] = foldedGrid(res.plan.accountIds.length);
  return (encoder: GPUCommandEncoder) => dispatch(encoder, kernel, x, y);
}

export function uploadThresholds(res: RunResources, thresholds: Float64Array): void {
  // f64 thresholds are f32 losses read back earlier, so the conversion is exact.
  res.device.queue.writeBuffer(res.thresholds, 0, Float32Array.from(thresholds));
}

/**
 * Reads the candidates back as CSR for the TailAccumulator: first the per-account counts,
 * then only each account's filled slots, copied back to back (the GPU's buffers hold
 * tail_capacity slots per account, mostly empty once thresholds prune: at 2,000,000
 * scenarios that is 160 MB per chunk for a few MB of candidates).
 */
export async function readTailCandidates(res: RunResources): Promise<TailCandidates> {
  const a = res.plan.accountIds.length;
  const cap = res.tailCapacity;
  const [countBytes] = await readBack(res.device, [{ buffer: res.tailCount, byteSize: 4 * a }]);
  const counts = new Uint32Array(countBytes);
  const offsets = new Uint32Array(a + 1);
  for (let k = 0; k < a; k++) offsets[k + 1] = offsets[k] + counts[k];
  const total = offsets[a];
  const filled = (buffer: GPUBuffer) =>
    Array.from({ length: a }, (_, k) => ({ buffer, offset: 4 * k * cap, byteSize: 4 * counts[k] })).filter((r) => r.byteSize > 0);
  const { bytes } = await readBackPacked(res.device, [...filled(res.tailLoss), ...filled(res.tailScenario)]);
  return {
    offsets,
    losses: new Float64Array(new Float32Array(bytes, 0, total)),
    scenarios: new Uint32Array(bytes.slice(4 * total, 8 * total)),
  };
}
