/**
 * The engine against the independent numpy peer (../shared/peers/peer_margin.py: the same model,
 * positions only; VaR, ES and the stress grid), end to end as a user runs each: a child process
 * reading the same files. Pairs alternate (engine, peer, engine with attribution) so that a
 * noisy machine slows both sides alike, and each figure is the median of `rounds`. The GPU
 * backend is compared with the peer in f32, the CPU backend (f64) with the peer in f64 and, as
 * the fastest backend may be either, with the peer in f32 too (timed in the same rounds).
 *
 * Where python3 with numpy and scipy, or the peer script, is absent, the engine is still timed
 * and the peer is skipped with a message.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { median } from './median.js';

export type BenchBackend = 'cpu' | 'gpu';

export interface PeerComparisonOptions {
  /** The repository root (dist/cli/main.js lives under it). */
  root: string;
  /** Holds market.json, params.json and book.json. */
  dir: string;
  scenarios: number;
  backends: BenchBackend[];
  rounds?: number;
}

export interface BackendComparison {
  backend: BenchBackend;
  peerDtype: 'f32' | 'f64';
  /** Medians, seconds: `margin run --no-attribution`, the default `margin run`, the peer. */
  engineSeconds: number;
  engineWithAttributionSeconds: number;
  peerSeconds?: number;
  /** peer / engine: above 1, the engine is faster. */
  speedOverPeer?: number;
  /** The CPU backend's rounds also time the f32 peer: its median, and peer f32 / engine. */
  peerF32Seconds?: number;
  speedOverPeerF32?: number;
  /** The default run over the run without attribution. */
  attributionOverhead: number;
}


function seconds(run: () => void): number {
  const began = performance.now();
  run();
  return (performance.now() - began) / 1000;
}

/** The peer script, or why it cannot run here. */
export function findPeer(root: string): { script: string } | { missing: string } {
  const script = process.env.BENCH_PEER ?? join(root, '..', 'shared', 'peers', 'peer_margin.py');
  if (!existsSync(script)) return { missing: `no peer script at ${script} (set BENCH_PEER)` };
  const probe = spawnSync('python3', ['-c', 'import numpy, scipy'], { encoding: 'utf8' });
  if (probe.status !== 0) return { missing: `python3 with numpy and scipy not found (${(probe.stderr || probe.error?.message || '').trim().split('\n').pop()})` };
  return { script };
}

export function comparePeer(options: PeerComparisonOptions): BackendComparison[] {
  const { root, dir, scenarios, rounds = 3 } = options;
  const files = ['market.json', 'params.json', 'book.json'].map((f) => join(dir, f));
  const peer = findPeer(root);
  if ('missing' in peer) console.log(`peer: skipped, ${peer.missing}`);
  const cli = join(root, 'dist', 'cli', 'main.js');
  const engineRun = (backend: BenchBackend, attribution: boolean) => () =>
    execFileSync(
      process.execPath,
      [cli, 'run', '--market', files[0], '--params', files[1], '--book', files[2], '--scenarios', String(scenarios), '--backend', backend,
        '--format', 'json', '--out', join(dir, `run-${backend}.json`), '--quiet', ...(attribution ? [] : ['--no-attribution'])],
      { stdio: ['ignore', 'ignore', 'ignore'] },
    );
  const peerRun = (dtype: 'f32' | 'f64') => () =>
    'script' in peer && execFileSync('python3', [peer.script, ...files, '--scenarios', String(scenarios), '--dtype', dtype], { stdio: 'ignore' });

  return options.backends.map((backend) => {
    const peerDtype = backend === 'gpu' ? 'f32' : 'f64';
    const times = { engine: [] as number[], attribution: [] as number[], peer: [] as number[], peerF32: [] as number[] };
    for (let round = 0; round < rounds; round++) {
      times.engine.push(seconds(engineRun(backend, false)));
      if ('script' in peer) times.peer.push(seconds(peerRun(peerDtype)));
      if ('script' in peer && backend === 'cpu') times.peerF32.push(seconds(peerRun('f32')));
      times.attribution.push(seconds(engineRun(backend, true)));
    }
    const engineSeconds = median(times.engine);
    const peerSeconds = times.peer.length ? median(times.peer) : undefined;
    const result: BackendComparison = {
      backend,
      peerDtype,
      engineSeconds,
      engineWithAttributionSeconds: median(times.attribution),
      peerSeconds,
      speedOverPeer: peerSeconds === undefined ? undefined : peerSeconds / engineSeconds,
      attributionOverhead: median(times.attribution) / engineSeconds,
      ...(times.peerF32.length ? { peerF32Seconds: median(times.peerF32), speedOverPeerF32: median(times.peerF32) / engineSeconds } : {}),
    };
    console.log(
      `margin run --backend ${backend} --no-attribution: ${engineSeconds.toFixed(2)} s` +
        (peerSeconds === undefined ? '' : `; numpy peer ${peerDtype}: ${peerSeconds.toFixed(2)} s; engine ${result.speedOverPeer!.toFixed(2)}x the peer's speed`) +
        (result.speedOverPeerF32 === undefined ? '' : `; numpy peer f32: ${result.peerF32Seconds!.toFixed(2)} s, engine ${result.speedOverPeerF32.toFixed(2)}x its speed`) +
        `; with attribution (the default): ${result.engineWithAttributionSeconds.toFixed(2)} s, ${result.attributionOverhead.toFixed(2)}x (median of ${rounds}, alternated)`,
    );
    return result;
  });
}
