import type { TailCandidates } from '../tailAccumulator.js';
import { readBack } from './buffers.js';
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

/** Reads the candidates back (one mapping) and packs them as CSR for the TailAccumulator. */
export async function readTailCandidates(res: RunResources): Promise<TailCandidates> {
  const a = res.plan.accountIds.length;
  const cap = res.tailCapacity;
  const [lossBytes, scenarioBytes, countBytes] = await readBack(res.device, [
    { buffer: res.tailLoss, byteSize: 4 * a * cap },
    { buffer: res.tailScenario, byteSize: 4 * a * cap },
    { buffer: res.tailCount, byteSize: 4 * a },
  ]);
  const losses32 = new Float32Array(lossBytes);
  const scenarios32 = new Uint32Array(scenarioBytes);
  const counts = new Uint32Array(countBytes);
  const offsets = new Uint32Array(a + 1);
  for (let k = 0; k < a; k++) offsets[k + 1] = offsets[k] + counts[k];
  const losses = new Float64Array(offsets[a]);
  const scenarios = new Uint32Array(offsets[a]);
  for (let k = 0; k < a; k++) {
    const from = k * cap;
    losses.set(losses32.subarray(from, from + counts[k]), offsets[k]);
    scenarios.set(scenarios32.subarray(from, from + counts[k]), offsets[k]);
  }
  return { offsets, losses, scenarios };
}
