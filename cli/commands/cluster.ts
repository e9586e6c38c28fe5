import Table from 'cli-table3';
import type { Command } from 'commander';
import type { RiskEngine } from '../../src/engine/index.js';
import { InputError } from '../../src/model/errors.js';
import { type BackendChoice, type ClusterStatus, clusterStatus } from '../../src/node.js';
import { positiveInt } from '../options.js';
import { writeOutput } from '../output.js';

export interface ClusterStatusOptions {
  redis: string | true;
  prefix: string;
  runs: number;
  json?: boolean;
}

/** `margin cluster status`: runs (newest first) with their stages and shards, live workers, queue counts. */
export async function clusterStatusCommand(options: ClusterStatusOptions): Promise<void> {
  const { resolveRedisUrl } = await import('../../src/cluster/index.js');
  const status = await clusterStatus(resolveRedisUrl(options.redis, '--redis'), options.prefix, options.runs);
  await writeOutput(undefined, [options.json ? `${JSON.stringify(status, null, 2)}\n` : formatClusterStatus(status)]);
}

const ago = (ms: number) => {
  const s = Math.max(0, Math.round((Date.now() - ms) / 1000));
  return s < 120 ? `${s} s ago` : s < 7200 ? `${Math.round(s / 60)} min ago` : `${Math.round(s / 3600)} h ago`;
};
const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MiB`;

export function formatClusterStatus(status: ClusterStatus): string {
  const lines = [`cluster at ${status.redis} (prefix ${status.prefix}), Redis ${status.redisVersion}`, ''];
  const runs = new Table({ head: ['run', 'state', 'backend', 'started', 'updated', 'stages (shards done/total, running, retried)'], style: { head: [], border: [], compact: true } });
  for (const run of status.runs) {
    const stages = run.stages
      .map((s, i) => `${i + 1}. ${s.kind} ${s.done}/${s.shards}${s.running.length ? `, running ${s.running.map((r) => `#${r.shard} ${r.progress} on ${r.worker}`).join(' ')}` : ''}${s.retried ? `, ${s.retried} retried` : ''} (${mib(s.resultBytes)})`)
      .join('\n');
    runs.push([run.id, run.state + (run.error ? `: ${run.error}` : ''), run.backend, new Date(run.created).toISOString().slice(0, 19).replace('T', ' '), ago(run.updated), stages || '-']);
  }
  lines.push(status.runs.length ? `runs (newest first)\n${runs.toString()}` : 'runs: none', '');
  const workers = new Table({ head: ['worker', 'backend', 'engine', 'at once', 'up since', 'last beat', 'shards done', 'running'], style: { head: [], border: [], compact: true } });
  for (const w of status.workers) {
    workers.push([w.id, w.backend, w.engine, w.concurrency, new Date(w.started).toISOString().slice(0, 19).replace('T', ' '), ago(w.seen), w.completed, w.busy.join(' ') || '-']);
  }
  lines.push(status.workers.length ? `workers\n${workers.toString()}` : 'workers: none live', '');
  lines.push(
    'queues: ' +
      Object.entries(status.queues)
        .map(([name, counts]) => `${name} ${Object.entries(counts).filter(([, n]) => n > 0).map(([state, n]) => `${state} ${n}`).join(', ') || 'empty'}`)
        .join('; '),
    '',
  );
  return lines.join('\n');
}

/** The options `margin run` and `margin nightly` take to run on a cluster. */
export interface ClusterRunCliOptions {
  /** --cluster URL, or true: read MARGIN_REDIS_URL; undefined: run here. */
  cluster?: string | true;
  shards?: number;
  accountBlock?: number;
  runId?: string;
  clusterPrefix: string;
}

/** Adds the cluster options to a command. */
export function withClusterOptions(command: Command): Command {
  return command
    .option('--cluster [url]', `run on the workers of this Redis (redis://[:password@]host:port, rediss:// for TLS; without a URL, MARGIN_REDIS_URL)`)
    .option('--shards <n>', 'with --cluster: scenario ranges per simulation (default: two per live worker slot, at least 4); results do not depend on it', positiveInt)
    .option('--account-block <n>', 'with --cluster: accounts per shard (default: as many as keep a shard result within 256 MiB)', positiveInt)
    .option('--run-id <id>', 'with --cluster: the run\'s id; the same id again resumes an interrupted or failed run (default: a new one)')
    .option('--cluster-prefix <prefix>', 'with --cluster: the Redis key prefix of the cluster', 'margin');
}

/**
 * Runs `use` (the computation and the writing of its output) on a coordinator of a cluster run,
 * then marks the run complete; a failure marks it failed (resumable with the same --run-id).
 */
export async function withClusterRun(
  options: ClusterRunCliOptions & { backend: BackendChoice },
  log: (line: string) => void,
  use: (engine: RiskEngine) => Promise<void>,
): Promise<void> {
  const { openClusterEngine, resolveRedisUrl } = await import('../../src/cluster/index.js');
  const engine = await openClusterEngine({
    url: resolveRedisUrl(options.cluster, '--cluster'),
    prefix: options.clusterPrefix,
    runId: options.runId,
    backend: options.backend,
    shards: options.shards,
    accountBlock: options.accountBlock,
    log,
  });
  try {
    await use(engine);
    await engine.complete();
    log(`cluster: run ${engine.runId} complete: ${engine.stats.shards} shards, ${mib(engine.stats.inputBytes)} of inputs sent, ${mib(engine.stats.resultBytes)} of results merged in ${(engine.stats.mergeMs / 1000).toFixed(2)} s`);
  } catch (error) {
    await engine.fail(error);
    log(`cluster: run ${engine.runId} failed; rerun with --run-id ${engine.runId} to resume it (finished shards are kept)`);
    throw error;
  } finally {
    await engine.dispose();
  }
}

/** Refuses cluster options without --cluster (they would be ignored in silence), and --workers with it. */
export function checkClusterOptions(options: ClusterRunCliOptions & { workers?: number }): void {
  if (options.cluster !== undefined) {
    if (options.workers !== undefined) {
      throw new InputError('--workers', '', String(options.workers), 'sets the threads of a local run; with --cluster each `margin worker` sets its own (margin worker --workers N)');
    }
    return;
  }
  for (const [name, value] of [['--shards', options.shards], ['--account-block', options.accountBlock], ['--run-id', options.runId]] as const) {
    if (value !== undefined) throw new InputError(name, '', String(value), 'applies to a cluster run: add --cluster URL');
  }
}
