import type { PipelineCache } from './pipelines.js';
import { dispatch, type RunResources } from './runResources.js';

/** Binds generate_moves (shaders/scenarios.wgsl), the mirror of cpu/scenarios.ts. */
export async function bindGenerateMoves(res: RunResources, pipelines: PipelineCache) {
  const kernel = await res.bindGroup(pipelines, 'generateMoves', [res.run, res.choleskyLower, res.moveScale, res.moves, res.spotGrowth]);
  return (encoder: GPUCommandEncoder, count: number) => dispatch(encoder, kernel, Math.ceil(count / 64));
}

/**
 * Stress scenarios as moves, f32, uploaded into the moves buffer, with the spot growth
 * expm1(spot move) the scenario kernel would have written (mirror of cpu/scenarios.ts).
 */
export function uploadMoves(res: RunResources, moves: Float64Array): void {
  res.device.queue.writeBuffer(res.moves, 0, Float32Array.from(moves));
  const growth = Float32Array.from({ length: moves.length / 2 }, (_, k) => Math.expm1(moves[2 * k]));
  res.device.queue.writeBuffer(res.spotGrowth, 0, growth);
}
