/**
 * The cluster's Redis keys, all under one prefix (default `margin`), so several clusters (or
 * test runs) share a Redis without meeting:
 *
 *   P:blob:H                  content-addressed input blob H (sha256 hex): meta {bytes, parts}
 *   P:blob:H:i                its parts (≤ 64 MiB each: Redis caps one value at 512 MiB)
 *   P:runs                    sorted set: run ids by start time
 *   P:run:R                   hash: the run's record (state, backend, started, error, ...)
 *   P:run:R:lease             the coordinator holding the run (expires unless renewed)
 *   P:run:R:stages            list: the run's stage keys, in the order the coordinator made them
 *   P:run:R:stage:K           hash: stage K's spec (kind, layout, generation, ...)
 *   P:run:R:stage:K:results   hash: shard → result reference (written once: HSETNX)
 *   P:run:R:stage:K:progress  hash: shard → "done/total worker"
 *   P:run:R:stage:K:thresholds:b  per account of block b, the loss below which nothing can enter a tail
 *   P:run:R:blob:H            a shard's result (content hash H), same layout as input blobs
 *   P:run:R:events            pub/sub channel: a worker announces a stored result (the coordinator wakes at once)
 *   P:workers                 sorted set: worker ids by last heartbeat
 *   P:worker:W                hash: worker W's record (expires unless it beats)
 *   P:bull:<queue>:...        BullMQ's own keys (queues shards-cpu, shards-gpu, simulations)
 */
export class ClusterKeys {
  constructor(readonly prefix: string) {
    if (!/^[A-Za-z0-9_.-]{1,64}$/.test(prefix)) throw new RangeError(`cluster prefix must be 1–64 of [A-Za-z0-9_.-], got ${JSON.stringify(prefix)}`);
  }

  /** BullMQ's prefix for the queues. */
  get bull(): string {
    return `${this.prefix}:bull`;
  }
  blob(hash: string): string {
    return `${this.prefix}:blob:${hash}`;
  }
  get runs(): string {
    return `${this.prefix}:runs`;
  }
  run(run: string): string {
    return `${this.prefix}:run:${run}`;
  }
  lease(run: string): string {
    return `${this.run(run)}:lease`;
  }
  runStages(run: string): string {
    return `${this.run(run)}:stages`;
  }
  stage(run: string, stage: string): string {
    return `${this.run(run)}:stage:${stage}`;
  }
  results(run: string, stage: string): string {
    return `${this.stage(run, stage)}:results`;
  }
  progress(run: string, stage: string): string {
    return `${this.stage(run, stage)}:progress`;
  }
  thresholds(run: string, stage: string, block: number): string {
    return `${this.stage(run, stage)}:thresholds:${block}`;
  }
  events(run: string): string {
    return `${this.run(run)}:events`;
  }
  runBlob(run: string, hash: string): string {
    return `${this.run(run)}:blob:${hash}`;
  }
  get workers(): string {
    return `${this.prefix}:workers`;
  }
  worker(id: string): string {
    return `${this.prefix}:worker:${id}`;
  }
}

/** The BullMQ queues: shards per backend (a worker takes only its backend's), and the flows' parents. */
export const QUEUES = {
  shards: (backend: 'cpu' | 'gpu') => `shards-${backend}`,
  simulations: 'simulations',
} as const;

/** How long a run's keys and blobs stay in Redis after their last use (seconds): 7 days. */
export const RUN_TTL_SECONDS = 7 * 24 * 3600;

/** Run ids name keys and job ids: letters, digits, `_` and `-`. */
export const RUN_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;
