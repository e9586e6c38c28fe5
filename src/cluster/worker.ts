/**
 * `margin worker`: takes shards from the queue of its backend until stopped. Per shard: the
 * spec is validated, the inputs fetched (once per run: plans and lists are cached by content
 * hash) and checked against their SHA-256, the scenario range simulated (or the listed scenarios
 * revalued) on this machine's engine, and the result stored in Redis as a binary blob under the
 * run, referenced once in the stage's results hash (HSETNX: a shard delivered twice, by a
 * retry after a stall, is counted once). A worker that dies mid-shard loses nothing: its lock
 * lapses, BullMQ's stalled-job check puts the shard back in the queue, another worker takes it.
 */
import { availableParallelism, hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import { type Job, UnrecoverableError, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import type { RiskEngine, RiskPlan } from '../engine/index.js';
import { type BackendChoice, openNodeEngine } from '../engine/openNodeEngine.js';
import { BlobIntegrityError, BlobMissingError, BlobStore, sha256Hex } from './blobs.js';
import { typedArrayFrom } from './bundle.js';
import { connectRedis, redactRedisUrl } from './connection.js';
import { ClusterKeys, QUEUES, RUN_TTL_SECONDS } from './keys.js';
import { decodePlan } from './planCodec.js';
import { FlowParentSchema, type RevalueShard, type ShardJob, type ShardResultRef, ShardSchema, type SimulateShard } from './protocol.js';
import { restrictPlan } from './restrictPlan.js';
import { encodeRevalueResult, encodeSimulateResult } from './results.js';

export interface ClusterWorkerOptions {
  /** redis:// or rediss:// URL (with a password in it or not). */
  url: string;
  /** Key prefix shared with the coordinators (default `margin`). */
  prefix?: string;
  backend: BackendChoice;
  /** Shards processed at once, each on its own engine (default 1). */
  concurrency?: number;
  /** CPU worker threads per engine (default: the available parallelism / concurrency). */
  threads?: number;
  /** How long a shard's lock lasts without renewal (ms): a killed worker's shard is retried after it. Default 30 s. */
  lockDurationMs?: number;
  /** How often this worker looks for stalled shards (ms). Default 30 s. */
  stalledIntervalMs?: number;
  /** Stalls a shard survives before it fails (default 2). */
  maxStalledCount?: number;
  /** Worker id (default host-pid-random). */
  id?: string;
  log?: (line: string) => void;
}

export interface ClusterWorker {
  readonly id: string;
  readonly backend: 'cpu' | 'gpu';
  readonly description: string;
  /** Shards completed by this process. */
  readonly completed: number;
  /** Stops taking shards; waits for the running ones unless `force` (they are then retried elsewhere after their lock lapses). */
  close(force?: boolean): Promise<void>;
}

/** How often the worker's record is refreshed, and how long it lives without that. */
const HEARTBEAT_MS = 5_000;
const RECORD_TTL_SECONDS = 20;
const PROGRESS_EVERY_MS = 1_000;

/** Keeps at most `size` values, evicting the least recently used. */
class Lru<V> {
  private readonly map = new Map<string, V>();
  constructor(private readonly size: number) {}
  get(key: string, make: () => V): V {
    let value = this.map.get(key);
    if (value === undefined) value = make();
    else this.map.delete(key);
    this.map.set(key, value);
    while (this.map.size > this.size) this.map.delete(this.map.keys().next().value!);
    return value;
  }
  delete(key: string): void {
    this.map.delete(key);
  }
}

/** A fixed set of engines, one per concurrent shard. */
class EnginePool {
  private readonly free: RiskEngine[];
  private readonly waiting: ((engine: RiskEngine) => void)[] = [];
  constructor(readonly engines: RiskEngine[]) {
    this.free = [...engines];
  }
  async acquire(): Promise<RiskEngine> {
    const engine = this.free.pop();
    if (engine) return engine;
    return new Promise((resolve) => this.waiting.push(resolve));
  }
  release(engine: RiskEngine): void {
    const next = this.waiting.shift();
    if (next) next(engine);
    else this.free.push(engine);
  }
}

const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MiB`;
const fmt = (n: number) => n.toLocaleString('en-US');

/** Why a failure should not be retried: the same inputs would fail the same way. */
function unrecoverable(error: unknown): Error {
  if (error instanceof BlobIntegrityError || error instanceof BlobMissingError) return new UnrecoverableError(error.message);
  return error as Error;
}

function describeShard(spec: ShardJob): string {
  const where = `run ${spec.run} stage ${spec.stage.slice(0, 8)} shard ${spec.shard + 1}/${spec.shards}`;
  if (spec.kind === 'revalue') return `${where} (revalue listed scenarios ${fmt(spec.from)}–${fmt(spec.from + spec.count - 1)})`;
  const s = spec.scenarios;
  return `${where} (scenarios ${fmt(s.start)}–${fmt(s.start + s.count - 1)}, accounts ${fmt(spec.accounts.start + 1)}–${fmt(spec.accounts.end)})`;
}

export async function startClusterWorker(options: ClusterWorkerOptions): Promise<ClusterWorker> {
  const log = options.log ?? (() => {});
  const keys = new ClusterKeys(options.prefix ?? 'margin');
  const concurrency = options.concurrency ?? 1;
  const id = options.id ?? `${hostname()}-${process.pid}-${randomBytes(2).toString('hex')}`;
  // Two connections: blobs of tens of MiB on one must not hold up BullMQ's lock renewals on the other.
  const redis = await connectRedis(options.url, { name: `margin-worker:${id}` });
  let queueConnection: Redis;
  try {
    queueConnection = await connectRedis(options.url, { name: `margin-worker-queue:${id}` });
  } catch (error) {
    redis.disconnect();
    throw error;
  }
  const blobs = new BlobStore(redis, RUN_TTL_SECONDS);

  // Engines first: `auto` settles the backend, which names the queue this worker serves.
  const engines: RiskEngine[] = [];
  // CPU engines share the cores: each gets its part of them unless told otherwise.
  const threads = options.threads ?? Math.max(1, Math.floor(availableParallelism() / concurrency));
  try {
    const first = await openNodeEngine({ backend: options.backend, workers: threads, log });
    engines.push(first);
    for (let i = 1; i < concurrency; i++) engines.push(await openNodeEngine({ backend: first.backend, workers: threads, log: () => {} }));
  } catch (error) {
    await Promise.all(engines.map((e) => e.dispose()));
    redis.disconnect();
    queueConnection.disconnect();
    throw error;
  }
  const backend = engines[0].backend;
  const description = engines[0].description;
  const pool = new EnginePool(engines);

  const plans = new Lru<Promise<RiskPlan>>(2);
  const blocks = new Lru<RiskPlan>(8);
  const lists = new Lru<Promise<Uint32Array>>(4);
  const busy = new Map<string, string>();
  let completed = 0;

  const inputBlob = (what: string) => (hash: string) => blobs.get(keys.blob(hash), hash, what);
  const planOf = (hash: string): Promise<RiskPlan> => {
    const pending = plans.get(hash, async () => decodePlan(await inputBlob('plan manifest')(hash), inputBlob('plan blob')));
    pending.catch(() => plans.delete(hash)); // a failed fetch is not cached
    return pending;
  };
  const listOf = (hash: string): Promise<Uint32Array> => {
    const pending = lists.get(hash, async () => typedArrayFrom('Uint32Array', await inputBlob('scenario list')(hash)) as Uint32Array);
    pending.catch(() => lists.delete(hash));
    return pending;
  };

  const record = async () => {
    const now = Date.now();
    await redis
      .multi()
      .hset(keys.worker(id), {
        id, host: hostname(), pid: String(process.pid), backend, engine: description, concurrency: String(concurrency),
        started: String(started), seen: String(now), completed: String(completed), busy: JSON.stringify([...busy.values()]),
      })
      .expire(keys.worker(id), RECORD_TTL_SECONDS)
      .zadd(keys.workers, now, id)
      .zremrangebyscore(keys.workers, 0, now - 3_600_000)
      .exec();
  };
  const started = Date.now();

  async function simulate(job: Job, spec: SimulateShard, engine: RiskEngine): Promise<{ bundle: Buffer; candidates: number; pruned: number; computeMs: number }> {
    const plan = await planOf(spec.plan);
    const { start, end } = spec.accounts;
    const block = blocks.get(`${spec.plan}:${start}:${end}`, () => restrictPlan(plan, start, end));
    const progressKey = keys.progress(spec.run, spec.stage);
    const thresholdsKey = keys.thresholds(spec.run, spec.stage, spec.accounts.block);
    const size = end - start;
    /** The run's thresholds for this block, as merged so far by the coordinator (exact pruning: results.ts). */
    const thresholds = async (): Promise<Float64Array | undefined> => {
      const raw = await redis.getBuffer(thresholdsKey);
      return raw && raw.length === 8 * size ? (typedArrayFrom('Float64Array', raw) as Float64Array) : undefined;
    };
    let last = 0;
    const result = await engine.simulate(block, {
      scenarioRange: spec.scenarios,
      stressGrid: spec.stressGrid,
      chunkSize: spec.chunkSize,
      onProgress: (done, total) => {
        const now = performance.now();
        if (now - last < PROGRESS_EVERY_MS && done < total) return;
        last = now;
        // Progress is advisory: a failed write must not fail the shard.
        redis.multi().hset(progressKey, String(spec.shard), `${done}/${total} ${id}`).expire(progressKey, RUN_TTL_SECONDS).exec().catch(() => {});
        job.updateProgress({ done, total }).catch(() => {});
      },
    });
    // The freshest thresholds, just before shipping: they rose while this shard ran.
    return { ...encodeSimulateResult(result, await thresholds()), computeMs: result.wallMs };
  }

  async function revalue(spec: RevalueShard, engine: RiskEngine): Promise<{ bundle: Buffer; candidates?: undefined; pruned?: undefined; computeMs: number }> {
    const plan = await planOf(spec.plan);
    const list = await listOf(spec.list);
    if (spec.from + spec.count > list.length) throw new UnrecoverableError(`revalue shard: scenarios [${spec.from}, ${spec.from + spec.count}) past the list's ${list.length}`);
    const began = performance.now();
    const pnl = await engine.revalueScenarios(plan, list.subarray(spec.from, spec.from + spec.count));
    const computeMs = performance.now() - began;
    return { bundle: encodeRevalueResult(pnl, plan.instrumentIds.length, spec.count), computeMs };
  }

  async function processShard(job: Job): Promise<ShardResultRef> {
    const parsed = ShardSchema.safeParse(job.data);
    if (!parsed.success) throw new UnrecoverableError(`malformed shard spec: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
    const spec = parsed.data;
    if (spec.backend !== backend) throw new UnrecoverableError(`shard for the ${spec.backend} backend reached a ${backend} worker`);
    const resultsKey = keys.results(spec.run, spec.stage);
    const field = String(spec.shard);
    const attempt = job.attemptsStarted || job.attemptsMade + 1;
    const done = await redis.hget(resultsKey, field);
    if (done) {
      log(`worker ${id}: ${describeShard(spec)} already delivered; not computed again`);
      return JSON.parse(done) as ShardResultRef;
    }
    const began = performance.now();
    log(`worker ${id}: ${describeShard(spec)} started${attempt > 1 ? ` (attempt ${attempt})` : ''}`);
    busy.set(job.id!, `${spec.run}/${spec.shard + 1}`);
    record().catch(() => {});
    const engine = await pool.acquire();
    try {
      const out = spec.kind === 'simulate' ? await simulate(job, spec, engine) : await revalue(spec, engine);
      const hash = sha256Hex(out.bundle);
      await blobs.put(keys.runBlob(spec.run, hash), out.bundle);
      const ref: ShardResultRef = {
        blob: hash, bytes: out.bundle.length, worker: id, engine: description, ms: performance.now() - began, computeMs: out.computeMs, attempt,
        ...(out.candidates !== undefined ? { candidates: out.candidates, pruned: out.pruned } : {}),
      };
      const [[, first]] = (await redis
        .multi()
        .hsetnx(resultsKey, field, JSON.stringify(ref))
        .expire(resultsKey, RUN_TTL_SECONDS)
        .publish(keys.events(spec.run), `${spec.stage} ${spec.shard}`)
        .exec()) as [[Error | null, number]];
      if (!first) {
        // Another delivery of this shard landed first (a retry after a stall): keep that one.
        log(`worker ${id}: ${describeShard(spec)} was delivered by another worker meanwhile; this result is dropped`);
        await blobs.delete(keys.runBlob(spec.run, hash)).catch(() => {});
        return JSON.parse((await redis.hget(resultsKey, field))!) as ShardResultRef;
      }
      completed++;
      const pruned = ref.candidates !== undefined ? `, ${fmt(ref.candidates)} candidates (${fmt(ref.pruned!)} below the run's thresholds left out)` : '';
      log(`worker ${id}: ${describeShard(spec)} done in ${(ref.ms / 1000).toFixed(1)} s: ${mib(ref.bytes)}${pruned}`);
      return ref;
    } catch (error) {
      log(`worker ${id}: ${describeShard(spec)} failed: ${(error as Error).message.split('\n')[0]}`);
      throw unrecoverable(error);
    } finally {
      pool.release(engine);
      busy.delete(job.id!);
      record().catch(() => {});
    }
  }

  async function processParent(job: Job): Promise<{ shards: number }> {
    const parsed = FlowParentSchema.safeParse(job.data);
    if (!parsed.success) throw new UnrecoverableError('malformed flow parent');
    const { run, stage, shards } = parsed.data;
    const delivered = await redis.hlen(keys.results(run, stage));
    if (delivered < shards) throw new Error(`run ${run} stage ${stage}: ${delivered} of ${shards} shard results in Redis after the flow's shards completed`);
    return { shards };
  }

  const common = {
    connection: queueConnection,
    prefix: keys.bull,
    lockDuration: options.lockDurationMs ?? 30_000,
    stalledInterval: options.stalledIntervalMs ?? 30_000,
    maxStalledCount: options.maxStalledCount ?? 2,
  };
  const shardWorker = new Worker(QUEUES.shards(backend), processShard, { ...common, concurrency, name: id });
  const parentWorker = new Worker(QUEUES.simulations, processParent, { ...common, concurrency: 1, name: id });
  for (const w of [shardWorker, parentWorker]) {
    // BullMQ reports lost locks and connection trouble here; a lost lock means the shard runs elsewhere too (counted once).
    w.on('error', (error) => log(`worker ${id}: queue: ${error.message.split('\n')[0]}`));
  }
  await Promise.all([shardWorker.waitUntilReady(), parentWorker.waitUntilReady()]);
  await record();
  const heartbeat = setInterval(() => record().catch(() => {}), HEARTBEAT_MS);
  log(`worker ${id}: ${description}; taking ${backend} shards from ${redactRedisUrl(options.url)} (prefix ${keys.prefix}), ${concurrency} at a time`);

  let closing: Promise<void> | undefined;
  return {
    id,
    backend,
    description,
    get completed() {
      return completed;
    },
    close(force = false) {
      closing ??= (async () => {
        clearInterval(heartbeat);
        await Promise.all([shardWorker.close(force), parentWorker.close(force)]);
        await Promise.all(engines.map((e) => e.dispose()));
        await redis.multi().del(keys.worker(id)).zrem(keys.workers, id).exec().catch(() => {});
        redis.disconnect();
        queueConnection.disconnect();
      })();
      return closing;
    },
  };
}
