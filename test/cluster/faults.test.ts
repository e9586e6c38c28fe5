/**
 * The fault cases of a cluster run, with real `margin worker` processes on a real Redis, each on
 * its own cluster (key prefix):
 *   - a worker killed (SIGKILL) in the middle of a shard: the shard is retried on another
 *     worker once its lock lapses (BullMQ's stalled-job check), and the output is unchanged;
 *   - a worker frozen (SIGSTOP) mid-shard: another worker takes the shard and delivers it; the
 *     frozen one, resumed, delivers it a second time, which is dropped (counted once);
 *   - a shard that fails every try fails the run with its error;
 *   - inputs altered in Redis: the worker refuses them (content hash), at once, and the run
 *     fails without writing its output;
 *   - a coordinator killed mid-run and restarted with the same run id: the finished shards are
 *     merged, not recomputed, and the output is unchanged.
 * Workers here hold a shard's lock 3 s and look for stalled shards every second, so that a
 * lost worker's shard comes back in seconds (the defaults are 30 s).
 */
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { beforeAll, describe, expect, it } from 'vitest';
import { marginInProcess } from '../helpers/marginCli.js';
import { ClusterRunError, openClusterEngine } from '../../src/cluster/index.js';
import { prepareRisk } from '../../src/engine/index.js';
import { sampleBook, sampleMarket, sampleParams } from '../../src/sample/sampleVenue.js';
import { comparableRun, MarginProcess, type RedisFixture, startWorkers, stopWorkers, useRedis } from './redisFixture.js';

const redis = useRedis();
const dir = mkdtempSync(join(tmpdir(), 'margin-cluster-faults-'));
/** About 1–1.5 s per shard of 30,000 scenarios on this machine (2 cores; more under load). */
const RUN = ['--backend', 'cpu', '--scenarios', '90000', '--seed', '42', '--format', 'json'];
const FAST_STALLS = ['--lock-duration', '3000', '--stalled-interval', '1000'];
const local = join(dir, 'local.json');

function comparable(path: string): string {
  return comparableRun(readFileSync(path, 'utf8'));
}

/** Its own cluster (prefix) on the fixture's Redis. */
const cluster = (fixture: RedisFixture, name: string): RedisFixture => ({ ...fixture, prefix: `${fixture.prefix}-${name}` });

function coordinator(fixture: RedisFixture, args: string[]): MarginProcess {
  return new MarginProcess(['run', '--cluster', '--cluster-prefix', fixture.prefix, ...RUN, ...args], { MARGIN_REDIS_URL: fixture.url });
}

beforeAll(async () => {
  if (!redis.current) return;
  const result = await marginInProcess(['run', ...RUN, '--out', local, '--quiet']);
  expect(result.code, result.stderr).toBe(0);
});

describe('cluster faults', () => {
  it('a worker killed mid-shard loses nothing: the shard is retried on another worker, the output unchanged', async (ctx) => {
    const fixture = cluster(redis.use(ctx), 'kill');
    const workers = await startWorkers(fixture, 2, FAST_STALLS);
    try {
      const out = join(dir, 'killed.json');
      const run = coordinator(fixture, ['--shards', '3', '--out', out]);
      await workers[0].waitFor(/shard (\d)\/3 \(scenarios .*\) started/);
      // In the middle of it: a shard of 30,000 scenarios takes well under a second on one thread
      // since the aggregation and the revaluation run in WebAssembly; the shard killed is the one
      // last started.
      await new Promise((r) => setTimeout(r, 150));
      const shard = [...workers[0].stderr.matchAll(/shard (\d)\/3 \(scenarios .*\) started/g)].pop()![1];
      workers[0].kill('SIGKILL');
      expect(await run.done(), run.stderr).toBe(0);
      expect(comparable(out) === comparable(local), 'output differs from the local run').toBe(true);
      // The killed worker's shard was finished by the other one, on its second start.
      expect(run.stderr).toMatch(new RegExp(`shard ${shard}/3 done \\(scenarios [\\d,–]+\\) by ${workerId(workers[1])} in [\\d.]+ s on attempt 2`));
      expect(workers[1].stderr).toMatch(new RegExp(`shard ${shard}/3 .* started \\(attempt 2\\)`));
    } finally {
      await stopWorkers(workers);
    }
  });

  it('a shard delivered twice (a frozen worker resumed after another finished its shard) is counted once', async (ctx) => {
    const fixture = cluster(redis.use(ctx), 'twice');
    const workers = await startWorkers(fixture, 2, FAST_STALLS);
    try {
      const out = join(dir, 'twice.json');
      const run = coordinator(fixture, ['--shards', '3', '--out', out]);
      const started = await workers[0].waitFor(/shard (\d)\/3 \(scenarios .*\) started/);
      const shard = /shard (\d)\/3/.exec(started)![1];
      // Frozen mid-shard: a shard of 30,000 scenarios takes well under a second on one thread
      // since the WebAssembly revaluation, so the stop follows its start closely.
      await new Promise((r) => setTimeout(r, 150));
      workers[0].kill('SIGSTOP');
      await workers[1].waitFor(new RegExp(`shard ${shard}/3 .* done in`), 90_000);
      workers[0].kill('SIGCONT');
      await workers[0].waitFor(new RegExp(`shard ${shard}/3 .* was delivered by another worker meanwhile; this result is dropped`), 90_000);
      expect(await run.done(), run.stderr).toBe(0);
      expect(comparable(out) === comparable(local), 'output differs from the local run').toBe(true);
      expect(run.stderr.split('\n').filter((line) => new RegExp(`simulation 1: shard ${shard}/3 done`).test(line))).toHaveLength(1);
    } finally {
      await stopWorkers(workers);
    }
  });

  it('a shard that fails every try fails the run with its error', async (ctx) => {
    const fixture = cluster(redis.use(ctx), 'poison');
    const workers = await startWorkers(fixture, 1);
    const engine = await openClusterEngine({ url: fixture.url, prefix: fixture.prefix, backend: 'cpu', shards: 2, accountBlock: 254, attempts: 3 });
    try {
      // A plan no worker can run (a bug's stand-in): NaN quantities make every loss NaN,
      // refused in every try.
      const sound = prepareRisk({ market: sampleMarket(), book: sampleBook(), params: sampleParams() }, { scenarios: 2000 });
      const plan = { ...sound, positionQuantity: sound.positionQuantity.map(() => Number.NaN) };
      const error = await engine.simulate(plan).then(() => undefined, (e: unknown) => e);
      expect(error).toBeInstanceOf(ClusterRunError);
      expect((error as Error).message).toMatch(/^simulation 1: shard [12]\/2 \(scenarios [\d,–]+\) failed after 3 attempts: chunk worker failed: RangeError: a scenario loss is NaN \(account \d+ of the plan, scenario \d+\): the tails need a total order \(its stack trace: job [\w.-]+ in the queue shards-cpu, or the worker's log\)$/);
      await engine.fail(error);
      const status = new MarginProcess(['cluster', 'status', '--prefix', fixture.prefix, '--json'], { MARGIN_REDIS_URL: fixture.url });
      expect(await status.done()).toBe(0);
      const run = (JSON.parse(status.stdout) as { runs: { id: string; state: string; error: string }[] }).runs.find((r) => r.id === engine.runId)!;
      expect(run.state).toBe('failed');
      expect(run.error).toMatch(/failed after 3 attempts: chunk worker failed: RangeError: a scenario loss is NaN/);
      expect(workers[0].stderr.split('\n').filter((line) => /failed: chunk worker failed: RangeError: a scenario loss is NaN/.test(line)).length).toBeGreaterThanOrEqual(3);
    } finally {
      await engine.dispose();
      await stopWorkers(workers);
    }
  });

  it('inputs altered in Redis are refused by the worker at once; the run fails and writes no output', async (ctx) => {
    const fixture = cluster(redis.use(ctx), 'tamper');
    const out = join(dir, 'tampered.json');
    const run = coordinator(fixture, ['--shards', '2', '--scenarios', '4000', '--out', out]);
    await run.waitFor(/enqueued 2 shards as one flow/);
    // No worker yet: alter every input blob's bytes (same length), as corruption or tampering would.
    const client = new Redis(fixture.url);
    let altered = 0;
    try {
      for (const key of await client.keys(`${fixture.prefix}:blob:*:0`)) {
        const bytes = (await client.getBuffer(key))!;
        bytes[bytes.length - 1] ^= 0xff;
        await client.set(key, bytes, 'KEEPTTL');
        altered++;
      }
    } finally {
      client.disconnect();
    }
    expect(altered).toBeGreaterThan(5);
    const workers = await startWorkers(fixture, 1);
    try {
      expect(await run.done(), run.stderr).toBe(1);
      expect(run.stderr).toMatch(/margin: simulation 1: shard [12]\/2 \(scenarios [\d,–]+\) failed after 1 attempt: plan (manifest|blob) [0-9a-f]{12} does not match its content hash .*: refused\. /);
      expect(run.stderr).toMatch(/cluster: run r-[\w-]+ failed; rerun with --run-id/);
      expect(existsSync(out)).toBe(false);
      expect(workers[0].stderr).toMatch(/failed: plan (manifest|blob) [0-9a-f]{12} does not match its content hash/);
      expect(workers[0].stderr).not.toMatch(/attempt 2/);
    } finally {
      await stopWorkers(workers);
    }
  });

  it('a coordinator killed mid-run and restarted with the same run id merges the finished shards instead of recomputing them', async (ctx) => {
    const fixture = cluster(redis.use(ctx), 'restart');
    const workers = await startWorkers(fixture, 2);
    try {
      const out = join(dir, 'restarted.json');
      const runId = 'nightly-2026-11-30';
      const first = coordinator(fixture, ['--shards', '6', '--run-id', runId, '--out', out]);
      await first.waitFor(/simulation 1: shard \d\/6 done/, 90_000);
      first.kill('SIGKILL');
      await first.exited;
      expect(existsSync(out)).toBe(false);
      // The workers paused (well within their 30 s locks) while the new coordinator waits out the
      // dead one's lease, so that it finds the flow unfinished and attaches to it.
      for (const w of workers) w.kill('SIGSTOP');
      const second = coordinator(fixture, ['--run-id', runId, '--out', out]);
      await second.waitFor(/attached to its flow|enqueued/, 60_000);
      for (const w of workers) w.kill('SIGCONT');
      expect(await second.done(), second.stderr).toBe(0);
      expect(comparable(out) === comparable(local), 'output differs from the local run').toBe(true);
      expect(second.stderr).toMatch(new RegExp(`resuming run ${runId} \\(started .*, was running\\)`));
      const resumed = /simulation 1: (\d) of 6 shards already done by an earlier start of this run; not recomputed/.exec(second.stderr);
      expect(resumed, second.stderr).not.toBeNull();
      expect(Number(resumed![1])).toBeGreaterThanOrEqual(1);
      expect(second.stderr).toMatch(/simulation 1: attached to its flow/);
      // Every simulation shard computed exactly once over both coordinators.
      const computed = workers.flatMap((w) => w.lines.filter((line) => /stage \w+ shard \d\/6 \(scenarios .*\) done in/.test(line)));
      expect(computed.map((line) => /shard (\d)\/6/.exec(line)![1]).sort()).toEqual(['1', '2', '3', '4', '5', '6']);
      // The run is complete; its id cannot start another.
      const again = coordinator(fixture, ['--run-id', runId, '--out', join(dir, 'again.json')]);
      expect(await again.done()).toBe(2);
      expect(again.stderr).toMatch(new RegExp(`run ${runId} completed at .*: its results are gone; use a new run id`));
    } finally {
      await stopWorkers(workers);
    }
  });
});

/** The worker's id, from its start-up line. */
function workerId(worker: MarginProcess): string {
  const line = worker.lines.find((l) => /taking cpu shards/.test(l))!;
  return /^worker (\S+):/.exec(line)![1];
}
