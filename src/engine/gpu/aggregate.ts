import type { PipelineCache } from './pipelines.js';
import { dispatch, foldedGrid, type RunResources } from './runResources.js';

/** Accounts per invocation: ACCOUNTS_PER_INVOCATION in shaders/aggregate.wgsl. */
const ACCOUNTS_PER_INVOCATION = 1;

/** Binds aggregate_accounts (shaders/aggregate.wgsl), the mirror of cpu/aggregate.ts. */
export async function bindAggregateAccounts(res: RunResources, pipelines: PipelineCache) {
  const kernel = await res.bindGroup(pipelines, 'aggregateAccounts', [
    res.run, res.accountOffsets, res.positionInstrument, res.positionQuantity, res.instrumentPnl, res.accountLoss,
  ]);
  const [tiles, rows] = foldedGrid(Math.ceil(res.plan.accountIds.length / ACCOUNTS_PER_INVOCATION));
  return (encoder: GPUCommandEncoder, count: number) => dispatch(encoder, kernel, Math.ceil(count / 4 / 256), tiles, rows);
}
