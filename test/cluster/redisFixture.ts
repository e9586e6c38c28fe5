/**
 * The Redis the cluster tests run against, and `margin worker` processes as a user starts them.
 *
 * Redis, once per test file (beforeAll):
 *   - MARGIN_TEST_REDIS_URL (what .ci/run exports: Debian's redis-server on a free loopback port,
 *     with a password), or else a private redis-server this fixture starts on a free loopback
 *     port (with a password) when the binary is installed;
 *   - REQUIRE_REDIS=1 (CI): no Redis answering is a FAILURE of every test in the file;
 *   - otherwise no Redis skips the tests, with a loud warning saying why and how to fix it.
 * Each file works under its own key prefix, removed afterwards.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, type TestContext } from 'vitest';

export const REQUIRE_REDIS = process.env.REQUIRE_REDIS === '1';

/**
 * A `margin run --format json` output without what says how it ran (`run.timings`,
 * `run.engine`, `run.chunkCount`): what a cluster run must equal byte for byte.
 */
export function comparableRun(text: string): string {
  const json = JSON.parse(text) as { run: Record<string, unknown> };
  delete json.run.timings;
  delete json.run.engine;
  delete json.run.chunkCount;
  return JSON.stringify(json, null, 2);
}

export interface RedisFixture {
  url: string;
  prefix: string;
  /** The password in the URL (tests check it never shows up in logs or outputs). */
  password: string;
}

/** A free TCP port on the loopback interface. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Starts redis-server on a free loopback port (extra arguments for TLS); resolves once it answers. */
export async function startRedisServer(extra: string[] = [], password = randomBytes(12).toString('hex')): Promise<{ port: number; password: string; stop: () => Promise<void> }> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'margin-redis-'));
  const args = ['--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, '--requirepass', password, '--maxmemory-policy', 'noeviction'];
  const child = spawn('redis-server', extra.length > 0 ? [...args, '--port', '0', ...extra.map((a) => a.replace('$PORT', String(port)))] : [...args, '--port', String(port)], { stdio: 'ignore' });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  // Listening once a TCP connection is accepted (plain or TLS alike).
  for (let i = 0; ; i++) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) break;
    if (i > 100 || child.exitCode !== null) throw new Error(`redis-server ${extra.join(' ')} did not start listening on port ${port}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return { port, password, stop: async () => {
    child.kill('SIGTERM');
    await exited;
    rmSync(dir, { recursive: true, force: true });
  } };
}

async function answers(url: string): Promise<string | undefined> {
  const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, connectTimeout: 2000 });
  client.on('error', () => {});
  try {
    await client.connect();
    await client.ping();
    return undefined;
  } catch (error) {
    return (error as Error).message;
  } finally {
    client.disconnect();
  }
}

export function useRedis(): { use(ctx: TestContext): RedisFixture; readonly current: RedisFixture | undefined } {
  let current: RedisFixture | undefined;
  let reason: string | undefined;
  let stop: (() => Promise<void>) | undefined;

  beforeAll(async () => {
    let url = process.env.MARGIN_TEST_REDIS_URL;
    if (!url && spawnSync('redis-server', ['--version']).status === 0) {
      const server = await startRedisServer();
      stop = server.stop;
      url = `redis://:${server.password}@127.0.0.1:${server.port}`;
    }
    const problem = url ? await answers(url) : 'MARGIN_TEST_REDIS_URL is not set and redis-server is not installed';
    if (problem || !url) {
      reason = problem;
      if (REQUIRE_REDIS) throw new Error(`REQUIRE_REDIS=1 but no Redis answers: ${reason}`);
      const bar = '!'.repeat(78);
      console.warn(`\n${bar}\n!! SKIPPING CLUSTER TESTS: no Redis (${reason}).\n!! apt-get install redis-server, or set MARGIN_TEST_REDIS_URL; REQUIRE_REDIS=1 makes this a failure\n${bar}\n`);
      return;
    }
    current = { url, prefix: `t${randomBytes(4).toString('hex')}`, password: new URL(url).password };
  });

  afterAll(async () => {
    if (current) await deleteKeys(current.url, current.prefix);
    await stop?.();
  });

  return {
    use(ctx: TestContext): RedisFixture {
      if (current) return current;
      if (REQUIRE_REDIS) throw new Error('REQUIRE_REDIS=1 but no Redis answers (see beforeAll)');
      ctx.skip(`no Redis: ${reason}`);
      throw new Error('unreachable');
    },
    get current() {
      return current;
    },
  };
}

/** Removes every key under a prefix (and the prefixes that extend it: a test's own clusters). */
export async function deleteKeys(url: string, prefix: string): Promise<void> {
  const client = new Redis(url);
  try {
    let cursor = '0';
    do {
      const [next, keys] = await client.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length > 0) await client.del(...keys);
    } while (cursor !== '0');
  } finally {
    client.disconnect();
  }
}

/** A `margin` child process whose stderr is kept line by line. */
export class MarginProcess {
  readonly child: ChildProcess;
  readonly lines: string[] = [];
  stdout = '';
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  private readonly listeners: (() => void)[] = [];

  constructor(args: string[], env: Record<string, string>) {
    this.child = spawn(process.execPath, ['--import', 'tsx', 'cli/main.ts', ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let partial = '';
    this.child.stderr!.on('data', (chunk: Buffer) => {
      partial += chunk.toString('utf8');
      const parts = partial.split('\n');
      partial = parts.pop()!;
      this.lines.push(...parts);
      for (const listener of [...this.listeners]) listener();
    });
    this.child.stdout!.on('data', (chunk: Buffer) => (this.stdout += chunk.toString('utf8')));
    this.exited = new Promise((resolve) => this.child.once('exit', (code, signal) => resolve({ code, signal })));
  }

  get stderr(): string {
    return this.lines.join('\n');
  }

  /** Resolves with the first stderr line matching `pattern` (already seen or to come). */
  waitFor(pattern: RegExp, timeoutMs = 60_000): Promise<string> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const line = this.lines.find((l) => pattern.test(l));
        if (line === undefined) return false;
        clearTimeout(timer);
        this.listeners.splice(this.listeners.indexOf(listener), 1);
        resolve(line);
        return true;
      };
      const listener = () => void check();
      const timer = setTimeout(() => {
        this.listeners.splice(this.listeners.indexOf(listener), 1);
        reject(new Error(`no line matching ${pattern} within ${timeoutMs} ms; stderr so far:\n${this.stderr}`));
      }, timeoutMs);
      this.listeners.push(listener);
      check();
    });
  }

  /** Exit code (or 128 + signal). */
  async done(): Promise<number> {
    const { code, signal } = await this.exited;
    return code ?? (signal === 'SIGKILL' ? 137 : 128);
  }

  kill(signal: NodeJS.Signals = 'SIGTERM'): void {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill(signal);
  }
}

/**
 * `margin worker` processes on the fixture's Redis, the URL (and its password) passed as a user
 * would keep it off the command line: in MARGIN_REDIS_URL. One CPU thread each: several share
 * this machine's two cores.
 */
export async function startWorkers(redis: RedisFixture, count: number, extra: string[] = [], env: Record<string, string> = {}): Promise<MarginProcess[]> {
  const workers = Array.from({ length: count }, () => new MarginProcess(['worker', '--prefix', redis.prefix, '--backend', 'cpu', '--workers', '1', ...extra], { MARGIN_REDIS_URL: redis.url, ...env }));
  await Promise.all(workers.map((w) => w.waitFor(/taking cpu shards/)));
  return workers;
}

/** SIGTERM, then SIGKILL if a worker has not drained within the grace period. */
export async function stopWorkers(workers: MarginProcess[], graceMs = 30_000): Promise<void> {
  await Promise.all(
    workers.map(async (w) => {
      w.kill('SIGTERM');
      const timer = setTimeout(() => w.kill('SIGKILL'), graceMs);
      await w.exited;
      clearTimeout(timer);
    }),
  );
}
