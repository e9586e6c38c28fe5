import { type BackendChoice, startClusterWorker } from '../../src/node.js';
import { workerCount } from '../options.js';
import { stderrLogger } from './run.js';

export interface WorkerOptions {
  /** The Redis URL, or true: read MARGIN_REDIS_URL. */
  redis: string | true;
  prefix: string;
  concurrency: number;
  backend: BackendChoice;
  workers?: number;
  lockDuration: number;
  stalledInterval: number;
  maxStalled: number;
  quiet?: boolean;
}

/**
 * `margin worker`: processes shards of cluster runs until SIGINT or SIGTERM. The first signal
 * stops taking shards and lets the running ones finish (then exits 0); a second exits at once
 * (exit 130/143), and the shards it was running are retried elsewhere once their lock lapses.
 */
export async function workerCommand(options: WorkerOptions): Promise<void> {
  const log = stderrLogger(options.quiet);
  const { resolveRedisUrl } = await import('../../src/cluster/index.js');
  const url = resolveRedisUrl(options.redis, '--redis');
  const worker = await startClusterWorker({
    url,
    prefix: options.prefix,
    backend: options.backend,
    concurrency: options.concurrency,
    threads: workerCount(options.workers, log),
    lockDurationMs: options.lockDuration,
    stalledIntervalMs: options.stalledInterval,
    maxStalledCount: options.maxStalled,
    log,
  });
  // main.ts exits on the first signal; a worker drains first.
  process.removeAllListeners('SIGINT');
  process.removeAllListeners('SIGTERM');
  await new Promise<void>((resolve) => {
    const stop = (signal: NodeJS.Signals) => {
      log(`worker ${worker.id}: ${signal}: finishing the running shards, taking no more (again to stop at once)`);
      process.once('SIGINT', () => process.exit(130));
      process.once('SIGTERM', () => process.exit(143));
      worker.close().then(resolve, resolve);
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  log(`worker ${worker.id}: stopped after ${worker.completed} shards`);
}
