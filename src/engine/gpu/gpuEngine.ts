import { scenarioRangeOf, splitScenarios } from '../chunking.js';
import type { RiskEngine, SimulateOptions, SimulationResult } from '../engine.js';
import type { RiskPlan } from '../plan.js';
import { emptyTimings, type StageTimings } from '../stageTimings.js';
import { TailAccumulator } from '../tailAccumulator.js';
import { bindAggregateAccounts } from './aggregate.js';
import { type AcquiredGpuDevice, describeAdapter, type GpuLimits } from './device.js';
import { revalueScenarioList } from './instrumentBlock.js';
import { PipelineCache } from './pipelines.js';
import { bindSelectTails, readTailCandidates, uploadThresholds } from './reduce.js';
import { bindRevalueInstruments } from './revalue.js';
import { gpuChunkSize, RunResources } from './runResources.js';
import { bindGenerateMoves, MAX_FACTORS } from './scenarios.js';
import { settled } from './settled.js';
import { stressAccountPnl } from './stress.js';

/**
 * The WebGPU backend (f32). Per chunk of scenarios: generate moves → revalue instruments →
 * aggregate accounts → select per-account tail candidates, all on the GPU; only the
 * candidates (≤ k per account, fewer once thresholds prune) come back, into the same exact
 * TailAccumulator the CPU backend uses. Each stage is its own submission so its time can be
 * measured; the device is owned by the caller (see nodeGpu.ts / browserGpu.ts).
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
    this.checkFactors(plan);
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
      const generate = await bindGenerateMoves(res, this.pipelines);
      const revalue = await bindRevalueInstruments(res, this.pipelines);
      const aggregate = await bindAggregateAccounts(res, this.pipelines);
      const select = await bindSelectTails(res, this.pipelines);
      const stage = async (name: keyof StageTimings, encode: (encoder: GPUCommandEncoder) => void) => {
        const t = performance.now();
        const encoder = this.device.createCommandEncoder({ label: name });
        encode(encoder);
        this.device.queue.submit([encoder.finish()]);
        await settled(this.device.queue.onSubmittedWorkDone());
        timings[name] += performance.now() - t;
      };

      const accumulator = new TailAccumulator(plan.accountIds.length, plan.tailCount, options.thresholdFloor);
      const ranges = splitScenarios(scope.count, chunkSize, scope.start);
      let done = 0;
      for (const range of ranges) {
        let t = performance.now();
        res.writeRunParams(range.start, range.count);
        uploadThresholds(res, accumulator.thresholds());
        timings.transfers += performance.now() - t;
        await stage('scenarios', (e) => generate(e, range.count));
        await stage('revaluation', (e) => revalue(e, range.count));
        await stage('aggregation', (e) => aggregate(e, range.count));
        await stage('reduction', (e) => select(e));
        t = performance.now();
        const candidates = await readTailCandidates(res);
        timings.transfers += performance.now() - t;
        t = performance.now();
        accumulator.add(candidates);
        timings.reduction += performance.now() - t;
        done += range.count;
        options.onProgress?.(done, scope.count);
      }
      const stressPnl = options.stressGrid === false ? new Float64Array(0) : await stressAccountPnl(res, plan, revalue, aggregate);
      return { tails: accumulator.finish(), stressPnl, timings, wallMs: performance.now() - began, chunkCount: ranges.length };
    } finally {
      res.destroy();
    }
  }

  async revalueScenarios(plan: RiskPlan, scenarios: Uint32Array): Promise<Float64Array> {
    this.checkFactors(plan);
    return revalueScenarioList(this.device, this.limits, this.pipelines, plan, scenarios);
  }

  async dispose(): Promise<void> {
    this.release();
  }

  private checkFactors(plan: RiskPlan): void {
    if (plan.factorCount > MAX_FACTORS) {
      throw new RangeError(`the GPU backend supports at most ${MAX_FACTORS / 2} underlyings, the book has ${plan.factorCount / 2}`);
    }
  }
}
