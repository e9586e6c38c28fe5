import { TILE_STRIDE_BYTES, TileHeaderLayout, TileSlotLayout, SLOTS_PER_TILE } from './layouts.js';
import type { PipelineCache } from './pipelines.js';
import type { RunResources } from './runResources.js';

/** Bytes of one bound tile: its header and slots (the stride adds alignment padding). */
const TILE_BYTES = TileHeaderLayout.byteSize + SLOTS_PER_TILE * TileSlotLayout.byteSize;

/**
 * Binds revalue_instruments (shaders/revalue.wgsl), the mirror of cpu/revalue.ts: one dispatch
 * per revaluation tile, each over the chunk's scenarios four at a time.
 */
export async function bindRevalueInstruments(res: RunResources, pipelines: PipelineCache) {
  const kernels = await Promise.all(
    res.tiles.map((_, t) =>
      res.bindGroup(pipelines, 'revalueInstruments', [
        res.run,
        { buffer: res.tileBuffer, offset: t * TILE_STRIDE_BYTES, size: TILE_BYTES },
        res.moves,
        res.spotGrowth,
        res.instrumentPnl,
      ]),
    ),
  );
  return (encoder: GPUCommandEncoder, count: number) => {
    const workgroups = Math.ceil(count / 4 / 256);
    const pass = encoder.beginComputePass();
    for (const { pipeline, group } of kernels) {
      pass.setPipeline(pipeline);
      pass.setBindGroup(0, group);
      pass.dispatchWorkgroups(workgroups);
    }
    pass.end();
  };
}
