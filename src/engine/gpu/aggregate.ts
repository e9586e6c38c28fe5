import type { PipelineCache } from './pipelines.js';
import { dispatch, type RunResources } from './runResources.js';

/** Binds aggregate_accounts (shaders/aggregate.wgsl), the mirror of cpu/aggregate.ts. */
export async function bindAggregateAccounts(res: RunResources, pipelines: PipelineCache) {
  const kernel = await res.bindGroup(pipelines, 'aggregateAccounts', [
    res.run, res.accountOffsets, res.positionInstrument, res.positionQuantity, res.instrumentPnl, res.accountLoss,
  ]);
  const grid = res.accountGrid;
  return (encoder: GPUCommandEncoder, count: number) => dispatch(encoder, kernel, Math.ceil(count / 64), grid.stride, grid.rows);
}
