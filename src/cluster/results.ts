import type { SimulationResult, TailCandidates } from '../engine/index.js';
import { decodeBundle, encodeBundle, type TypedArray } from './bundle.js';
import type { RevalueResultMeta, SimulateResultMeta } from './protocol.js';

/**
 * A simulate shard's result: per account of its block, the range's tail (the k worst losses of
 * the range, with their scenarios) as candidates for the exact merge, less those below the
 * run's thresholds; and the block's stress P&L when the shard reports the grid.
 *
 * Pruning is exact: a threshold is the k-th worst loss among candidates the coordinator has
 * already merged (a set of the run's own losses), so at least k losses of the run are at or
 * above it and a loss below it can never be among an account's k worst. Ties at the threshold
 * are kept (the tail orders ties by scenario index).
 */
export function encodeSimulateResult(result: SimulationResult, thresholds: Float64Array | undefined): { bundle: Buffer; candidates: number; pruned: number } {
  const accounts = result.tails.length;
  if (thresholds && thresholds.length !== accounts) throw new RangeError(`thresholds for ${thresholds.length} accounts, the shard has ${accounts}`);
  const offsets = new Uint32Array(accounts + 1);
  let total = 0;
  let kept = 0;
  for (let a = 0; a < accounts; a++) {
    const losses = result.tails[a].losses;
    total += losses.length;
    const threshold = thresholds ? thresholds[a] : -Infinity;
    for (let j = 0; j < losses.length; j++) if (losses[j] >= threshold) kept++;
    offsets[a + 1] = kept;
  }
  const losses = new Float64Array(kept);
  const scenarios = new Uint32Array(kept);
  let at = 0;
  for (let a = 0; a < accounts; a++) {
    const tail = result.tails[a];
    const threshold = thresholds ? thresholds[a] : -Infinity;
    for (let j = 0; j < tail.losses.length; j++) {
      if (tail.losses[j] < threshold) continue;
      losses[at] = tail.losses[j];
      scenarios[at++] = tail.scenarios[j];
    }
  }
  const stressCount = accounts > 0 ? result.stressPnl.length / accounts : 0;
  const meta: SimulateResultMeta = { kind: 'simulate', accounts, timings: result.timings, chunkCount: result.chunkCount, wallMs: result.wallMs, stressCount };
  const sections: Record<string, TypedArray> = { offsets, losses, scenarios };
  if (result.stressPnl.length > 0) sections.stress = result.stressPnl;
  return { bundle: encodeBundle(meta, sections), candidates: kept, pruned: total - kept };
}

export interface DecodedSimulateResult {
  meta: SimulateResultMeta;
  candidates: TailCandidates;
  stress?: Float64Array;
}

export function decodeSimulateResult(bytes: Uint8Array): DecodedSimulateResult {
  const { meta, sections } = decodeBundle<SimulateResultMeta>(bytes);
  if (meta.kind !== 'simulate') throw new RangeError(`expected a simulate result, got ${meta.kind}`);
  const candidates: TailCandidates = {
    offsets: sections.offsets as Uint32Array,
    losses: sections.losses as Float64Array,
    scenarios: sections.scenarios as Uint32Array,
  };
  if (candidates.offsets.length !== meta.accounts + 1) throw new RangeError(`simulate result: ${candidates.offsets.length} offsets for ${meta.accounts} accounts`);
  return { meta, candidates, stress: sections.stress as Float64Array | undefined };
}

/**
 * A revalue shard's result: the listed scenarios' instrument P&L (I × n). The GPU's values are
 * f32 widened to f64, so they travel as f32, exactly (checked value by value; f64 otherwise).
 */
export function encodeRevalueResult(pnl: Float64Array, instruments: number, count: number): Buffer {
  let asF32 = true;
  for (let j = 0; j < pnl.length && asF32; j++) asF32 = Math.fround(pnl[j]) === pnl[j] || Number.isNaN(pnl[j]);
  const meta: RevalueResultMeta = { kind: 'revalue', instruments, count };
  return encodeBundle(meta, { pnl: asF32 ? Float32Array.from(pnl) : pnl });
}

export function decodeRevalueResult(bytes: Uint8Array): { meta: RevalueResultMeta; pnl: Float64Array } {
  const { meta, sections } = decodeBundle<RevalueResultMeta>(bytes);
  if (meta.kind !== 'revalue') throw new RangeError(`expected a revalue result, got ${meta.kind}`);
  const pnl = sections.pnl instanceof Float64Array ? sections.pnl : Float64Array.from(sections.pnl as Float32Array);
  if (pnl.length !== meta.instruments * meta.count) throw new RangeError(`revalue result: ${pnl.length} values for ${meta.instruments} × ${meta.count}`);
  return { meta, pnl };
}
