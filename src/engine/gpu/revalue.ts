import type { PipelineCache } from './pipelines.js';
import { dispatch, type RunResources } from './runResources.js';

/** Instruments per invocation: INSTRUMENTS_PER_INVOCATION in shaders/revalue.wgsl. */
const INSTRUMENTS_PER_INVOCATION = 16;

/** Binds revalue_instruments (shaders/revalue.wgsl), the mirror of cpu/revalue.ts. */
export async function bindRevalueInstruments(res: RunResources, pipelines: PipelineCache) {
  const kernel = await res.bindGroup(pipelines, 'revalueInstruments', [res.run, res.instruments, res.moves, res.instrumentPnl, res.spotGrowth]);
  return (encoder: GPUCommandEncoder, count: number) =>
    dispatch(encoder, kernel, Math.ceil(count / 256), Math.ceil(res.plan.instrumentIds.length / INSTRUMENTS_PER_INVOCATION));
}
