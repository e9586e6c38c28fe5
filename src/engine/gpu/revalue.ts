import { INSTRUMENTS_PER_BLOCK, InstrumentParamsLayout } from './layouts.js';
import type { PipelineCache } from './pipelines.js';
import { dispatch, type RunResources } from './runResources.js';

/** Instruments per invocation: INSTRUMENTS_PER_INVOCATION in shaders/revalue.wgsl. */
const INSTRUMENTS_PER_INVOCATION = 16;

/**
 * Binds revalue_instruments (shaders/revalue.wgsl), the mirror of cpu/revalue.ts: one dispatch
 * per uniform block of up to INSTRUMENTS_PER_BLOCK instruments.
 */
export async function bindRevalueInstruments(res: RunResources, pipelines: PipelineCache) {
  const blockBytes = INSTRUMENTS_PER_BLOCK * InstrumentParamsLayout.byteSize;
  const n = res.plan.instrumentIds.length;
  const kernels = await Promise.all(
    res.instrumentBlocks.map(async (block, b) => ({
      count: Math.min(INSTRUMENTS_PER_BLOCK, n - b * INSTRUMENTS_PER_BLOCK),
      kernel: await res.bindGroup(pipelines, 'revalueInstruments', [
        res.run,
        { buffer: res.instruments, offset: b * blockBytes, size: blockBytes },
        res.moves,
        res.instrumentPnl,
        res.spotGrowth,
        block,
      ]),
    })),
  );
  return (encoder: GPUCommandEncoder, count: number) => {
    for (const { kernel, count: instruments } of kernels) {
      dispatch(encoder, kernel, Math.ceil(count / 256), Math.ceil(instruments / INSTRUMENTS_PER_INVOCATION));
    }
  };
}
