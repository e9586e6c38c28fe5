import { type ScenarioRange, scenarioRangeOf, splitScenarios } from '../chunking.js';
import type { RiskEngine, SimulateOptions, SimulationResult } from '../engine.js';
import type { RiskPlan } from '../plan.js';
import { emptyTimings, type StageTimings } from '../stageTimings.js';
import { TailAccumulator, type TailCandidates } from '../tailAccumulator.js';
import { bindAggregateAccounts } from './aggregate.js';
import { type AcquiredGpuDevice, describeAdapter, type GpuLimits } from './device.js';
import { revalueScenarioList } from './instrumentBlock.js';
import { PipelineCache } from './pipelines.js';
import { bindSelectTails, readTailCandidates, uploadThresholds } from './reduce.js';
import { bindRevalueInstruments } from './revalue.js';
import { gpuChunkSize, RunResources } from './runResources.js';
import { bindGenerateMoves } from './scenarios.js';
import { settled } from './settled.js';
import { stressAccountPnl } from './stress.js';

/** A run's four stages, bound to its buffers; each encodes its dispatch for a chunk. */
interface ChunkStages {
  generate: (encoder: GPUCommandEncoder, count: number) => void;
  revalue: (encoder: GPUCommandEncoder, count: number) => void;
  aggregate: (encoder: GPUCommandEncoder, count: number) => void;
  select: (encoder: GPUCommandEncoder) => void;
}

/** What the chunk loops share. */
interface ChunkRun {
  res: RunResources;
  stages: ChunkStages;
  ranges: ScenarioRange[];
  /** Scenarios simulated: the plan's, or the range asked for. */
  total: number;
  accumulator: TailAccumulator;
  timings: StageTimings;
  onProgress?: (done: number, total: number) => void;
}

/**
 * The WebGPU backend (f32). Per chunk of scenarios: generate moves → revalue instruments →
 * aggregate accounts → select per-account tail candidates, all on the GPU; only the
 * candidates (≤ k per account, fewer once thresholds prune) come back, into the same exact
 * TailAccumulator the CPU backend uses. By default the chunks are pipelined (one submission per
 * chunk, the host merging chunk n while the GPU runs chunk n + 1); with `stageTimings` each stage
 * is its own submission so its time can be measured. The device is owned by the caller (see
 * nodeGpu.ts / browserGpu.ts).
 */
export class GpuEngine implements RiskEngine {
  readonly backend = 'gpu' as const;
  private readonly pipelines: PipelineCache;

  constructor(
    private readonly device: GPUDevice,
    readonly description: string,
    private readonly limits: GpuLimits = device.limits,
    private readonly release: () => void = () => device.destroy(),
  ) {
    this.pipelines = new PipelineCache(device);
  }

  /**
   * An engine over an acquired device, described by its adapter. With `ownsDevice` (the
   * default) dispose() releases the device; tests that share one device pass false.
   */
  static on(acquired: AcquiredGpuDevice, ownsDevice = true): GpuEngine {
    const release = ownsDevice ? acquired.release : () => {};
    return new GpuEngine(acquired.device, `WebGPU f32 on ${describeAdapter(acquired.adapterInfo)}`, acquired.limits, release);
  }

  async simulate(plan: RiskPlan, options: SimulateOptions = {}): Promise<SimulationResult> {
    const began = performance.now();
    const scope = scenarioRangeOf(plan.scenarioCount, options.scenarioRange);
    const chunkSize = Math.min(options.chunkSize ?? gpuChunkSize(plan, this.limits), scope.count);
    const capacity = Math.max(chunkSize, plan.stress.length);
    const res = new RunResources(this.device, plan, capacity);
    const timings = emptyTimings();
    try {
      const setup = performance.now();
      await res.prepare();
      timings.transfers += performance.now() - setup;
      const stages = await this.bindStages(res);
      const chunks: ChunkRun = {
        res,
        stages,
        ranges: splitScenarios(scope.count, chunkSize, scope.start),
        total: scope.count,
        accumulator: new TailAccumulator(plan.accountIds.length, plan.tailCount),
        timings,
        onProgress: options.onProgress,
      };
      await (options.stageTimings ? this.runStageByStage(chunks) : this.runPipelined(chunks));
      const stressPnl = options.stressGrid === false ? new Float64Array(0) : await stressAccountPnl(res, plan, stages.revalue, stages.aggregate);
      return { tails: chunks.accumulator.finish(), stressPnl, timings, wallMs: performance.now() - began, chunkCount: chunks.ranges.length };
    } finally {
      res.destroy();
    }
  }

  private async bindStages(res: RunResources): Promise<ChunkStages> {
    return {
      generate: await bindGenerateMoves(res, this.pipelines),
      revalue: await bindRevalueInstruments(res, this.pipelines),
      aggregate: await bindAggregateAccounts(res, this.pipelines),
      select: await bindSelectTails(res, this.pipelines),
    };
  }

  /** Sets a chunk's parameters and the thresholds its selection prunes by (host to GPU). */
  private writeChunkInputs(run: ChunkRun, range: ScenarioRange): void {
    const t = performance.now();
    run.res.writeRunParams(range.start, range.count);
    uploadThresholds(run.res, run.accumulator.thresholds());
    run.timings.transfers += performance.now() - t;
  }

  /** Reads a chunk's candidates back, waiting for its GPU work. */
  private async readCandidates(run: ChunkRun, afterCopy?: () => void): Promise<TailCandidates> {
    const t = performance.now();
    const candidates = await readTailCandidates(run.res, afterCopy);
    run.timings.transfers += performance.now() - t;
    return candidates;
  }

  private mergeCandidates(run: ChunkRun, candidates: TailCandidates, range: ScenarioRange, done: number): number {
    const t = performance.now();
    run.accumulator.add(candidates);
    run.timings.reduction += performance.now() - t;
    run.onProgress?.(done + range.count, run.total);
    return done + range.count;
  }

  /**
   * The default: chunk n + 1's four stages go to the GPU in one submission as soon as chunk n's
   * candidates are copied out, before the host maps and merges them, so the merge overlaps the
   * GPU's work. Chunk n + 1 prunes by
   * the thresholds as they stood before chunk n's merge: looser, so it may ship a few more
   * candidates, never fewer than the exact tails need (the tails are the same). The time the
   * host waits on the GPU (its work and the readback) is counted as transfers.
   */
  private async runPipelined(run: ChunkRun): Promise<void> {
    const submit = (range: ScenarioRange) => {
      this.writeChunkInputs(run, range);
      const encoder = this.device.createCommandEncoder({ label: 'chunk' });
      run.stages.generate(encoder, range.count);
      run.stages.revalue(encoder, range.count);
      run.stages.aggregate(encoder, range.count);
      run.stages.select(encoder);
      this.device.queue.submit([encoder.finish()]);
    };
    let done = 0;
    submit(run.ranges[0]);
    for (let n = 0; n < run.ranges.length; n++) {
      // The readback is queued after chunk n's work; chunk n + 1 after the readback's copy.
      const next = run.ranges[n + 1];
      const candidates = await this.readCandidates(run, next ? () => submit(next) : undefined);
      done = this.mergeCandidates(run, candidates, run.ranges[n], done);
    }
  }

  /** With SimulateOptions.stageTimings: each stage its own submission, waited for and timed. */
  private async runStageByStage(run: ChunkRun): Promise<void> {
    const stage = async (name: keyof StageTimings, encode: (encoder: GPUCommandEncoder) => void) => {
      const t = performance.now();
      const encoder = this.device.createCommandEncoder({ label: name });
      encode(encoder);
      this.device.queue.submit([encoder.finish()]);
      await settled(this.device.queue.onSubmittedWorkDone());
      run.timings[name] += performance.now() - t;
    };
    let done = 0;
    for (const range of run.ranges) {
      this.writeChunkInputs(run, range);
      await stage('scenarios', (e) => run.stages.generate(e, range.count));
      await stage('revaluation', (e) => run.stages.revalue(e, range.count));
      await stage('aggregation', (e) => run.stages.aggregate(e, range.count));
      await stage('reduction', (e) => run.stages.select(e));
      done = this.mergeCandidates(run, await this.readCandidates(run), range, done);
    }
  }

  async revalueScenarios(plan: RiskPlan, scenarios: Uint32Array): Promise<Float64Array> {
    return revalueScenarioList(this.device, this.limits, this.pipelines, plan, scenarios);
  }

  async dispose(): Promise<void> {
    this.release();
  }
}
