/**
 * The kernels' contracts on a real adapter: every engine kernel compiles against the
 * bind-group layout typegpu makes from its named bindings; a bind group made by name computes
 * the same whatever order the names are given in; and the pipeline constants reach WGSL from
 * TypeScript: kernels compiled with other values (a folded grid of 5, other workgroup sizes,
 * other radix digits) select the very same tails, and swapped payoff codes revalue every
 * option differently while linear instruments stay bit-identical.
 */
import { describe, expect, it } from 'vitest';
import { aggregateAccounts, bindAggregateAccounts } from '../../src/engine/gpu/aggregate.js';
import { readBack } from '../../src/engine/gpu/buffers.js';
import { type AnyGpuKernel, withOverrides } from '../../src/engine/gpu/kernel.js';
import { ENGINE_KERNELS } from '../../src/engine/gpu/kernels.js';
import { packRunParams, pnlStride } from '../../src/engine/gpu/layouts.js';
import { PipelineCache } from '../../src/engine/gpu/pipelines.js';
import { bindSelectTails, readTailCandidates, selectTails, uploadThresholds } from '../../src/engine/gpu/reduce.js';
import { bindRevalueInstruments, revalueInstruments } from '../../src/engine/gpu/revalue.js';
import { RunResources } from '../../src/engine/gpu/runResources.js';
import { bindGenerateMoves, generateMoves } from '../../src/engine/gpu/scenarios.js';
import { PayoffCode } from '../../src/engine/reference/payoff.js';
import type { RiskPlan } from '../../src/engine/plan.js';
import type { TailCandidates } from '../../src/engine/tailAccumulator.js';
import { prepareRisk } from '../../src/engine/risk.js';
import { sampleBook, sampleMarket, sampleParams } from '../../src/sample/sampleVenue.js';
import { expectNoGpuErrors, useGpuTestDevice } from './gpuTestDevice.js';

const gpu = useGpuTestDevice();

/** One pipeline cache per device for the whole file: compiling a pipeline costs ~0.5 s on lavapipe. */
const caches = new WeakMap<GPUDevice, PipelineCache>();
function pipelinesOn(device: GPUDevice): PipelineCache {
  let cache = caches.get(device);
  if (!cache) caches.set(device, (cache = new PipelineCache(device)));
  return cache;
}

/** The sample venue: 254 accounts (51 rows of a folded grid of 5, one workgroup past them), options and linear instruments. */
const plan = prepareRisk({ market: sampleMarket(), book: sampleBook(), params: sampleParams() }, { scenarios: 3001 });

interface Kernels {
  generate: typeof generateMoves;
  revalue: typeof revalueInstruments;
  aggregate: typeof aggregateAccounts;
  select: typeof selectTails;
}
const DEFAULT_KERNELS: Kernels = { generate: generateMoves, revalue: revalueInstruments, aggregate: aggregateAccounts, select: selectTails };

/** One chunk of the whole plan through the four kernels; its instrument P&L, account losses and tail candidates. */
async function runChunk(device: GPUDevice, pipelines: PipelineCache, p: RiskPlan, kernels: Kernels) {
  const res = new RunResources(device, p, p.scenarioCount);
  try {
    const generate = await bindGenerateMoves(res, pipelines, kernels.generate);
    const revalue = await bindRevalueInstruments(res, pipelines, kernels.revalue);
    const aggregate = await bindAggregateAccounts(res, pipelines, kernels.aggregate);
    const select = await bindSelectTails(res, pipelines, kernels.select);
    res.writeRunParams(0, p.scenarioCount);
    uploadThresholds(res, new Float64Array(p.accountIds.length).fill(-Infinity));
    const encoder = device.createCommandEncoder();
    generate(encoder, p.scenarioCount);
    revalue(encoder, p.scenarioCount);
    aggregate(encoder, p.scenarioCount);
    select(encoder);
    device.queue.submit([encoder.finish()]);
    const stride = pnlStride(p.scenarioCount);
    const [pnl, losses] = await readBack(device, [
      { buffer: res.instrumentPnl, byteSize: 4 * stride * p.instrumentIds.length },
      { buffer: res.accountLoss, byteSize: 4 * stride * p.accountIds.length },
    ]);
    // Each account's losses in the chunk's scenarios (the padding lanes of a row hold junk).
    const accountLosses = Array.from({ length: p.accountIds.length }, (_, a) => Array.from(new Float32Array(losses, 4 * a * stride, p.scenarioCount)));
    return { pnl: new Float32Array(pnl), losses: accountLosses, tails: sortedTails(await readTailCandidates(res)) };
  } finally {
    res.destroy();
  }
}

/** Each account's candidates as sorted "loss@scenario" strings (the GPU claims slots in any order). */
function sortedTails(candidates: TailCandidates): string[][] {
  return Array.from({ length: candidates.offsets.length - 1 }, (_, a) => {
    const out: string[] = [];
    for (let j = candidates.offsets[a]; j < candidates.offsets[a + 1]; j++) out.push(`${candidates.losses[j]}@${candidates.scenarios[j]}`);
    return out.sort();
  });
}

describe('GPU kernels own their contract', () => {
  it.for(ENGINE_KERNELS.map((kernel) => [kernel.name, kernel] as [string, AnyGpuKernel]))('%s compiles against its named bind-group layout', async ([, kernel], ctx) => {
    const { device } = gpu.use(ctx);
    const compiled = await expectNoGpuErrors(device, () => pipelinesOn(device).get(kernel));
    expect(Object.keys(compiled.constants)).toContain('WORKGROUP_SIZE');
  });

  it('binds by name: the order the names come in changes nothing, a wrong name throws', async (ctx) => {
    const { device } = gpu.use(ctx);
    const kernel = await pipelinesOn(device).get(aggregateAccounts);
    // Two accounts over two instruments, one quad of scenarios: losses = -(quantity · P&L).
    const storage = (data: Uint32Array<ArrayBuffer> | Float32Array<ArrayBuffer>) => {
      const buffer = device.createBuffer({ size: Math.max(16, data.byteLength), usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST | GPUBufferUsage.COPY_SRC });
      device.queue.writeBuffer(buffer, 0, data);
      return buffer;
    };
    const params = packRunParams({
      scenario_start: 0, scenario_count: 4, pnl_stride: 4, factor_count: 0, instrument_count: 2, account_count: 2,
      seed_lo: 0, seed_hi: 0, dof: 0, tail_count: 0, tail_capacity: 0, history_days: 0, days_per_scenario: 0,
    });
    const run = device.createBuffer({ size: params.byteLength, usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST });
    device.queue.writeBuffer(run, 0, params);
    const resources = {
      run,
      accountOffsets: storage(Uint32Array.of(0, 2, 3)),
      positionInstrument: storage(Uint32Array.of(0, 1, 1)),
      positionQuantity: storage(Float32Array.of(2, -1, 3)),
      instrumentPnl: storage(Float32Array.of(1, 2, 3, 4, 10, 20, 30, 40)),
      accountLoss: storage(new Float32Array(8)),
    };
    const scrambled = {
      accountLoss: resources.accountLoss,
      positionQuantity: resources.positionQuantity,
      instrumentPnl: resources.instrumentPnl,
      run,
      positionInstrument: resources.positionInstrument,
      accountOffsets: resources.accountOffsets,
    };
    const losses: number[][] = [];
    for (const group of [kernel.bind(resources), kernel.bind(scrambled)]) {
      const encoder = device.createCommandEncoder();
      encoder.clearBuffer(resources.accountLoss);
      kernel.encode(encoder, group, { scenarios: 4, accounts: 2 });
      device.queue.submit([encoder.finish()]);
      losses.push(Array.from(new Float32Array((await readBack(device, [{ buffer: resources.accountLoss, byteSize: 32 }]))[0])));
    }
    expect(losses[0]).toEqual([8, 16, 24, 32, -30, -60, -90, -120]);
    expect(losses[1]).toEqual(losses[0]);
    expect(() => kernel.bind({ ...resources, accountLoss: undefined } as never)).toThrow(/missing accountLoss/);
    expect(() => kernel.bind({ ...resources, account_loss: resources.accountLoss } as never)).toThrow(/unknown account_loss/);
    for (const buffer of Object.values(resources)) buffer.destroy();
  });

  it('compiled with other constants (grid, workgroup sizes, radix digits), selects the same tails', async (ctx) => {
    const { device } = gpu.use(ctx);
    const pipelines = pipelinesOn(device);
    const reference = await runChunk(device, pipelines, plan, DEFAULT_KERNELS);
    expect(plan.accountIds.length).toBeGreaterThan(5);
    expect(reference.tails.every((tail) => tail.length === plan.tailCount)).toBe(true);
    const variants: [string, Kernels][] = [
      [
        'folded grids of 5 and other workgroup sizes',
        {
          generate: withOverrides(generateMoves, { WORKGROUP_SIZE: 32 }),
          revalue: withOverrides(revalueInstruments, { WORKGROUP_SIZE: 64 }),
          aggregate: withOverrides(aggregateAccounts, { GRID_STRIDE: 5, WORKGROUP_SIZE: 64 }),
          select: withOverrides(selectTails, { GRID_STRIDE: 5, WORKGROUP_SIZE: 128 }),
        },
      ],
      ['8-bit digits', { ...DEFAULT_KERNELS, select: withOverrides(selectTails, { DIGIT_BITS: 8, BINS: 256, ROUNDS: 4 }) }],
      ['11-bit digits', { ...DEFAULT_KERNELS, select: withOverrides(selectTails, { DIGIT_BITS: 11, BINS: 2048, ROUNDS: 3 }) }],
    ];
    for (const [what, kernels] of variants) {
      const variant = await expectNoGpuErrors(device, () => runChunk(device, pipelines, plan, kernels));
      expect(variant.pnl, what).toEqual(reference.pnl);
      expect(variant.losses, what).toEqual(reference.losses);
      expect(variant.tails, what).toEqual(reference.tails);
    }
  });

  it('revalues with the payoff codes TypeScript passes: swapped, every option changes and nothing else', async (ctx) => {
    const { device } = gpu.use(ctx);
    const pipelines = pipelinesOn(device);
    const reference = await runChunk(device, pipelines, plan, DEFAULT_KERNELS);
    const swapped = await runChunk(device, pipelines, plan, {
      ...DEFAULT_KERNELS,
      revalue: withOverrides(revalueInstruments, { PAYOFF_CALL: PayoffCode.put }),
    });
    const stride = pnlStride(plan.scenarioCount);
    const row = (pnl: Float32Array, i: number) => Array.from(pnl.subarray(i * stride, i * stride + plan.scenarioCount));
    let options = 0;
    for (let i = 0; i < plan.instrumentIds.length; i++) {
      if (plan.payoff[i] === PayoffCode.linear) {
        expect(row(swapped.pnl, i), plan.instrumentIds[i]).toEqual(row(reference.pnl, i));
      } else {
        options++;
        expect(row(swapped.pnl, i), plan.instrumentIds[i]).not.toEqual(row(reference.pnl, i));
      }
    }
    expect(options).toBeGreaterThan(0);
  });
});
