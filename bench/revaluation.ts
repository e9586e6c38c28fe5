/**
 * The CPU backend's revaluation, A/B in one process: revalueInstruments with the option rows in
 * JavaScript (the reference loop) against the WebAssembly SIMD kernel (revalueWasm.ts), over
 * every chunk of BENCH_SCENARIOS (default 100,000) scenarios of the benchmark book (1,000
 * accounts, 300 instruments) in the engine's CPU chunk size for 2 workers, one thread. The moves
 * are generated outside the timed part. Variants alternated round by round, median of
 * BENCH_ROUNDS (default 5); every value of the kernel's rows is checked to be the reference's.
 *
 * `npm run build && node dist/bench/revaluation.js`
 */
import { cpuChunkSize } from '../src/engine/chunking.js';
import { revalueInstruments } from '../src/engine/reference/revalue.js';
import { wasmOptionRevaluation } from '../src/engine/reference/revalueWasm.js';
import { generateMoves } from '../src/engine/reference/scenarios.js';
import { prepareRisk } from '../src/engine/risk.js';
import { generateVenue } from '../src/sample/generate.js';
import { median } from './median.js';

const envInt = (name: string, fallback: number) => (process.env[name] ? Number(process.env[name]) : fallback);

export interface RevaluationBench {
  scenarios: number;
  chunk: number;
  instruments: number;
  rounds: number;
  /** Median seconds for all the chunks' revaluation, per variant. */
  javascriptSeconds: number;
  wasmSeconds: number;
  /** Median of the per-round ratios JavaScript / WebAssembly. */
  speedup: number;
}

export function runRevaluationBench(accounts = 1000, instruments = 300, scenarios = 100_000, rounds = 5, workers = 2): RevaluationBench {
  const plan = prepareRisk(generateVenue({ accounts, instruments, seed: 1 }), { scenarios });
  const kernel = wasmOptionRevaluation();
  if (!kernel) throw new Error("WebAssembly SIMD is not available here, or Math.exp is not fdlibm's");
  const i = plan.instrumentIds.length;
  const chunk = cpuChunkSize(scenarios, i, accounts, plan.factorCount, workers);
  const chunks: { start: number; moves: Float64Array; count: number }[] = [];
  for (let start = 0; start < scenarios; start += chunk) {
    const count = Math.min(chunk, scenarios - start);
    const moves = new Float64Array(count * plan.factorCount);
    generateMoves(plan, start, count, moves);
    chunks.push({ start, moves, count });
  }
  const javascriptRows = chunks.map(({ count }) => new Float64Array(count * i));
  const wasmRows = chunks.map(({ count }) => new Float64Array(count * i));
  const timed = (rows: Float64Array[], withKernel: boolean) => {
    const t = performance.now();
    chunks.forEach(({ moves, count }, c) => revalueInstruments(plan, moves, count, rows[c], withKernel ? kernel : null));
    return (performance.now() - t) / 1000;
  };
  timed(javascriptRows, false);
  timed(wasmRows, true);
  chunks.forEach((_, c) => {
    const [a, b] = [wasmRows[c], javascriptRows[c]];
    for (let j = 0; j < a.length; j++) if (!Object.is(a[j], b[j])) throw new Error(`chunk ${c}, element ${j}: WebAssembly ${a[j]}, JavaScript ${b[j]}`);
  });
  const javascript: number[] = [];
  const wasm: number[] = [];
  for (let r = 0; r < rounds; r++) {
    javascript.push(timed(javascriptRows, false));
    wasm.push(timed(wasmRows, true));
  }
  return {
    scenarios,
    chunk,
    instruments: i,
    rounds,
    javascriptSeconds: median(javascript),
    wasmSeconds: median(wasm),
    speedup: median(javascript.map((t, r) => t / wasm[r])),
  };
}

export function formatRevaluationBench(b: RevaluationBench): string {
  const rate = (s: number) => `${((b.instruments * b.scenarios) / s / 1e6).toFixed(0)} M instrument-scenarios/s`;
  return [
    `revaluation, ${b.scenarios} scenarios in chunks of ${b.chunk}, ${b.instruments} instruments, one thread (median of ${b.rounds}, alternated):`,
    `  JavaScript (reference)         ${b.javascriptSeconds.toFixed(3)} s  ${rate(b.javascriptSeconds)}`,
    `  WebAssembly SIMD options       ${b.wasmSeconds.toFixed(3)} s  ${rate(b.wasmSeconds)}  ${b.speedup.toFixed(2)}x`,
    `  (every value is the reference's bits)`,
  ].join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const result = runRevaluationBench(envInt('BENCH_ACCOUNTS', 1000), envInt('BENCH_INSTRUMENTS', 300), envInt('BENCH_SCENARIOS', 100_000), envInt('BENCH_ROUNDS', 5));
  console.log(formatRevaluationBench(result));
}
