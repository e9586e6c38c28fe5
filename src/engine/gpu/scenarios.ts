import { d } from 'typegpu';
import { defineKernel, storageRead, storageReadWrite, uniform } from './kernel.js';
import { pnlStride, RunParams } from './layouts.js';
import type { PipelineCache } from './pipelines.js';
import type { RunResources } from './runResources.js';
import { shaderSources } from './shaderSources.js';
import { wgslModule } from './wgsl.js';
import { f32mathWgsl, normalsWgsl } from './wgslLibrary.js';

/**
 * The most factors (two per underlying) one invocation holds in its normals array; wider books
 * take the *_wide kernels, whose shocks live in a storage buffer (scenariosWide.wgsl).
 */
export const MAX_FACTORS = 128;

/** write_moves and generate_moves: the scenario kernel, mirror of reference/scenarios.ts. */
const scenariosWgsl = wgslModule('scenarios', shaderSources.scenarios, { needs: [normalsWgsl, f32mathWgsl], consts: { MAX_FACTORS } });

const moveBindings = {
  run: uniform(RunParams),
  // factor_count², row-major: the lower Cholesky factor (normal, Student-t) or the FHS mixing matrix.
  factorMixing: storageRead(d.arrayOf(d.f32)),
  historyTable: storageRead(d.arrayOf(d.f32)), // FHS residuals, day-major: day * factor_count + factor
  historicalFactor: storageRead(d.arrayOf(d.u32)), // per factor: 1 drawn from the table, 0 from the model
  moveScale: storageRead(d.arrayOf(d.f32)), // factor_count
  // Factor-major, rows padded to pnl_stride, so that revaluation reads four scenarios as a vec4:
  moves: storageReadWrite(d.arrayOf(d.f32)), // factor * pnl_stride + row
  spotGrowth: storageReadWrite(d.arrayOf(d.f32)), // underlying * pnl_stride + row: expm1(spot move)
};

/** One invocation per scenario. */
const WORKGROUP_SIZE = 64;
const perScenario = ({ scenarios }: { scenarios: number }, c: { WORKGROUP_SIZE: number }) => [Math.ceil(scenarios / c.WORKGROUP_SIZE), 1, 1] as const;

/** The moves of the chunk's consecutive scenarios. */
export const generateMoves = defineKernel({
  name: 'generateMoves',
  entryPoint: 'generate_moves',
  wgsl: [scenariosWgsl],
  bindings: moveBindings,
  workgroupSize: WORKGROUP_SIZE,
  workgroups: perScenario,
});

/**
 * generate_listed_moves: the moves of the scenarios listed in scenarioList (row j: scenario
 * list[j]), bit-identical to those generate_moves writes for the same scenarios.
 */
export const generateListedMoves = defineKernel({
  name: 'generateListedMoves',
  entryPoint: 'generate_listed_moves',
  wgsl: [wgslModule('listedScenarios', shaderSources.listedScenarios, { needs: [scenariosWgsl] })],
  bindings: { ...moveBindings, scenarioList: storageRead(d.arrayOf(d.u32)) },
  workgroupSize: WORKGROUP_SIZE,
  workgroups: perScenario,
});

/** The buffers of a run that the scenario kernels bind, by binding name. */
function moveBuffers(res: RunResources) {
  return {
    run: res.run,
    factorMixing: res.factorMixing,
    historyTable: res.historyTable,
    historicalFactor: res.historicalFactor,
    moveScale: res.moveScale,
    moves: res.moves,
    spotGrowth: res.spotGrowth,
  };
}

const wideWgsl = wgslModule('scenariosWide', shaderSources.scenariosWide, { needs: [normalsWgsl, f32mathWgsl] });
const wideBindings = { ...moveBindings, shocks: storageReadWrite(d.arrayOf(d.f32)), scenarioList: storageRead(d.arrayOf(d.u32)) };

/** generate_moves for more than MAX_FACTORS factors: the same moves, shocks in a storage buffer. */
export const generateMovesWide = defineKernel({
  name: 'generateMovesWide',
  entryPoint: 'generate_moves_wide',
  wgsl: [wideWgsl],
  bindings: wideBindings,
  workgroupSize: WORKGROUP_SIZE,
  workgroups: perScenario,
});

/** generate_listed_moves for more than MAX_FACTORS factors. */
export const generateListedMovesWide = defineKernel({
  name: 'generateListedMovesWide',
  entryPoint: 'generate_listed_moves_wide',
  wgsl: [wideWgsl],
  bindings: wideBindings,
  workgroupSize: WORKGROUP_SIZE,
  workgroups: perScenario,
});

/** Whether a plan's factors need the wide kernels. */
export function needsWideKernels(factorCount: number): boolean {
  return factorCount > MAX_FACTORS;
}

/** Binds generate_moves (or a variant of it: withOverrides) to a run's buffers. */
export async function bindGenerateMoves(res: RunResources, pipelines: PipelineCache, variant = generateMoves) {
  if (res.shocks) {
    const wide = await pipelines.get(generateMovesWide);
    const group = wide.bind({ ...moveBuffers(res), shocks: res.shocks, scenarioList: res.scenarioList });
    return (encoder: GPUCommandEncoder, count: number) => wide.encode(encoder, group, { scenarios: count });
  }
  const kernel = await pipelines.get(variant);
  const group = kernel.bind({ ...moveBuffers(res) });
  return (encoder: GPUCommandEncoder, count: number) => kernel.encode(encoder, group, { scenarios: count });
}

/** Binds generate_listed_moves to a run's buffers (the list: res.scenarioList). */
export async function bindGenerateListedMoves(res: RunResources, pipelines: PipelineCache) {
  if (res.shocks) {
    const wide = await pipelines.get(generateListedMovesWide);
    const group = wide.bind({ ...moveBuffers(res), shocks: res.shocks, scenarioList: res.scenarioList });
    return (encoder: GPUCommandEncoder, count: number) => wide.encode(encoder, group, { scenarios: count });
  }
  const kernel = await pipelines.get(generateListedMoves);
  const group = kernel.bind({ ...moveBuffers(res), scenarioList: res.scenarioList });
  return (encoder: GPUCommandEncoder, count: number) => kernel.encode(encoder, group, { scenarios: count });
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
