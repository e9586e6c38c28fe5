/**
 * `npm run bench:cluster`: the benchmark book (1,000 accounts, 300 instruments) at 1,000,000
 * scenarios (BENCH_SCENARIOS), `margin run` in one process (one thread, and every core) against
 * the same run over 1, 2 and 4 local `margin worker` processes (BENCH_CLUSTER_WORKERS=1,2,4) of
 * one thread each (BENCH_WORKER_THREADS) through Redis, margins and attribution included, CPU
 * backend. Per configuration: the wall time, the speed-up, and per
 * shard the worker's time and its engine's part (the rest is the shard's overhead: inputs,
 * encoding, storing), the result bytes through Redis, and the coordinator's fetch and merge time;
 * each cluster run's JSON is checked against the one-process run's (timings aside).
 *
 * Redis: MARGIN_REDIS_URL, or a private redis-server started here on a free loopback port.
 * Results: printed, and written as JSON to bench/results/cluster-<date>.json.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createServer } from 'node:net';
import { openClusterEngine, type ClusterStats } from '../src/cluster/index.js';
import { parseRiskInputs } from '../src/engine/index.js';
import { runMargin } from '../src/margin/runMargin.js';
import { planMargin } from '../src/margin/setup.js';
import { formatBookCsv } from '../src/model/bookCsv.js';
import { generateVenue } from '../src/sample/generate.js';
import { loadInputs } from '../cli/inputs.js';
import { reportPieces } from '../cli/format.js';
import { writeOutput } from '../cli/output.js';

const envInt = (name: string, fallback: number) => (process.env[name] ? Number(process.env[name]) : fallback);
const scenarios = envInt('BENCH_SCENARIOS', 1_000_000);
const workerCounts = (process.env.BENCH_CLUSTER_WORKERS ?? '1,2,4').split(',').map(Number);
const workerThreads = envInt('BENCH_WORKER_THREADS', 1);
const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const cli = join(root, 'dist', 'cli', 'main.js');
const cores = availableParallelism();

const mib = (bytes: number) => bytes / 2 ** 20;
const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length ? sorted[Math.floor((sorted.length - 1) / 2)] : 0;
};

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function redisUrl(): Promise<{ url: string; stop: () => void }> {
  if (process.env.MARGIN_REDIS_URL) return { url: process.env.MARGIN_REDIS_URL, stop: () => {} };
  if (spawnSync('redis-server', ['--version']).status !== 0) throw new Error('no MARGIN_REDIS_URL and no redis-server installed (apt-get install redis-server)');
  const port = await freePort();
  const password = randomBytes(12).toString('hex');
  const dir = mkdtempSync(join(tmpdir(), 'bench-redis-'));
  const child = spawn('redis-server', ['--bind', '127.0.0.1', '--port', String(port), '--requirepass', password, '--save', '', '--appendonly', 'no', '--dir', dir], { stdio: 'ignore' });
  await new Promise((r) => setTimeout(r, 500));
  return { url: `redis://:${password}@127.0.0.1:${port}`, stop: () => child.kill('SIGTERM') };
}

/** CPU seconds (user + system, every thread) a live process has used so far, from /proc. */
function cpuSecondsOf(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks (USER_HZ 100)
}

function comparable(path: string): string {
  const json = JSON.parse(readFileSync(path, 'utf8')) as { run: Record<string, unknown> };
  delete json.run.timings;
  delete json.run.engine;
  delete json.run.chunkCount;
  return JSON.stringify(json);
}

async function startWorkers(count: number, url: string, prefix: string): Promise<ChildProcess[]> {
  const threads = workerThreads;
  const workers = Array.from({ length: count }, () =>
    spawn(process.execPath, [cli, 'worker', '--prefix', prefix, '--backend', 'cpu', '--workers', String(threads)], { env: { ...process.env, MARGIN_REDIS_URL: url }, stdio: ['ignore', 'ignore', 'pipe'] }),
  );
  await Promise.all(
    workers.map(
      (w) =>
        new Promise<void>((resolve, reject) => {
          let text = '';
          w.stderr!.on('data', (chunk: Buffer) => {
            text += chunk.toString();
            if (text.includes('taking cpu shards')) resolve();
          });
          w.once('exit', () => reject(new Error(`worker exited: ${text}`)));
        }),
    ),
  );
  return workers;
}

interface ClusterMeasurement {
  /** The machine's 1-minute load average before and after (shared machines: read the figures against it). */
  load: [number, number];
  workers: number;
  threadsPerWorker: number;
  wallSeconds: number;
  /** Against one process on one thread, and on every core. */
  speedUp: number;
  speedUpAllCores: number;
  /** CPU seconds (user + system) of the workers and of the coordinator. */
  cpuWorkers: number;
  cpuCoordinator: number;
  identical: boolean;
  shards: number;
  stats: Omit<ClusterStats, 'perShard'>;
  simulateShards: { count: number; medianWorkerSeconds: number; medianComputeSeconds: number; medianOverheadSeconds: number; medianResultMiB: number; maxResultMiB: number; medianMergeSeconds: number; medianFetchSeconds: number };
  revalueShards: { count: number; medianResultMiB: number; totalResultMiB: number; medianMergeSeconds: number };
  inputMiB: number;
  finishMergeSeconds: number;
}

async function main() {
  const venue = generateVenue({ accounts: 1000, instruments: 300, seed: 1 });
  const dir = mkdtempSync(join(tmpdir(), 'margin-bench-cluster-'));
  writeFileSync(join(dir, 'market.json'), JSON.stringify(venue.market));
  writeFileSync(join(dir, 'params.json'), JSON.stringify(venue.params));
  writeFileSync(join(dir, 'book.csv'), formatBookCsv(venue.book));
  const files = { market: join(dir, 'market.json'), book: join(dir, 'book.csv'), params: join(dir, 'params.json') };
  const common = ['--market', files.market, '--book', files.book, '--params', files.params, '--scenarios', String(scenarios), '--backend', 'cpu', '--format', 'json'];
  console.log(`cluster bench: benchmark book (1,000 accounts, 300 instruments), ${scenarios.toLocaleString('en-US')} scenarios, CPU backend; ${cpus()[0]?.model ?? 'cpu'} x${cores}`);

  const single = join(dir, 'single.json');
  /** Wall and CPU seconds (user + system, all threads) of `margin run` in one process (GNU time). */
  const oneProcess = (threads: number): { wall: number; cpu: number } => {
    const began = performance.now();
    const timeFile = join(dir, 'time.txt');
    const one = spawnSync('/usr/bin/time', ['-f', '%U %S', '-o', timeFile, process.execPath, cli, 'run', ...common, '--workers', String(threads), '--out', single, '--quiet'], { stdio: 'inherit' });
    if (one.status !== 0) throw new Error('margin run (one process) failed');
    const [user, system] = readFileSync(timeFile, 'utf8').trim().split(/\s+/).map(Number);
    return { wall: (performance.now() - began) / 1000, cpu: user + system };
  };
  const load = () => `load average ${loadavg()[0].toFixed(1)}`;
  console.log(load());
  const one1 = oneProcess(1);
  const singleSeconds = one1.wall;
  console.log(`one process, 1 worker thread: ${singleSeconds.toFixed(1)} s (CPU ${one1.cpu.toFixed(1)} s); ${load()}`);
  const oneAll = cores > 1 ? oneProcess(cores) : one1;
  const allCoresSeconds = oneAll.wall;
  console.log(`one process, ${cores} worker threads: ${allCoresSeconds.toFixed(1)} s (CPU ${oneAll.cpu.toFixed(1)} s); ${load()}`);
  let t = performance.now();

  const redis = await redisUrl();
  const results: ClusterMeasurement[] = [];
  try {
    for (const count of workerCounts) {
      const prefix = `bench-${randomBytes(3).toString('hex')}`;
      const workers = await startWorkers(count, redis.url, prefix);
      try {
        const out = join(dir, `cluster-${count}.json`);
        const { inputs, sources } = await loadInputs(files);
        const loadBefore = loadavg()[0];
        const cpuBefore = process.cpuUsage();
        const workerCpuBefore = workers.reduce((sum, w) => sum + cpuSecondsOf(w.pid!), 0);
        t = performance.now();
        const parsed = parseRiskInputs(inputs, { scenarios }, sources);
        const setup = planMargin(parsed, sources);
        const engine = await openClusterEngine({ url: redis.url, prefix, backend: 'cpu', log: (line) => process.env.BENCH_VERBOSE && console.log(`[${((performance.now() - t) / 1000).toFixed(1)} s] ${line}`) });
        try {
          const { risk, margin } = await runMargin(setup, { engine });
          await writeOutput(out, reportPieces(risk, 'json', margin));
          await engine.complete();
        } finally {
          await engine.dispose();
        }
        const wallSeconds = (performance.now() - t) / 1000;
        const cpu = process.cpuUsage(cpuBefore);
        const cpuCoordinator = (cpu.user + cpu.system) / 1e6;
        const cpuWorkers = workers.reduce((sum, w) => sum + cpuSecondsOf(w.pid!), 0) - workerCpuBefore;
        const { perShard, ...stats } = engine.stats;
        const sim = perShard.filter((s) => s.kind === 'simulate');
        const rev = perShard.filter((s) => s.kind === 'revalue');
        const merged = sim.reduce((sum, s) => sum + s.mergeMs, 0) + rev.reduce((sum, s) => sum + s.mergeMs, 0);
        const m: ClusterMeasurement = {
          load: [loadBefore, loadavg()[0]],
          workers: count,
          threadsPerWorker: workerThreads,
          wallSeconds,
          speedUp: singleSeconds / wallSeconds,
          speedUpAllCores: allCoresSeconds / wallSeconds,
          cpuWorkers,
          cpuCoordinator,
          identical: comparable(out) === comparable(single),
          shards: stats.shards,
          stats,
          simulateShards: {
            count: sim.length,
            medianWorkerSeconds: median(sim.map((s) => s.ms)) / 1000,
            medianComputeSeconds: median(sim.map((s) => s.computeMs)) / 1000,
            medianOverheadSeconds: median(sim.map((s) => s.ms - s.computeMs)) / 1000,
            medianResultMiB: mib(median(sim.map((s) => s.bytes))),
            maxResultMiB: mib(Math.max(...sim.map((s) => s.bytes))),
            medianMergeSeconds: median(sim.map((s) => s.mergeMs)) / 1000,
            medianFetchSeconds: median(sim.map((s) => s.fetchMs)) / 1000,
          },
          revalueShards: {
            count: rev.length,
            medianResultMiB: mib(median(rev.map((s) => s.bytes))),
            totalResultMiB: mib(rev.reduce((sum, s) => sum + s.bytes, 0)),
            medianMergeSeconds: median(rev.map((s) => s.mergeMs)) / 1000,
          },
          inputMiB: mib(stats.inputBytes),
          finishMergeSeconds: (stats.mergeMs - merged) / 1000,
        };
        results.push(m);
        const s = m.simulateShards;
        console.log(
          `${count} worker${count === 1 ? '' : 's'} × ${m.threadsPerWorker} thread${m.threadsPerWorker === 1 ? '' : 's'}: ${wallSeconds.toFixed(1)} s ` +
            `(${m.speedUp.toFixed(2)}× one process on 1 thread, ${m.speedUpAllCores.toFixed(2)}× on ${cores}), ` +
            `output ${m.identical ? 'identical' : 'DIFFERENT'}; ${s.count} simulation shards: worker ${s.medianWorkerSeconds.toFixed(2)} s of which engine ${s.medianComputeSeconds.toFixed(2)} s ` +
            `(overhead ${s.medianOverheadSeconds.toFixed(2)} s), result ${s.medianResultMiB.toFixed(1)} MiB (max ${s.maxResultMiB.toFixed(1)}), fetched in ${s.medianFetchSeconds.toFixed(2)} s, merged in ${s.medianMergeSeconds.toFixed(2)} s (median); ` +
            `tails finished in ${m.finishMergeSeconds.toFixed(2)} s; attribution: ${m.revalueShards.count} revaluation shards, ${m.revalueShards.totalResultMiB.toFixed(0)} MiB; inputs ${m.inputMiB.toFixed(2)} MiB once; ` +
            `CPU ${cpuWorkers.toFixed(1)} s in the workers + ${cpuCoordinator.toFixed(1)} s in the coordinator; load average ${m.load[0].toFixed(1)} → ${m.load[1].toFixed(1)}`,
        );
      } finally {
        for (const w of workers) w.kill('SIGTERM');
        await Promise.all(workers.map((w) => new Promise((r) => (w.exitCode !== null ? r(null) : w.once('exit', r)))));
      }
    }
  } finally {
    redis.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  const outDir = join(root, 'bench', 'results');
  mkdirSync(outDir, { recursive: true });
  const file = join(outDir, `cluster-${new Date().toISOString().slice(0, 19).replace(/[:T]/g, '-')}.json`);
  writeFileSync(file, `${JSON.stringify({ scenarios, cores, cpu: cpus()[0]?.model, oneProcess: { oneThread: one1, allCores: oneAll }, clusters: results }, null, 2)}\n`);
  console.log(`wrote ${file}`);
  process.exit(0);
}

await main();
