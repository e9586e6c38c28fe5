import type { RiskPlan } from '../plan.js';
import { storageBuffer, storageBufferWith, uniformBuffer } from './buffers.js';
import type { GpuLimits } from './device.js';
import { packRunParams, pnlStride, RunParams, uniformBufferSize } from './layouts.js';
import { packTiles, type RevaluationTile, revaluationTiles } from './revaluationTiles.js';
import { generateMoves, needsWideKernels } from './scenarios.js';
import { settled } from './settled.js';

export type { GpuLimits } from './device.js';

/** The most scenarios per chunk allowed by the limits and a memory budget (f32 blocks). */
export function gpuChunkSize(plan: RiskPlan, limits: GpuLimits, budgetBytes = 1 << 30): number {
  const widest = Math.max(plan.instrumentIds.length, plan.accountIds.length, plan.factorCount);
  const perBinding = Math.min(limits.maxStorageBufferBindingSize, limits.maxBufferSize);
  const byBinding = Math.floor(perBinding / (4 * widest)) - 4;
  const factorRows = needsWideKernels(plan.factorCount) ? 2 * plan.factorCount : plan.factorCount; // moves, and shocks for wide books
  const byBudget = Math.floor(budgetBytes / (4 * (plan.instrumentIds.length + plan.accountIds.length + factorRows)));
  const byDispatch = generateMoves.workgroupSize * limits.maxComputeWorkgroupsPerDimension;
  const size = Math.min(byBinding, byBudget, byDispatch, 65_536, plan.scenarioCount);
  if (size < 1) throw new RangeError(`GPU limits too small for ${widest} instruments/accounts per scenario`);
  return size;
}

/**
 * All buffers of one simulation: the plan's static data (uploaded once) and
 * per-chunk work buffers sized for `capacity` scenarios. Buffers are f32 / u32 only.
 */
export class RunResources {
  readonly run: GPUBuffer;
  /** The lower Cholesky factor, or the FHS mixing matrix (engine/historicalDraws.ts). */
  readonly factorMixing: GPUBuffer;
  /** FHS residual table (day-major; one zero when there is none) and which factors it holds. */
  readonly historyTable: GPUBuffer;
  readonly historicalFactor: GPUBuffer;
  readonly moveScale: GPUBuffer;
  /** The instruments grouped for revaluation, and their uniform buffer (TILE_STRIDE_BYTES apart). */
  readonly tiles: RevaluationTile[];
  readonly tileBuffer: GPUBuffer;
  readonly accountOffsets: GPUBuffer;
  readonly positionInstrument: GPUBuffer;
  readonly positionQuantity: GPUBuffer;
  readonly moves: GPUBuffer;
  /** Wide books only (more than MAX_FACTORS factors): the standardized shocks, laid out like the moves. */
  readonly shocks?: GPUBuffer;
  readonly spotGrowth: GPUBuffer;
  readonly instrumentPnl: GPUBuffer;
  readonly accountLoss: GPUBuffer;
  readonly thresholds: GPUBuffer;
  readonly tailLoss: GPUBuffer;
  readonly tailScenario: GPUBuffer;
  readonly tailCount: GPUBuffer;
  /** Scenario indices of a listed chunk (generate_listed_moves), one per row. */
  readonly scenarioList: GPUBuffer;
  readonly tailCapacity: number;
  private readonly all: GPUBuffer[];

  constructor(
    readonly device: GPUDevice,
    readonly plan: RiskPlan,
    /** Scenarios per chunk (also ≥ the stress-grid size). */
    readonly capacity: number,
  ) {
    const f = plan.factorCount;
    const n = plan.instrumentIds.length;
    const a = plan.accountIds.length;
    this.tailCapacity = Math.min(plan.tailCount, capacity);
    this.run = uniformBuffer(device, 'run params', uniformBufferSize(RunParams));
    const historical = plan.historical;
    this.factorMixing = storageBufferWith(device, 'factor mixing', Float32Array.from(historical ? historical.mixing : plan.choleskyLower));
    this.historyTable = storageBufferWith(device, 'history table', historical ? Float32Array.from(historical.table) : new Float32Array(1));
    this.historicalFactor = storageBufferWith(device, 'historical factors', historical ? Uint32Array.from(historical.historical) : new Uint32Array(f));
    this.moveScale = storageBufferWith(device, 'move scale', Float32Array.from(plan.moveScale));
    this.tiles = revaluationTiles(plan);
    const packedTiles = packTiles(this.tiles);
    this.tileBuffer = device.createBuffer({ label: 'revaluation tiles', size: packedTiles.byteLength, usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST });
    device.queue.writeBuffer(this.tileBuffer, 0, packedTiles);
    this.accountOffsets = storageBufferWith(device, 'account offsets', plan.accountOffsets);
    this.positionInstrument = storageBufferWith(device, 'position instrument', plan.positionInstrument);
    this.positionQuantity = storageBufferWith(device, 'position quantity', Float32Array.from(plan.positionQuantity));
    // Factor-major rows of pnlStride scenarios (revaluation reads them four at a time).
    this.moves = storageBuffer(device, 'moves', 4 * pnlStride(capacity) * f);
    if (needsWideKernels(f)) this.shocks = storageBuffer(device, 'shocks', 4 * pnlStride(capacity) * f);
    this.spotGrowth = storageBuffer(device, 'spot growth', 4 * pnlStride(capacity) * plan.underlyings.length);
    this.instrumentPnl = storageBuffer(device, 'instrument pnl', 4 * pnlStride(capacity) * n);
    this.accountLoss = storageBuffer(device, 'account loss', 4 * pnlStride(capacity) * a);
    this.thresholds = storageBuffer(device, 'thresholds', 4 * a);
    this.tailLoss = storageBuffer(device, 'tail loss', 4 * a * this.tailCapacity);
    this.tailScenario = storageBuffer(device, 'tail scenario', 4 * a * this.tailCapacity);
    this.tailCount = storageBuffer(device, 'tail count', 4 * a);
    this.scenarioList = storageBuffer(device, 'scenario list', 4 * capacity);
    this.all = [
      this.run, this.factorMixing, this.historyTable, this.historicalFactor, this.moveScale, this.tileBuffer, this.accountOffsets, this.positionInstrument,
      this.positionQuantity, this.moves, ...(this.shocks ? [this.shocks] : []), this.spotGrowth, this.instrumentPnl, this.accountLoss, this.thresholds, this.tailLoss,
      this.tailScenario, this.tailCount, this.scenarioList,
    ];
  }

  /**
   * Zeroes the per-chunk work buffers now. WebGPU zero-fills every new buffer on its first use
   * (Dawn does it lazily); on a CPU adapter, filling and first touching hundreds of MiB costs
   * tens of milliseconds, which would otherwise land in whichever stage first uses a buffer.
   */
  async prepare(): Promise<void> {
    const encoder = this.device.createCommandEncoder({ label: 'clear work buffers' });
    for (const buffer of [this.moves, this.spotGrowth, this.instrumentPnl, this.accountLoss, this.tailLoss, this.tailScenario, this.tailCount]) {
      encoder.clearBuffer(buffer);
    }
    this.device.queue.submit([encoder.finish()]);
    await settled(this.device.queue.onSubmittedWorkDone());
  }

  writeRunParams(scenarioStart: number, scenarioCount: number): void {
    const { plan } = this;
    const params: RunParams = {
      scenario_start: scenarioStart,
      scenario_count: scenarioCount,
      pnl_stride: pnlStride(scenarioCount),
      factor_count: plan.factorCount,
      instrument_count: plan.instrumentIds.length,
      account_count: plan.accountIds.length,
      seed_lo: plan.seed % 2 ** 32,
      seed_hi: Math.floor(plan.seed / 2 ** 32),
      dof: plan.distribution.type === 'student-t' ? plan.distribution.dof : 0,
      tail_count: plan.tailCount,
      tail_capacity: this.tailCapacity,
      history_days: plan.historical?.days ?? 0,
      days_per_scenario: plan.historical?.daysPerScenario ?? 0,
    };
    this.device.queue.writeBuffer(this.run, 0, packRunParams(params));
  }

  destroy(): void {
    for (const buffer of this.all) buffer.destroy();
  }
}
