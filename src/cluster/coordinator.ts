/**
 * The coordinator of a cluster run: a RiskEngine whose simulate() and revalueScenarios() run on
 * `margin worker` processes through BullMQ, so that `runMargin` (and everything built on it: the
 * nightly job) runs over many machines unchanged, and writes the same output as a local run.
 *
 * Per call (a *stage* of the run): the plan goes to Redis as content-addressed blobs (once per
 * run; a plan already there is not sent again), the work is cut into shards (scenario ranges ×
 * account blocks for a simulation, slices of the scenario list for a revaluation), and the
 * shards are enqueued as one BullMQ flow: the shards are its children, in the queue of the run's
 * backend, and the parent, processed by a worker once every shard has completed, is the fan-in.
 * Results come back through Redis as binary blobs, each checked against its SHA-256, and merge
 * exactly: per account the k worst of all candidates (TailAccumulator), the same tails as one
 * process, whatever the cut. After each merge the account block's running thresholds go to
 * Redis, and workers leave out candidates below them (exact, see results.ts).
 *
 * Faults: a shard that throws is retried (`attempts`, backoff); one that fails every attempt
 * fails the flow's parent and the run, with its error; the run's output is then never written.
 * A stage's shard results stay in Redis under the run id, so a coordinator restarted with the
 * same run id merges the shards already done and enqueues only the missing ones (or attaches to
 * the flow still running). A shard result is stored once (HSETNX), so one delivered twice is
 * counted once.
 */
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import { FlowProducer, Job, Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import {
  addTimings, emptyTimings, type RiskEngine, type RiskPlan, type ScenarioRange, scenarioRangeOf, type SimulateOptions, type SimulationResult,
  TailAccumulator,
} from '../engine/index.js';
import type { BackendChoice } from '../engine/openNodeEngine.js';
import { InputError } from '../model/errors.js';
import { BlobMissingError, BlobStore, sha256Hex } from './blobs.js';
import { bytesOf } from './bundle.js';
import { connectRedis, redactRedisUrl } from './connection.js';
import { ClusterKeys, QUEUES, RUN_ID_PATTERN, RUN_TTL_SECONDS } from './keys.js';
import { type AccountBlock, revalueSlices, type SimulationLayout, simulationLayout } from './layout.js';
import { encodePlan } from './planCodec.js';
import { PROTOCOL_VERSION, type RevalueShard, type ShardJob, type ShardResultRef, type SimulateShard } from './protocol.js';
import { decodeRevalueResult, decodeSimulateResult } from './results.js';
import { liveWorkers, type WorkerRecord } from './status.js';

export interface ClusterRunOptions {
  /** redis:// or rediss:// URL. */
  url: string;
  /** Key prefix shared with the workers (default `margin`). */
  prefix?: string;
  /** The run's id: given again after a crash, the run resumes (default: a new id). */
  runId?: string;
  /** `auto`: the GPU when a live GPU worker is registered, else the CPU. */
  backend: BackendChoice;
  /** Scenario ranges per simulation (default: two per live worker slot, at least 4). */
  shards?: number;
  /** Accounts per shard (default: as many as keep a shard's result within 256 MiB). */
  accountBlock?: number;
  /** Tries per shard before it fails the run (default 3). */
  attempts?: number;
  /** How often Redis is read for results when no worker announces one (ms, default 1000; an announcement wakes the coordinator at once). */
  pollMs?: number;
  log?: (line: string) => void;
}

/** A shard failed every try: the run fails with its error (and writes nothing). */
export class ClusterRunError extends Error {
  override readonly name = 'ClusterRunError';
}

/** What a run moved and spent, for the measurements. */
export interface ClusterStats {
  stages: number;
  shards: number;
  /** Input blobs (plans, scenario lists) written to Redis by this coordinator. */
  inputBytes: number;
  /** Result blobs read from Redis, and the largest one. */
  resultBytes: number;
  largestResultBytes: number;
  /** Coordinator milliseconds decoding and merging results (and finishing the tails). */
  mergeMs: number;
  /** Worker milliseconds per shard, summed (fetching inputs, computing, storing the result). */
  shardMs: number;
  /** Per shard merged: what it moved and cost. */
  perShard: ShardStat[];
}

export interface ShardStat {
  stage: number;
  kind: 'simulate' | 'revalue';
  shard: number;
  worker: string;
  attempt: number;
  /** Result bytes through Redis. */
  bytes: number;
  /** Worker wall, and the engine's part of it (the rest: inputs, encoding, storing). */
  ms: number;
  computeMs: number;
  /** Coordinator: reading the result from Redis, and decoding and merging it. */
  fetchMs: number;
  mergeMs: number;
}

const LEASE_MS = 10_000;
const LEASE_RENEW_MS = 3_000;
const STATUS_EVERY_MS = 15_000;
const NO_WORKER_WARNING_MS = 30_000;
const ACTIVE_STATES = new Set(['waiting-children', 'waiting', 'wait', 'active', 'delayed', 'prioritized']);

const fmt = (n: number) => n.toLocaleString('en-US');
const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MiB`;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function newRunId(): string {
  const t = new Date().toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  return `r-${t}-${randomBytes(3).toString('hex')}`;
}

interface StageDefinition {
  kind: 'simulate' | 'revalue';
  index: number;
  key: string;
  label: string;
  jobs: ShardJob[];
  describe(shard: number): string;
  /** Scenarios a shard stands for in the stage's progress. */
  weight(shard: number): number;
  total: number;
  merge(shard: number, bytes: Buffer, ref: ShardResultRef): void;
  onProgress?: (done: number, total: number) => void;
}

export class ClusterEngine implements RiskEngine {
  readonly stats: ClusterStats = { stages: 0, shards: 0, inputBytes: 0, resultBytes: 0, largestResultBytes: 0, mergeMs: 0, shardMs: 0, perShard: [] };
  private stageIndex = 0;
  private readonly servedBy = new Map<string, string>();
  private readonly uploaded = new WeakMap<RiskPlan, string>();
  private leaseTimer: NodeJS.Timeout | undefined;
  private current: { key: string; gen: number; shards: number; merged: Set<number> } | undefined;
  private finished = false;

  /** Resolves the wait of the stage loop when a worker announces a result (pub/sub), or notes one that came between waits. */
  private wake: (() => void) | undefined;
  private announced = false;

  private constructor(
    private readonly redis: Redis,
    private readonly queueConnection: Redis,
    private readonly subscriber: Redis,
    private readonly keys: ClusterKeys,
    private readonly blobs: BlobStore,
    private readonly flows: FlowProducer,
    private readonly shardQueue: Queue,
    private readonly parentQueue: Queue,
    readonly backend: 'cpu' | 'gpu',
    readonly runId: string,
    private readonly coordinatorId: string,
    private readonly options: ClusterRunOptions,
    private readonly log: (line: string) => void,
  ) {}

  /** Connects, settles the backend, and opens (or resumes) the run. */
  static async open(options: ClusterRunOptions): Promise<ClusterEngine> {
    const log = options.log ?? (() => {});
    const keys = new ClusterKeys(options.prefix ?? 'margin');
    const runId = options.runId ?? newRunId();
    if (!RUN_ID_PATTERN.test(runId)) throw new InputError('--run-id', '', runId, 'expected 1–64 letters, digits, _ or -');
    const redis = await connectRedis(options.url, { name: `margin-coordinator:${runId}` });
    let queueConnection: Redis | undefined;
    let subscriber: Redis | undefined;
    try {
      queueConnection = await connectRedis(options.url, { name: `margin-coordinator-queue:${runId}` });
      subscriber = await connectRedis(options.url, { name: `margin-coordinator-events:${runId}` });
      const record = await redis.hgetall(keys.run(runId));
      const resuming = Object.keys(record).length > 0;
      if (resuming && record.state === 'complete') {
        throw new InputError('--run-id', '', runId, `run ${runId} completed at ${new Date(Number(record.finished)).toISOString()}: its results are gone; use a new run id`);
      }
      const workers = await liveWorkers(redis, keys);
      const backend = settleBackend(options.backend, resuming ? (record.backend as 'cpu' | 'gpu') : undefined, workers, runId);
      const coordinatorId = `${hostname()}-${process.pid}-${randomBytes(2).toString('hex')}`;
      const connection = { connection: queueConnection, prefix: keys.bull };
      const engine = new ClusterEngine(
        redis, queueConnection, subscriber, keys, new BlobStore(redis, RUN_TTL_SECONDS), new FlowProducer(connection),
        new Queue(QUEUES.shards(backend), connection), new Queue(QUEUES.simulations, connection),
        backend, runId, coordinatorId, options, log,
      );
      await engine.takeLease();
      subscriber.on('message', () => {
        if (engine.wake) engine.wake();
        else engine.announced = true;
      });
      await subscriber.subscribe(keys.events(runId));
      const now = Date.now();
      const slots = workers.filter((w) => w.backend === backend).reduce((sum, w) => sum + w.concurrency, 0);
      if (resuming) {
        await redis.hset(keys.run(runId), { state: 'running', updated: String(now), coordinator: coordinatorId, error: '' });
        log(`cluster: resuming run ${runId} (started ${new Date(Number(record.created)).toISOString()}, was ${record.state}) on ${redactRedisUrl(options.url)}`);
      } else {
        await redis
          .multi()
          .hset(keys.run(runId), { id: runId, state: 'running', backend, created: String(now), updated: String(now), coordinator: coordinatorId, host: hostname() })
          .expire(keys.run(runId), RUN_TTL_SECONDS)
          .zadd(keys.runs, now, runId)
          .zremrangebyscore(keys.runs, 0, now - RUN_TTL_SECONDS * 1000)
          .exec();
        log(`cluster: run ${runId} on ${redactRedisUrl(options.url)} (prefix ${keys.prefix}); restart with --run-id ${runId} to resume it`);
      }
      log(`cluster: ${backend} backend; ${workers.filter((w) => w.backend === backend).length} live ${backend} workers (${slots} shards at a time)`);
      return engine;
    } catch (error) {
      redis.disconnect();
      queueConnection?.disconnect();
      subscriber?.disconnect();
      throw error;
    }
  }

  get description(): string {
    const engines = [...new Set(this.servedBy.values())];
    const workers = this.servedBy.size;
    return `cluster run ${this.runId}: ${this.stats.shards} shards on ${workers} worker${workers === 1 ? '' : 's'} (${engines.join('; ') || this.backend})`;
  }

  async simulate(plan: RiskPlan, options: SimulateOptions = {}): Promise<SimulationResult> {
    const began = performance.now();
    const scope = scenarioRangeOf(plan.scenarioCount, options.scenarioRange);
    const stressGrid = options.stressGrid !== false;
    const planHash = await this.upload(plan);
    const key = stageKey({ kind: 'simulate', plan: planHash, backend: this.backend, scope, stressGrid, chunkSize: options.chunkSize });
    const index = await this.registerStage(key);
    const layout = await this.stageLayout(key, 'simulate', planHash, (slots) =>
      simulationLayout({ scope, accounts: plan.accountIds.length, tailCount: plan.tailCount, shards: this.options.shards, accountBlock: this.options.accountBlock, slots }),
    ) as SimulationLayout;
    const { ranges, blocks } = layout;
    const jobs: SimulateShard[] = [];
    blocks.forEach((block, b) =>
      ranges.forEach((range, r) =>
        jobs.push({
          v: PROTOCOL_VERSION, kind: 'simulate', run: this.runId, stage: key, shard: jobs.length, shards: ranges.length * blocks.length,
          plan: planHash, backend: this.backend, scenarios: range, accounts: { start: block.start, end: block.end, block: b },
          stressGrid: stressGrid && r === 0, chunkSize: options.chunkSize,
        }),
      ),
    );
    const accumulators = blocks.map((block) => new TailAccumulator(block.end - block.start, plan.tailCount));
    const stressCount = plan.stress.length;
    const stressPnl = new Float64Array(stressGrid ? plan.accountIds.length * stressCount : 0);
    const timings = emptyTimings();
    let chunkCount = 0;
    const lastPublish = new Float64Array(blocks.length);
    this.log(
      `cluster: simulation ${index + 1} (${fmt(scope.count)} scenarios, ${fmt(plan.accountIds.length)} accounts, k ${fmt(plan.tailCount)}): ` +
        `${jobs.length} shards = ${ranges.length} scenario ranges × ${blocks.length} account block${blocks.length === 1 ? '' : 's'}`,
    );
    await this.runStage({
      kind: 'simulate', index, key, label: `simulation ${index + 1}`, jobs, total: scope.count,
      describe: (s) => describeSimulateShard(jobs[s], blocks.length),
      weight: (s) => jobs[s].scenarios.count / blocks.length,
      onProgress: options.onProgress,
      merge: (s, bytes) => {
        const job = jobs[s];
        const block: AccountBlock = blocks[job.accounts.block];
        const decoded = decodeSimulateResult(bytes);
        const size = block.end - block.start;
        if (decoded.meta.accounts !== size) throw new ClusterRunError(`shard ${s + 1}: result for ${decoded.meta.accounts} accounts, its block has ${size}`);
        accumulators[job.accounts.block].add(decoded.candidates);
        if (job.stressGrid) {
          if (!decoded.stress || decoded.stress.length !== size * stressCount) throw new ClusterRunError(`shard ${s + 1}: the stress grid is missing from its result`);
          stressPnl.set(decoded.stress, block.start * stressCount);
        }
        addTimings(timings, decoded.meta.timings);
        chunkCount += decoded.meta.chunkCount;
        // The block's running thresholds, for the shards still to ship (throttled: they only rise).
        const now = performance.now();
        if (now - lastPublish[job.accounts.block] > 250) {
          lastPublish[job.accounts.block] = now;
          const thresholds = accumulators[job.accounts.block].thresholds();
          if (thresholds.some((t) => t > -Infinity)) {
            this.redis.set(this.keys.thresholds(this.runId, key, job.accounts.block), Buffer.from(bytesOf(thresholds)), 'EX', RUN_TTL_SECONDS).catch(() => {});
          }
        }
      },
    });
    const t = performance.now();
    const tails = accumulators.flatMap((accumulator) => accumulator.finish());
    this.stats.mergeMs += performance.now() - t;
    return { tails, stressPnl, timings, wallMs: performance.now() - began, chunkCount };
  }

  async revalueScenarios(plan: RiskPlan, scenarios: Uint32Array): Promise<Float64Array> {
    const instruments = plan.instrumentIds.length;
    const n = scenarios.length;
    const out = new Float64Array(n * instruments);
    if (n === 0) return out;
    const planHash = await this.upload(plan);
    const listBytes = new Uint8Array(bytesOf(scenarios));
    const list = sha256Hex(listBytes);
    if (await this.blobs.put(this.keys.blob(list), listBytes)) this.stats.inputBytes += listBytes.length;
    const key = stageKey({ kind: 'revalue', plan: planHash, backend: this.backend, list });
    const index = await this.registerStage(key);
    const slices = (await this.stageLayout(key, 'revalue', planHash, (slots) => revalueSlices(n, slots))) as { start: number; count: number }[];
    const jobs: RevalueShard[] = slices.map((slice, s) => ({
      v: PROTOCOL_VERSION, kind: 'revalue', run: this.runId, stage: key, shard: s, shards: slices.length, plan: planHash, backend: this.backend,
      list, from: slice.start, count: slice.count,
    }));
    await this.runStage({
      kind: 'revalue', index, key, label: `revaluation ${index + 1} (${fmt(n)} listed scenarios)`, jobs, total: n,
      describe: (s) => `listed scenarios ${fmt(jobs[s].from)}–${fmt(jobs[s].from + jobs[s].count - 1)}`,
      weight: (s) => jobs[s].count,
      merge: (s, bytes) => {
        const { pnl, meta } = decodeRevalueResult(bytes);
        const { from, count } = jobs[s];
        if (meta.instruments !== instruments || meta.count !== count) throw new ClusterRunError(`shard ${s + 1}: result of ${meta.instruments} × ${meta.count}, expected ${instruments} × ${count}`);
        for (let i = 0; i < instruments; i++) out.set(pnl.subarray(i * count, (i + 1) * count), i * n + from);
      },
    });
    return out;
  }

  /** Marks the run complete (after its output is written) and frees its results in Redis. */
  async complete(): Promise<void> {
    this.finished = true;
    const stages = await this.redis.lrange(this.keys.runStages(this.runId), 0, -1);
    for (const stage of stages) {
      const refs = await this.redis.hgetall(this.keys.results(this.runId, stage));
      for (const text of Object.values(refs)) await this.blobs.delete(this.keys.runBlob(this.runId, (JSON.parse(text) as ShardResultRef).blob));
      const layout = JSON.parse((await this.redis.hget(this.keys.stage(this.runId, stage), 'layout')) ?? '[]') as Partial<SimulationLayout>;
      const blocks = layout.blocks?.length ?? 0;
      if (blocks > 0) await this.redis.del(...Array.from({ length: blocks }, (_, b) => this.keys.thresholds(this.runId, stage, b)));
    }
    await this.redis.hset(this.keys.run(this.runId), { state: 'complete', updated: String(Date.now()), finished: String(Date.now()) });
    await this.releaseLease();
  }

  /** Marks the run failed with the error's first line, and takes its queued shards off the queue. */
  async fail(error: unknown): Promise<void> {
    if (this.finished) return;
    this.finished = true;
    const message = (error instanceof Error ? error.message : String(error)).split('\n')[0].slice(0, 500);
    await this.redis.hset(this.keys.run(this.runId), { state: 'failed', updated: String(Date.now()), error: message }).catch(() => {});
    const current = this.current;
    if (current) {
      for (let s = 0; s < current.shards; s++) {
        if (current.merged.has(s)) continue;
        // Jobs already running finish (their results stay for a rerun); queued ones go.
        await this.shardQueue.remove(childJobId(this.runId, current.key, current.gen, s)).catch(() => 0);
      }
    }
    await this.releaseLease();
  }

  async dispose(): Promise<void> {
    clearInterval(this.leaseTimer);
    if (!this.finished) {
      // Neither complete nor failed (the caller stopped): the run stays resumable.
      await this.redis.hset(this.keys.run(this.runId), { state: 'interrupted', updated: String(Date.now()) }).catch(() => {});
      await this.releaseLease();
    }
    await Promise.allSettled([this.flows.close(), this.shardQueue.close(), this.parentQueue.close()]);
    this.redis.disconnect();
    this.queueConnection.disconnect();
    this.subscriber.disconnect();
  }

  /** The plan's blobs in Redis (those not there yet); returns the plan's hash. */
  private async upload(plan: RiskPlan): Promise<string> {
    const known = this.uploaded.get(plan);
    if (known) return known;
    const encoded = encodePlan(plan);
    let written = 0;
    let bytes = 0;
    for (const [hash, blob] of encoded.blobs) {
      if (await this.blobs.put(this.keys.blob(hash), blob)) {
        written++;
        bytes += blob.byteLength;
      }
    }
    if (await this.blobs.put(this.keys.blob(encoded.hash), encoded.manifest)) {
      written++;
      bytes += encoded.manifest.byteLength;
    }
    this.stats.inputBytes += bytes;
    const total = encoded.blobs.size + 1;
    this.log(`cluster: plan ${encoded.hash.slice(0, 12)}: ${total} blobs, ${written} new (${mib(bytes)} sent${written < total ? '; the rest already in Redis' : ''})`);
    this.uploaded.set(plan, encoded.hash);
    return encoded.hash;
  }

  /** Appends the stage to the run's list, or checks that a resumed run made the same one at this point. */
  private async registerStage(key: string): Promise<number> {
    const index = this.stageIndex++;
    const listKey = this.keys.runStages(this.runId);
    const existing = await this.redis.lindex(listKey, index);
    if (existing === null) {
      await this.redis.multi().rpush(listKey, key).expire(listKey, RUN_TTL_SECONDS).exec();
    } else if (existing !== key) {
      throw new InputError(
        '--run-id', '', this.runId,
        `this run's stage ${index + 1} was ${existing}, this coordinator's is ${key}: the inputs or options differ from the run's first start; use a new run id`,
      );
    }
    this.stats.stages++;
    return index;
  }

  /** The stage's layout: as recorded when the run first made it (a resumed run keeps its shards), else computed now. */
  private async stageLayout(key: string, kind: string, planHash: string, compute: (slots: number) => unknown): Promise<unknown> {
    const stageKeyName = this.keys.stage(this.runId, key);
    const recorded = await this.redis.hget(stageKeyName, 'layout');
    if (recorded) {
      if (this.options.shards !== undefined || this.options.accountBlock !== undefined) {
        this.log(`cluster: stage ${key.slice(0, 8)} keeps the layout the run started with; --shards / --account-block apply to new runs`);
      }
      return JSON.parse(recorded);
    }
    const workers = (await liveWorkers(this.redis, this.keys)).filter((w) => w.backend === this.backend);
    const layout = compute(workers.reduce((sum, w) => sum + w.concurrency, 0));
    await this.redis
      .multi()
      .hset(stageKeyName, { kind, plan: planHash, layout: JSON.stringify(layout), gen: '0', created: String(Date.now()) })
      .expire(stageKeyName, RUN_TTL_SECONDS)
      .exec();
    return layout;
  }

  private async runStage(stage: StageDefinition): Promise<void> {
    const shards = stage.jobs.length;
    const merged = new Set<number>();
    const resultsKey = this.keys.results(this.runId, stage.key);
    const progressKey = this.keys.progress(this.runId, stage.key);
    const stageKeyName = this.keys.stage(this.runId, stage.key);
    let gen = Number((await this.redis.hget(stageKeyName, 'gen')) ?? 0);
    this.current = { key: stage.key, gen, shards, merged };
    let done = 0;

    const mergeNew = async (announce: boolean): Promise<void> => {
      const refs = await this.redis.hgetall(resultsKey);
      for (const [field, text] of Object.entries(refs)) {
        const s = Number(field);
        if (merged.has(s) || !(s >= 0 && s < shards)) continue;
        const ref = JSON.parse(text) as ShardResultRef;
        const fetchStart = performance.now();
        let bytes: Buffer;
        try {
          bytes = await this.blobs.get(this.keys.runBlob(this.runId, ref.blob), ref.blob, `result of shard ${s + 1}`);
        } catch (error) {
          // A resumed run whose result expired (or a finished revaluation's, freed): computed again.
          if (!(error instanceof BlobMissingError) || announce) throw error;
          await this.redis.hdel(resultsKey, field);
          continue;
        }
        const fetchMs = performance.now() - fetchStart;
        const t = performance.now();
        stage.merge(s, bytes, ref);
        const mergeMs = performance.now() - t;
        merged.add(s);
        done += stage.weight(s);
        this.stats.shards++;
        this.stats.resultBytes += ref.bytes;
        this.stats.largestResultBytes = Math.max(this.stats.largestResultBytes, ref.bytes);
        this.stats.mergeMs += mergeMs;
        this.stats.shardMs += ref.ms;
        this.stats.perShard.push({ stage: stage.index + 1, kind: stage.kind, shard: s + 1, worker: ref.worker, attempt: ref.attempt, bytes: ref.bytes, ms: ref.ms, computeMs: ref.computeMs, fetchMs, mergeMs });
        this.servedBy.set(ref.worker, ref.engine);
        if (announce) {
          this.log(
            `cluster: ${stage.label}: shard ${s + 1}/${shards} done (${stage.describe(s)}) by ${ref.worker} in ${(ref.ms / 1000).toFixed(1)} s` +
              `${ref.attempt > 1 ? ` on attempt ${ref.attempt}` : ''}: ${mib(ref.bytes)}, merged in ${mergeMs.toFixed(0)} ms [${merged.size}/${shards}]`,
          );
        }
      }
    };

    await mergeNew(false);
    if (merged.size > 0) this.log(`cluster: ${stage.label}: ${merged.size} of ${shards} shards already done by an earlier start of this run; not recomputed`);
    if (merged.size < shards) gen = await this.ensureFlow(stage, gen, merged);
    this.current.gen = gen;

    let lastStatus = performance.now();
    let lastCheck = 0;
    let noWorkerSince = performance.now();
    let warnedNoWorker = false;
    while (merged.size < shards) {
      await mergeNew(true);
      const progress = await this.redis.hgetall(progressKey);
      let running = 0;
      for (const [field, text] of Object.entries(progress)) {
        const s = Number(field);
        if (merged.has(s)) continue;
        const [fraction] = text.split(' ');
        const [d, t] = fraction.split('/').map(Number);
        if (t > 0) running += (stage.weight(s) * d) / t;
      }
      stage.onProgress?.(Math.min(stage.total, Math.round(done + running)), stage.total);
      if (merged.size === shards) break;

      const now = performance.now();
      if (now - lastCheck > 1000) {
        lastCheck = now;
        await this.checkFlow(stage, gen, merged);
        const workers = (await liveWorkers(this.redis, this.keys)).filter((w) => w.backend === this.backend);
        if (workers.length > 0) noWorkerSince = now;
        else if (!warnedNoWorker && now - noWorkerSince > NO_WORKER_WARNING_MS) {
          warnedNoWorker = true;
          this.log(`cluster: waiting: no live ${this.backend} worker has been registered for ${NO_WORKER_WARNING_MS / 1000} s (start \`margin worker --redis URL --backend ${this.backend}\`)`);
        }
        if (now - lastStatus > STATUS_EVERY_MS) {
          lastStatus = now;
          const active = Object.entries(progress).filter(([f]) => !merged.has(Number(f)));
          const detail = active.map(([f, text]) => `shard ${Number(f) + 1} ${percent(text)} on ${text.split(' ')[1]}`).join(', ');
          this.log(`cluster: ${stage.label}: ${merged.size}/${shards} shards done${detail ? `; running: ${detail}` : ''}`);
        }
      }
      // Until a worker announces a result (pub/sub), or the next look anyway.
      if (this.announced) {
        this.announced = false;
        continue;
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, this.options.pollMs ?? 1000);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.wake = undefined;
    }
    stage.onProgress?.(stage.total, stage.total);
    if (stage.kind === 'revalue') {
      // A revaluation's results (instrument P&L blocks, the largest results) are merged: free them
      // now. A restart recomputes such a stage; a simulation's results stay until the run completes.
      for (const text of Object.values(await this.redis.hgetall(resultsKey))) {
        await this.blobs.delete(this.keys.runBlob(this.runId, (JSON.parse(text) as ShardResultRef).blob));
      }
    }
  }

  /** Attaches to the stage's flow when it is still queued or running; otherwise enqueues the missing shards as a new one. */
  private async ensureFlow(stage: StageDefinition, gen: number, merged: Set<number>): Promise<number> {
    if (gen > 0) {
      const parent = await Job.fromId(this.parentQueue, parentJobId(this.runId, stage.key, gen));
      const state = parent ? await parent.getState() : 'missing';
      if (ACTIVE_STATES.has(state)) {
        this.log(`cluster: ${stage.label}: attached to its flow, still ${state}`);
        return gen;
      }
    }
    const next = gen + 1;
    const missing = stage.jobs.filter((job) => !merged.has(job.shard));
    const attempts = this.options.attempts ?? 3;
    const keep = { age: RUN_TTL_SECONDS };
    await this.flows.add({
      name: stage.kind === 'simulate' ? 'simulation' : 'revaluation',
      queueName: QUEUES.simulations,
      data: { v: PROTOCOL_VERSION, run: this.runId, stage: stage.key, shards: stage.jobs.length },
      opts: { jobId: parentJobId(this.runId, stage.key, next), removeOnComplete: keep, removeOnFail: keep },
      children: missing.map((job) => ({
        name: 'shard',
        queueName: QUEUES.shards(this.backend),
        data: job,
        opts: {
          jobId: childJobId(this.runId, stage.key, next, job.shard),
          attempts,
          backoff: { type: 'exponential', delay: 1000 },
          failParentOnFailure: true,
          removeOnComplete: keep,
          removeOnFail: keep,
        },
      })),
    });
    await this.redis.hset(this.keys.stage(this.runId, stage.key), 'gen', String(next));
    this.log(`cluster: ${stage.label}: enqueued ${missing.length} shard${missing.length === 1 ? '' : 's'} as one flow (${QUEUES.shards(this.backend)}, fan-in ${QUEUES.simulations})`);
    return next;
  }

  /** Fails the stage when the flow's parent failed (a shard failed every try), naming the shard and its error. */
  private async checkFlow(stage: StageDefinition, gen: number, merged: Set<number>): Promise<void> {
    const parent = await Job.fromId(this.parentQueue, parentJobId(this.runId, stage.key, gen));
    const state = parent ? await parent.getState() : 'missing';
    if (state !== 'failed' && state !== 'missing') return;
    // A result may have landed between the two reads: look once more before failing.
    if ((await this.redis.hlen(this.keys.results(this.runId, stage.key))) >= stage.jobs.length) return;
    for (const job of stage.jobs) {
      if (merged.has(job.shard)) continue;
      const child = await Job.fromId(this.shardQueue, childJobId(this.runId, stage.key, gen, job.shard));
      if (child && (await child.getState()) === 'failed') {
        throw new ClusterRunError(
          `${stage.label}: shard ${job.shard + 1}/${stage.jobs.length} (${stage.describe(job.shard)}) failed after ${child.attemptsMade} attempt${child.attemptsMade === 1 ? '' : 's'}: ${child.failedReason.split('\n')[0]}` +
            ` (its stack trace: job ${child.id} in the queue ${QUEUES.shards(this.backend)}, or the worker's log)`,
        );
      }
    }
    throw new ClusterRunError(`${stage.label}: its flow ${state === 'missing' ? 'is gone from Redis' : `failed: ${parent?.failedReason}`}`);
  }

  private async takeLease(): Promise<void> {
    const lease = this.keys.lease(this.runId);
    const deadline = Date.now() + LEASE_MS + 2_000;
    let told = false;
    while ((await this.redis.set(lease, this.coordinatorId, 'PX', LEASE_MS, 'NX')) !== 'OK') {
      const holder = await this.redis.get(lease);
      if (Date.now() > deadline) {
        throw new InputError('--run-id', '', this.runId, `run ${this.runId} is being coordinated by ${holder}, which is alive (it renews its lease): wait for it, or use another run id`);
      }
      if (!told) {
        told = true;
        this.log(`cluster: run ${this.runId} is held by coordinator ${holder}; waiting for its lease to lapse (a crashed coordinator's lapses within ${LEASE_MS / 1000} s)`);
      }
      await sleep(500);
    }
    this.leaseTimer = setInterval(() => {
      this.redis.get(lease).then((holder) => (holder === this.coordinatorId ? this.redis.pexpire(lease, LEASE_MS) : 0)).catch(() => {});
    }, LEASE_RENEW_MS);
    this.leaseTimer.unref();
  }

  private async releaseLease(): Promise<void> {
    clearInterval(this.leaseTimer);
    const lease = this.keys.lease(this.runId);
    if ((await this.redis.get(lease).catch(() => null)) === this.coordinatorId) await this.redis.del(lease).catch(() => 0);
  }
}

/** Opens a coordinator (see ClusterEngine); dispose it, after complete() or fail(). */
export function openClusterEngine(options: ClusterRunOptions): Promise<ClusterEngine> {
  return ClusterEngine.open(options);
}

function settleBackend(asked: BackendChoice, recorded: 'cpu' | 'gpu' | undefined, workers: WorkerRecord[], runId: string): 'cpu' | 'gpu' {
  if (recorded) {
    if (asked !== 'auto' && asked !== recorded) throw new InputError('--backend', '', asked, `run ${runId} was started on the ${recorded} backend: resume it with --backend ${recorded} (or auto)`);
    return recorded;
  }
  if (asked !== 'auto') return asked;
  return workers.some((w) => w.backend === 'gpu') ? 'gpu' : 'cpu';
}

function stageKey(definition: Record<string, unknown>): string {
  return sha256Hex(Buffer.from(JSON.stringify({ v: PROTOCOL_VERSION, ...definition }), 'utf8')).slice(0, 20);
}

function parentJobId(run: string, stage: string, gen: number): string {
  return `${run}.${stage}.g${gen}`;
}

function childJobId(run: string, stage: string, gen: number, shard: number): string {
  return `${run}.${stage}.g${gen}.s${shard}`;
}

function describeSimulateShard(job: SimulateShard, blocks: number): string {
  const s = job.scenarios;
  const scenarios = `scenarios ${fmt(s.start)}–${fmt(s.start + s.count - 1)}`;
  return blocks === 1 ? scenarios : `${scenarios}, accounts ${fmt(job.accounts.start + 1)}–${fmt(job.accounts.end)}`;
}

function percent(progress: string): string {
  const [d, t] = progress.split(' ')[0].split('/').map(Number);
  return t > 0 ? `${Math.round((100 * d) / t)}%` : '0%';
}

export type { ScenarioRange };
