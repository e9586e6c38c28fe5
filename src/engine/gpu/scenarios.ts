import type { PipelineCache } from './pipelines.js';
import { dispatch, pnlStride, type RunResources } from './runResources.js';

/** Binds generate_moves (shaders/scenarios.wgsl), the mirror of cpu/scenarios.ts. */
export async function bindGenerateMoves(res: RunResources, pipelines: PipelineCache) {
  const kernel = await res.bindGroup(pipelines, 'generateMoves', [res.run, res.choleskyLower, res.moveScale, res.moves, res.spotGrowth]);
  return (encoder: GPUCommandEncoder, count: number) => dispatch(encoder, kernel, Math.ceil(count / 64));
}

/**
 * Binds generate_listed_moves: the moves of the scenarios listed in res.scenarioList (row j:
 * scenario list[j]), bit-identical to those generate_moves writes for the same scenarios.
 */
export async function bindGenerateListedMoves(res: RunResources, pipelines: PipelineCache) {
  const kernel = await res.bindGroup(pipelines, 'generateListedMoves', [
    res.run, res.choleskyLower, res.moveScale, res.moves, res.spotGrowth, res.scenarioList,
  ]);
  return (encoder: GPUCommandEncoder, count: number) => dispatch(encoder, kernel, Math.ceil(count / 64));
}

/**
 * Stress scenarios as moves (scenario-major f64, as the CPU takes them), uploaded in the
 * scenario kernel's factor-major f32 layout, with the spot growth expm1(spot move) it would
 * have written (mirror of cpu/scenarios.ts).
 */
export function uploadMoves(res: RunResources, moves: Float64Array): void {
  const f = res.plan.factorCount;
  const count = moves.length / f;
  const stride = pnlStride(count);
  const byFactor = new Float32Array(f * stride);
  const growth = new Float32Array((f / 2) * stride);
  for (let s = 0; s < count; s++) {
    for (let r = 0; r < f; r++) byFactor[r * stride + s] = moves[s * f + r];
    for (let u = 0; u < f / 2; u++) growth[u * stride + s] = Math.expm1(moves[s * f + 2 * u]);
  }
  res.device.queue.writeBuffer(res.moves, 0, byFactor);
  res.device.queue.writeBuffer(res.spotGrowth, 0, growth);
}
