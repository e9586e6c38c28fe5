/**
 * `margin run --cluster` and `margin nightly --cluster` over three `margin worker` processes on
 * a real Redis (with a password), end to end as a user runs them: the output equals the local
 * run's byte for byte on the CPU (the JSON with the run's timings, engine description and chunk
 * count set aside; the CSV whole) for several shard counts, with account blocks and with the
 * anti-procyclicality floor's second simulation; progress per shard on stderr; `margin cluster
 * status`; the usage errors; and no password in any log, output or Redis value.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { marginInProcess } from '../helpers/marginCli.js';
import { sampleParams } from '../../src/sample/sampleVenue.js';
import { comparableRun, MarginProcess, type RedisFixture, startWorkers, stopWorkers, useRedis } from './redisFixture.js';

const redis = useRedis();
const dir = mkdtempSync(join(tmpdir(), 'margin-cluster-'));
const RUN = ['--backend', 'cpu', '--scenarios', '12000', '--seed', '42'];
const texts: string[] = [];

/** The JSON output without what describes how it ran (timings, engine, chunk count). */
function comparable(path: string): string {
  const text = readFileSync(path, 'utf8');
  texts.push(text);
  return comparableRun(text);
}

/** A cluster run as a user starts it (a child process; the URL, with its password, from the environment). */
async function clusterRun(fixture: RedisFixture, args: string[], env: Record<string, string> = {}): Promise<{ code: number; stderr: string; stdout: string }> {
  const run = new MarginProcess(['run', '--cluster', '--cluster-prefix', fixture.prefix, ...args], { MARGIN_REDIS_URL: fixture.url, ...env });
  const code = await run.done();
  texts.push(run.stderr, run.stdout);
  return { code, stderr: run.stderr, stdout: run.stdout };
}

describe('margin run --cluster', () => {
  let workers: MarginProcess[] = [];
  const local = join(dir, 'local.json');

  beforeAll(async () => {
    if (!redis.current) return;
    workers = await startWorkers(redis.current, 3);
    const result = await marginInProcess(['run', ...RUN, '--format', 'json', '--out', local, '--quiet']);
    expect(result.code, result.stderr).toBe(0);
  });

  afterAll(async () => {
    await stopWorkers(workers);
    for (const w of workers) texts.push(w.stderr);
  });

  it('equals the local run byte for byte for 1, 3 and 7 shards and account blocks, with progress per shard on stderr', async (ctx) => {
    const fixture = redis.use(ctx);
    const expected = comparable(local);
    for (const [shards, block] of [['1', undefined], ['3', undefined], ['7', '100']] as const) {
      const out = join(dir, `cluster-${shards}.json`);
      const args = [...RUN, '--shards', shards, ...(block ? ['--account-block', block] : []), '--format', 'json', '--out', out];
      const { code, stderr } = await clusterRun(fixture, args);
      expect(code, stderr).toBe(0);
      expect(comparable(out) === expected, `${shards} shards, account block ${block ?? 'all'}: the JSON differs from the local run`).toBe(true);
      const blocks = block ? Math.ceil(254 / Number(block)) : 1;
      const shardLines = stderr.split('\n').filter((line) => /simulation 1: shard \d+\/\d+ done/.test(line));
      expect(shardLines).toHaveLength(Number(shards) * blocks);
      expect(stderr).toMatch(new RegExp(`simulation 1 \\(12,000 scenarios, 254 accounts, k 120\\): ${Number(shards) * blocks} shards = ${shards} scenario ranges × ${blocks} account block`));
      expect(stderr).toMatch(/revaluation 2 \([\d,]+ listed scenarios\): shard 1\/\d+ done/); // attribution, on the workers
      expect(stderr).toMatch(/cluster: run r-[\w-]+ complete/);
      const run = (JSON.parse(readFileSync(out, 'utf8')) as { run: { engine: string } }).run;
      expect(run.engine).toMatch(/^cluster run r-[\w-]+: \d+ shards on [1-3] workers? \(CPU f64, 1 thread\)$/);
    }
  });

  it('the CSV is the same bytes, and the anti-procyclicality floor (a second simulation) and the venue models merge exactly too', async (ctx) => {
    const fixture = redis.use(ctx);
    const params = join(dir, 'floor.json');
    const base = sampleParams() as { margin?: Record<string, unknown> };
    writeFileSync(params, JSON.stringify({ ...base, margin: { ...base.margin, antiProcyclicality: { floor: { enabled: true, volScale: 1.3 } } } }));
    const models = ['--models', 'isolated,cross,portfolio,deribit-pm,derive-pm'];
    for (const format of ['csv', 'json'] as const) {
      const localOut = join(dir, `floor-local.${format}`);
      const clusterOut = join(dir, `floor-cluster.${format}`);
      const localRun = await marginInProcess(['run', ...RUN, ...models, '--params', params, '--format', format, '--out', localOut, '--quiet']);
      expect(localRun.code, localRun.stderr).toBe(0);
      const { code, stderr } = await clusterRun(fixture, [...RUN, ...models, '--params', params, '--shards', '4', '--account-block', '90', '--format', format, '--out', clusterOut]);
      expect(code, stderr).toBe(0);
      if (format === 'csv') expect(readFileSync(clusterOut, 'utf8') === readFileSync(localOut, 'utf8'), 'CSV differs').toBe(true);
      else expect(comparable(clusterOut) === comparable(localOut), 'JSON differs').toBe(true);
      // Base and stressed calibration: two simulations, the stressed plan sending only its moveScale.
      expect(stderr).toMatch(/simulation 2 \(12,000 scenarios/);
      const planLines = stderr.split('\n').filter((line) => line.startsWith('cluster: plan '));
      expect(planLines).toHaveLength(2);
      // The stressed plan shares every blob but its manifest and moveScale with the base plan (sent the first time only).
      expect(planLines[1]).toMatch(format === 'csv' ? /: \d+ blobs, 2 new/ : /: \d+ blobs, 0 new/);
    }
  });

  it('margin cluster status shows the runs, their shards and the workers', async (ctx) => {
    const fixture = redis.use(ctx);
    const status = await new MarginProcess(['cluster', 'status', '--prefix', fixture.prefix, '--json'], { MARGIN_REDIS_URL: fixture.url });
    expect(await status.done(), status.stderr).toBe(0);
    const json = JSON.parse(status.stdout) as {
      redis: string; runs: { state: string; backend: string; stages: { kind: string; shards: number; done: number }[] }[];
      workers: { backend: string; engine: string; completed: number }[]; queues: Record<string, Record<string, number>>;
    };
    texts.push(status.stdout);
    expect(json.redis).toMatch(/^redis:\/\/(:\*\*\*@)?127\.0\.0\.1:\d+$/);
    expect(json.runs.length).toBeGreaterThanOrEqual(5);
    for (const run of json.runs) {
      expect(run.state).toBe('complete');
      expect(run.backend).toBe('cpu');
      for (const stage of run.stages) expect(stage.done).toBe(stage.shards);
      expect(run.stages.map((s) => s.kind)).toContain('simulate');
    }
    expect(json.workers).toHaveLength(3);
    expect(json.workers.reduce((sum, w) => sum + w.completed, 0)).toBeGreaterThanOrEqual(20);
    expect(json.queues['shards-cpu'].failed ?? 0).toBe(0);
    const table = await new MarginProcess(['cluster', 'status', '--prefix', fixture.prefix], { MARGIN_REDIS_URL: fixture.url });
    expect(await table.done()).toBe(0);
    expect(table.stdout).toMatch(/runs \(newest first\)/);
    expect(table.stdout).toMatch(/1\. simulate \d+\/\d+/);
    expect(table.stdout).toMatch(/workers\n/);
    texts.push(table.stdout);
  });

  it('margin nightly --cluster writes the same night as the local job', async (ctx) => {
    const fixture = redis.use(ctx);
    const nightArgs = ['nightly', '--as-of', '2024-03-08', '--scenarios', '4000', '--backend', 'cpu'];
    const localOut = join(dir, 'nights-local');
    const clusterOut = join(dir, 'nights-cluster');
    const localNight = await marginInProcess([...nightArgs, '--out', localOut, '--quiet']);
    expect(localNight.code, localNight.stderr).toBe(0);
    const night = new MarginProcess([...nightArgs, '--out', clusterOut, '--cluster', '--cluster-prefix', fixture.prefix, '--shards', '3'], { MARGIN_REDIS_URL: fixture.url });
    expect(await night.done(), night.stderr).toBe(0);
    texts.push(night.stderr, night.stdout);
    expect(night.stderr).toMatch(/simulation 1: shard 3\/3 done|simulation 1: shard [12]\/3 done/);
    const report = (root: string) => {
      const json = JSON.parse(readFileSync(join(root, 'nights', '2024-03-08', 'report.json'), 'utf8')) as { run: { engine: string } };
      const engine = json.run.engine;
      json.run.engine = '';
      return { text: JSON.stringify(json), engine };
    };
    const a = report(localOut);
    const b = report(clusterOut);
    expect(b.engine).toMatch(/^cluster run /);
    expect(b.text === a.text, 'report.json differs').toBe(true);
    for (const file of ['pack.json', 'params.json']) {
      expect(readFileSync(join(clusterOut, 'nights', '2024-03-08', file), 'utf8')).toBe(readFileSync(join(localOut, 'nights', '2024-03-08', file), 'utf8'));
    }
  });

  it('refuses cluster options without --cluster, --workers with it, and says when Redis is out of reach (URL redacted)', async (ctx) => {
    const fixture = redis.use(ctx);
    const noCluster = await marginInProcess(['run', '--shards', '3', '--quiet']);
    expect(noCluster.code).toBe(2);
    expect(noCluster.stderr).toMatch(/--shards.*applies to a cluster run: add --cluster URL/);
    const withWorkers = await marginInProcess(['run', '--cluster', 'redis://127.0.0.1:1', '--workers', '2', '--quiet']);
    expect(withWorkers.code).toBe(2);
    expect(withWorkers.stderr).toMatch(/--workers.*with --cluster each `margin worker` sets its own/);
    const badScheme = await marginInProcess(['run', '--cluster', 'http://example.org', '--quiet']);
    expect(badScheme.code).toBe(2);
    expect(badScheme.stderr).toMatch(/scheme http: is not redis: or rediss:/);
    const unreachable = new MarginProcess(['run', '--cluster', `redis://:${fixture.password || 'pw'}@127.0.0.1:1`, '--quiet'], {});
    expect(await unreachable.done()).toBe(1);
    expect(unreachable.stderr).toMatch(/margin: cannot reach Redis at redis:\/\/:\*\*\*@127\.0\.0\.1:1: /);
    texts.push(unreachable.stderr);
  });

  it('workers stop on SIGTERM once their running shards are done, exit 0, and leave the registry', async (ctx) => {
    const fixture = redis.use(ctx);
    // A run in flight: SIGTERM while its shards run; they finish, the run completes.
    const out = join(dir, 'draining.json');
    const run = new MarginProcess(['run', '--cluster', '--cluster-prefix', fixture.prefix, ...RUN, '--scenarios', '30000', '--shards', '3', '--format', 'json', '--out', out], { MARGIN_REDIS_URL: fixture.url });
    await Promise.all(workers.map((w) => w.waitFor(/shard \d\/3 .* started/, 60_000)));
    for (const w of workers) w.kill('SIGTERM');
    const codes = await Promise.all(workers.map((w) => w.done()));
    expect(codes).toEqual([0, 0, 0]);
    for (const w of workers) {
      expect(w.stderr).toMatch(/SIGTERM: finishing the running shards, taking no more/);
      expect(w.stderr).toMatch(/stopped after \d+ shards/);
      texts.push(w.stderr);
    }
    const status = new MarginProcess(['cluster', 'status', '--prefix', fixture.prefix, '--json'], { MARGIN_REDIS_URL: fixture.url });
    expect(await status.done()).toBe(0);
    expect((JSON.parse(status.stdout) as { workers: unknown[] }).workers).toEqual([]);
    // The shards they finished are in; new workers take the rest and the run completes.
    workers = await startWorkers(fixture, 2);
    expect(await run.done(), run.stderr).toBe(0);
    texts.push(run.stderr);
  });

  it('no password anywhere: not in any log, output or value the cluster stored in Redis', async (ctx) => {
    const fixture = redis.use(ctx);
    if (!fixture.password) ctx.skip('this Redis has no password');
    for (const w of workers) texts.push(w.stderr);
    const leaks = texts.filter((text) => text.includes(fixture.password));
    expect(leaks.map((t) => t.slice(0, 200))).toEqual([]);
    const client = new Redis(fixture.url);
    try {
      let cursor = '0';
      let scanned = 0;
      do {
        const [next, keys] = await client.scan(cursor, 'MATCH', `${fixture.prefix}:*`, 'COUNT', 500);
        cursor = next;
        for (const key of keys) {
          const type = await client.type(key);
          const values =
            type === 'string' ? [await client.getBuffer(key)] : type === 'hash' ? Object.values(await client.hgetall(key)) : type === 'list' ? await client.lrange(key, 0, -1) : [];
          scanned++;
          for (const value of values) expect(String(value).includes(fixture.password), key).toBe(false);
        }
      } while (cursor !== '0');
      expect(scanned).toBeGreaterThan(10);
    } finally {
      client.disconnect();
    }
  });
});
