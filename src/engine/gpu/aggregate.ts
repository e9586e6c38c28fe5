import { d } from 'typegpu';
import { defineKernel, foldedGrid, GRID_STRIDE, storageRead, storageReadWrite, uniform } from './kernel.js';
import { RunParams } from './layouts.js';
import type { PipelineCache } from './pipelines.js';
import type { RunResources } from './runResources.js';
import { shaderSources } from './shaderSources.js';
import { wgslModule } from './wgsl.js';

/**
 * Quads of scenarios per invocation: each loads an account's positions once for all of them.
 * Two measured ~0.7× the time of one, four gained nothing more (lavapipe). A WGSL const: it
 * sizes the invocation's array of compensated sums.
 */
export const QUADS_PER_INVOCATION = 2;

/** aggregate_accounts, the mirror of cpu/aggregate.ts: account losses over sparse positions. */
export const aggregateAccounts = defineKernel({
  name: 'aggregateAccounts',
  entryPoint: 'aggregate_accounts',
  wgsl: [wgslModule('aggregate', shaderSources.aggregate, { consts: { QUADS_PER_INVOCATION } })],
  bindings: {
    run: uniform(RunParams),
    accountOffsets: storageRead(d.arrayOf(d.u32)), // accounts + 1 (CSR)
    positionInstrument: storageRead(d.arrayOf(d.u32)),
    positionQuantity: storageRead(d.arrayOf(d.f32)),
    instrumentPnl: storageRead(d.arrayOf(d.vec4f)), // (instrument * pnl_stride + s) / 4
    accountLoss: storageReadWrite(d.arrayOf(d.vec4f)), // (account * pnl_stride + s) / 4
  },
  workgroupSize: 256,
  overrides: { GRID_STRIDE },
  // x: the chunk's quads, QUADS_PER_INVOCATION per invocation; y and z: the accounts, folded.
  workgroups: ({ scenarios, accounts }: { scenarios: number; accounts: number }, c) => [
    Math.ceil(Math.ceil(scenarios / 4) / QUADS_PER_INVOCATION / c.WORKGROUP_SIZE),
    ...foldedGrid(accounts, c.GRID_STRIDE),
  ],
});

/** Binds aggregate_accounts (or a variant of it: withOverrides) to a run's buffers. */
export async function bindAggregateAccounts(res: RunResources, pipelines: PipelineCache, variant = aggregateAccounts) {
  const kernel = await pipelines.get(variant);
  const group = kernel.bind({
    run: res.run,
    accountOffsets: res.accountOffsets,
    positionInstrument: res.positionInstrument,
    positionQuantity: res.positionQuantity,
    instrumentPnl: res.instrumentPnl,
    accountLoss: res.accountLoss,
  });
  const accounts = res.plan.accountIds.length;
  return (encoder: GPUCommandEncoder, count: number) => kernel.encode(encoder, group, { scenarios: count, accounts });
}
