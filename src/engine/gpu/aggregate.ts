import type { PipelineCache } from './pipelines.js';
import { dispatch, foldedGrid, type RunResources } from './runResources.js';

/** Scenarios per invocation: four times QUADS_PER_INVOCATION in shaders/aggregate.wgsl. */
const SCENARIOS_PER_INVOCATION = 8;

/** Binds aggregate_accounts (shaders/aggregate.wgsl), the mirror of cpu/aggregate.ts. */
export async function bindAggregateAccounts(res: RunResources, pipelines: PipelineCache) {
  const kernel = await res.bindGroup(pipelines, 'aggregateAccounts', [
    res.run, res.accountOffsets, res.positionInstrument, res.positionQuantity, res.instrumentPnl, res.accountLoss,
  ]);
  const [accounts, rows] = foldedGrid(res.plan.accountIds.length);
  return (encoder: GPUCommandEncoder, count: number) =>
    dispatch(encoder, kernel, Math.ceil(count / SCENARIOS_PER_INVOCATION / 256), accounts, rows);
}
