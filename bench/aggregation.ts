/**
 * The CPU backend's account aggregation, A/B in one process: the JavaScript reference
 * (aggregateAccounts, a fresh output block per chunk as the chunk pipeline had it, and into one
 * reused output: the kernel alone) against the
 * WebAssembly SIMD kernel, copying the instrument block in and the sums out
 * (aggregateAccountsWasm), and in place (the chunk pipeline's way: the revaluation writes into
 * the instance's memory and the tails read from it). The benchmark book (1,000 accounts, 300
 * instruments), the engine's CPU chunk size for 2 workers; one chunk's real instrument P&L,
 * aggregated for every chunk of BENCH_SCENARIOS (default 100,000) scenarios. Variants
 * alternated round by round, median of BENCH_ROUNDS (default 5). Every variant's sums are
 * checked to be the reference's bits.
 *
 * `npm run build && node dist/bench/aggregation.js`
 */
import { cpuChunkSize } from '../src/engine/chunking.js';
import { aggregateAccounts } from '../src/engine/reference/aggregate.js';
import { aggregateAccountsWasm, wasmAggregation } from '../src/engine/reference/aggregateWasm.js';
import { revalueInstruments } from '../src/engine/reference/revalue.js';
import { generateMoves } from '../src/engine/reference/scenarios.js';
import { prepareRisk } from '../src/engine/risk.js';
import { generateVenue } from '../src/sample/generate.js';
import { median } from './median.js';

const envInt = (name: string, fallback: number) => (process.env[name] ? Number(process.env[name]) : fallback);

export interface AggregationBench {
  scenarios: number;
  chunk: number;
  positions: number;
  rounds: number;
  /** Median seconds over all chunks of the scenarios, per variant. */
  jsSeconds: number;
  jsReusedSeconds: number;
  wasmCopySeconds: number;
  wasmInPlaceSeconds: number;
  /** Median of the per-round ratios js / variant. */
  speedupCopy: number;
  speedupInPlace: number;
  /** In place against the JavaScript kernel into a reused output: the kernels alone. */
  speedupKernel: number;
  /** One chunk's aggregation and tail stage (WebAssembly sums), the rows scanned after or the candidates collected with the sums; first and later chunk. */
  tailFirstSeparateSeconds: number;
  tailFirstFusedSeconds: number;
  tailLaterSeparateSeconds: number;
  tailLaterFusedSeconds: number;
}

export function runAggregationBench(accounts = 1000, instruments = 300, scenarios = 100_000, rounds = 5, workers = 2): AggregationBench {
  const venue = generateVenue({ accounts, instruments, seed: 1 });
  const plan = prepareRisk(venue, { scenarios });
  const wasm = wasmAggregation();
  if (!wasm) throw new Error('WebAssembly SIMD is not available in this runtime');
  const a = plan.accountIds.length;
  const i = plan.instrumentIds.length;
  const chunk = cpuChunkSize(scenarios, i, a, plan.factorCount, workers);
  const chunks: number[] = [];
  for (let start = 0; start < scenarios; start += chunk) chunks.push(Math.min(chunk, scenarios - start));

  const moves = new Float64Array(chunk * plan.factorCount);
  generateMoves(plan, 0, chunk, moves);
  const pnl = new Float64Array(chunk * i);
  revalueInstruments(plan, moves, chunk, pnl);
  // A short chunk aggregates the first `count` scenarios' rows laid out for its own count.
  const pnlFor = new Map<number, Float64Array>();
  for (const count of new Set(chunks)) {
    const block = new Float64Array(count * i);
    for (let r = 0; r < i; r++) block.set(pnl.subarray(r * chunk, r * chunk + count), r * count);
    pnlFor.set(count, block);
  }

  // Each variant returns its seconds; its sums are checked against the reference's outside them.
  const reference = new Map<number, Float64Array>();
  const check = (name: string, count: number, out: Float64Array) => {
    const expected = reference.get(count)!;
    for (let j = 0; j < out.length; j++) {
      if (!Object.is(out[j], expected[j])) throw new Error(`${name}: element ${j} is ${out[j]}, the reference ${expected[j]}`);
    }
  };
  const js = () => {
    const t = performance.now();
    for (const count of chunks) {
      const out = new Float64Array(a * count);
      aggregateAccounts(plan, pnlFor.get(count)!, count, out);
      reference.set(count, out);
    }
    return (performance.now() - t) / 1000;
  };
  // The kernel alone: the JavaScript version into one reused output (no allocation per chunk).
  const reused = new Float64Array(a * chunk);
  const jsReused = () => {
    const t = performance.now();
    for (const count of chunks) aggregateAccounts(plan, pnlFor.get(count)!, count, reused);
    return (performance.now() - t) / 1000;
  };
  const wasmCopy = () => {
    const outs: Float64Array[] = [];
    const t = performance.now();
    for (const count of chunks) {
      const out = new Float64Array(a * count);
      aggregateAccountsWasm(plan, pnlFor.get(count)!, count, out);
      outs.push(out);
    }
    const seconds = (performance.now() - t) / 1000;
    outs.forEach((out, c) => check('wasm (copy)', chunks[c], out));
    return seconds;
  };
  // In place: the block is filled outside the timed part, as the revaluation fills it in the pipeline.
  const wasmInPlace = () => {
    let seconds = 0;
    for (const count of chunks) {
      const block = wasm.block(plan, count)!;
      block.instrumentPnl.set(pnlFor.get(count)!);
      const t = performance.now();
      block.aggregate();
      seconds += (performance.now() - t) / 1000;
      check('wasm (in place)', count, block.accountPnl);
    }
    return seconds;
  };

  js();
  jsReused();
  wasmCopy();
  wasmInPlace();
  const jsTimes: number[] = [];
  const reusedTimes: number[] = [];
  const copyTimes: number[] = [];
  const inPlaceTimes: number[] = [];
  for (let r = 0; r < rounds; r++) {
    jsTimes.push(js());
    reusedTimes.push(jsReused());
    copyTimes.push(wasmCopy());
    inPlaceTimes.push(wasmInPlace());
  }
  // Aggregation and the tail stage of one chunk, for every account: the WebAssembly sums, then
  // each row scanned in JavaScript for the losses at or above its threshold (what
  // TailAccumulator.addRows appends), against the kernel that collects those candidates while
  // the sums are in cache. For the first chunk (no thresholds yet: every loss a candidate) and a
  // later one (thresholds at the k-th worst of half the run: ~k·count/(scenarios/2) per row).
  const k = plan.tailCount;
  const rows = new Float64Array(a * chunk);
  aggregateAccounts(plan, pnl, chunk, rows);
  const later = new Float64Array(a);
  for (let r = 0; r < a; r++) {
    const losses = rows.subarray(r * chunk, (r + 1) * chunk).map((x) => -x).sort().reverse();
    later[r] = losses[Math.min(chunk - 1, Math.floor((k * chunk) / (scenarios / 2)))];
  }
  const first = new Float64Array(a).fill(-Infinity);
  const keptLosses = new Float64Array(chunk);
  const keptScenarios = new Uint32Array(chunk);
  const separate = (thresholds: Float64Array) => {
    const block = wasm.block(plan, chunk)!;
    block.instrumentPnl.set(pnl);
    const t = performance.now();
    block.aggregate();
    const tails = Array.from({ length: a }, (_, r) => {
      let kept = 0;
      for (let j = 0; j < chunk; j++) {
        const loss = -block.accountPnl[r * chunk + j];
        if (loss < thresholds[r]) continue;
        keptLosses[kept] = loss;
        keptScenarios[kept++] = j;
      }
      return { losses: keptLosses.slice(0, kept), scenarios: keptScenarios.slice(0, kept) };
    });
    return { seconds: (performance.now() - t) / 1000, tails };
  };
  const fused = (thresholds: Float64Array) => {
    const block = wasm.block(plan, chunk)!;
    block.instrumentPnl.set(pnl);
    const t = performance.now();
    block.aggregate({ start: 0, thresholds });
    const tails = Array.from({ length: a }, (_, r) => {
      const c = block.tailCandidates(r);
      return { losses: c.losses.slice(), scenarios: c.scenarios.slice() };
    });
    return { seconds: (performance.now() - t) / 1000, tails };
  };
  const sameTails = (x: ReturnType<typeof fused>['tails'], y: ReturnType<typeof fused>['tails']) =>
    x.every((tail, r) => tail.losses.length === y[r].losses.length && tail.losses.every((l: number, j: number) => Object.is(l, y[r].losses[j]) && tail.scenarios[j] === y[r].scenarios[j]));
  const tailTimes = { firstSeparate: [] as number[], firstFused: [] as number[], laterSeparate: [] as number[], laterFused: [] as number[] };
  for (let r = 0; r <= rounds; r++) {
    const fs = separate(first);
    const ff = fused(first);
    const ls = separate(later);
    const lf = fused(later);
    if (!sameTails(fs.tails, ff.tails) || !sameTails(ls.tails, lf.tails)) throw new Error('tail candidates: the two paths collect different candidates');
    if (r === 0) continue; // warm-up
    tailTimes.firstSeparate.push(fs.seconds);
    tailTimes.firstFused.push(ff.seconds);
    tailTimes.laterSeparate.push(ls.seconds);
    tailTimes.laterFused.push(lf.seconds);
  }

  return {
    tailFirstSeparateSeconds: median(tailTimes.firstSeparate),
    tailFirstFusedSeconds: median(tailTimes.firstFused),
    tailLaterSeparateSeconds: median(tailTimes.laterSeparate),
    tailLaterFusedSeconds: median(tailTimes.laterFused),
    scenarios,
    chunk,
    positions: plan.positionQuantity.length,
    rounds,
    jsSeconds: median(jsTimes),
    jsReusedSeconds: median(reusedTimes),
    wasmCopySeconds: median(copyTimes),
    wasmInPlaceSeconds: median(inPlaceTimes),
    speedupCopy: median(jsTimes.map((t, r) => t / copyTimes[r])),
    speedupInPlace: median(jsTimes.map((t, r) => t / inPlaceTimes[r])),
    speedupKernel: median(reusedTimes.map((t, r) => t / inPlaceTimes[r])),
  };
}

export function formatAggregationBench(b: AggregationBench): string {
  const rate = (s: number) => `${((b.positions * b.scenarios) / s / 1e6).toFixed(0)} M position-scenarios/s`;
  return [
    `aggregation, ${b.scenarios} scenarios in chunks of ${b.chunk}, ${b.positions} positions, one thread (median of ${b.rounds}, alternated):`,
    `  JavaScript (reference)         ${b.jsSeconds.toFixed(3)} s  ${rate(b.jsSeconds)}`,
    `  JavaScript, output reused      ${b.jsReusedSeconds.toFixed(3)} s  ${rate(b.jsReusedSeconds)}`,
    `  WebAssembly SIMD, copy in/out  ${b.wasmCopySeconds.toFixed(3)} s  ${rate(b.wasmCopySeconds)}  ${b.speedupCopy.toFixed(2)}x`,
    `  WebAssembly SIMD, in place     ${b.wasmInPlaceSeconds.toFixed(3)} s  ${rate(b.wasmInPlaceSeconds)}  ${b.speedupInPlace.toFixed(2)}x (${b.speedupKernel.toFixed(2)}x the reused-output JavaScript)`,
    `  (every variant's sums are the reference's bits)`,
    `aggregation and tail stage of one chunk (${b.chunk} scenarios, every account; median of ${b.rounds}, alternated), WebAssembly sums:`,
    `  first chunk (every loss a candidate)  rows scanned after ${(b.tailFirstSeparateSeconds * 1e3).toFixed(1)} ms, candidates with the sums ${(b.tailFirstFusedSeconds * 1e3).toFixed(1)} ms`,
    `  later chunk (~2% candidates)         rows scanned after ${(b.tailLaterSeparateSeconds * 1e3).toFixed(1)} ms, candidates with the sums ${(b.tailLaterFusedSeconds * 1e3).toFixed(1)} ms`,
  ].join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const result = runAggregationBench(envInt('BENCH_ACCOUNTS', 1000), envInt('BENCH_INSTRUMENTS', 300), envInt('BENCH_SCENARIOS', 100_000), envInt('BENCH_ROUNDS', 5));
  console.log(formatAggregationBench(result));
}
