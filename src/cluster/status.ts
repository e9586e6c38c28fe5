import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { connectRedis, redactRedisUrl } from './connection.js';
import { type ClusterKeys, ClusterKeys as Keys, QUEUES } from './keys.js';
import type { ShardResultRef } from './protocol.js';

/** A registered worker, from its record (which expires unless the worker keeps beating). */
export interface WorkerRecord {
  id: string;
  host: string;
  pid: number;
  backend: 'cpu' | 'gpu';
  engine: string;
  concurrency: number;
  started: number;
  /** Last heartbeat, ms since the epoch. */
  seen: number;
  completed: number;
  /** Shards it is running now, as run/shard. */
  busy: string[];
}

/** The workers whose record is alive (beat within its TTL). */
export async function liveWorkers(redis: Redis, keys: ClusterKeys): Promise<WorkerRecord[]> {
  const ids = await redis.zrangebyscore(keys.workers, Date.now() - 60_000, '+inf');
  const out: WorkerRecord[] = [];
  for (const id of ids) {
    const r = await redis.hgetall(keys.worker(id));
    if (!r.id) continue;
    out.push({
      id: r.id, host: r.host, pid: Number(r.pid), backend: r.backend as 'cpu' | 'gpu', engine: r.engine, concurrency: Number(r.concurrency),
      started: Number(r.started), seen: Number(r.seen), completed: Number(r.completed), busy: JSON.parse(r.busy ?? '[]') as string[],
    });
  }
  return out;
}

export interface StageStatus {
  key: string;
  kind: string;
  shards: number;
  done: number;
  /** Shards running now: shard (1-based), progress and worker. */
  running: { shard: number; progress: string; worker: string }[];
  /** Result bytes stored, and retried shards (attempt > 1). */
  resultBytes: number;
  retried: number;
}

export interface RunStatus {
  id: string;
  state: string;
  backend: string;
  created: number;
  updated: number;
  error?: string;
  coordinator?: string;
  stages: StageStatus[];
}

export interface ClusterStatus {
  redis: string;
  prefix: string;
  redisVersion: string;
  runs: RunStatus[];
  workers: WorkerRecord[];
  queues: Record<string, Record<string, number>>;
}

/** Runs (newest first, at most `limit`), their stages and shards, the live workers and the queues' counts. */
export async function clusterStatus(url: string, prefix = 'margin', limit = 20): Promise<ClusterStatus> {
  const keys = new Keys(prefix);
  const redis = await connectRedis(url, { name: 'margin-status' });
  const queues: Queue[] = [];
  try {
    const info = await redis.info('server');
    const redisVersion = /redis_version:(\S+)/.exec(info)?.[1] ?? 'unknown';
    const runIds = await redis.zrevrange(keys.runs, 0, limit - 1);
    const runs: RunStatus[] = [];
    for (const id of runIds) {
      const r = await redis.hgetall(keys.run(id));
      if (!r.id) continue;
      const stages: StageStatus[] = [];
      for (const key of await redis.lrange(keys.runStages(id), 0, -1)) {
        const stage = await redis.hgetall(keys.stage(id, key));
        const layout = stage.layout ? (JSON.parse(stage.layout) as { ranges?: unknown[]; blocks?: unknown[] } | unknown[]) : undefined;
        const shards = Array.isArray(layout) ? layout.length : layout ? (layout.ranges?.length ?? 0) * (layout.blocks?.length ?? 0) : 0;
        const results = await redis.hgetall(keys.results(id, key));
        const refs = Object.values(results).map((text) => JSON.parse(text) as ShardResultRef);
        const progress = await redis.hgetall(keys.progress(id, key));
        const running = Object.entries(progress)
          .filter(([field]) => !(field in results))
          .map(([field, text]) => ({ shard: Number(field) + 1, progress: text.split(' ')[0], worker: text.split(' ')[1] ?? '?' }));
        stages.push({
          key, kind: stage.kind ?? '?', shards, done: refs.length, running,
          resultBytes: refs.reduce((sum, ref) => sum + ref.bytes, 0), retried: refs.filter((ref) => ref.attempt > 1).length,
        });
      }
      runs.push({
        id, state: r.state, backend: r.backend, created: Number(r.created), updated: Number(r.updated), error: r.error || undefined,
        coordinator: r.coordinator, stages,
      });
    }
    const counts: Record<string, Record<string, number>> = {};
    for (const name of [QUEUES.shards('cpu'), QUEUES.shards('gpu'), QUEUES.simulations]) {
      const queue = new Queue(name, { connection: redis, prefix: keys.bull });
      queues.push(queue);
      counts[name] = await queue.getJobCounts('waiting', 'active', 'waiting-children', 'completed', 'failed', 'delayed');
    }
    return { redis: redactRedisUrl(url), prefix, redisVersion, runs, workers: await liveWorkers(redis, keys), queues: counts };
  } finally {
    await Promise.allSettled(queues.map((q) => q.close()));
    redis.disconnect();
  }
}
