import { splitScenarios } from '../chunking.js';
import type { RiskPlan } from '../plan.js';
import { stressMoves } from './stressMoves.js';
import { type InstrumentRange, revalueInstruments } from './revalue.js';
import { generateMoves } from './scenarios.js';

/**
 * The whole InstrumentPnlBlock of a plan, kept in memory: P&L per contract of every instrument
 * in every Monte Carlo scenario (instrument-major, `pnl[i·S + s]`), plus the moves that
 * produced it (`moves[s·F + f]`) so that an instrument added later (a what-if trade in an
 * instrument nobody holds) is revalued on exactly the same scenarios.
 *
 * The engine streams this block chunk by chunk and never keeps it: 2,000,000 scenarios × a
 * few hundred instruments would not fit. Only incremental work (what-if) asks for it, on a
 * scenario count that fits `maxBytes`.
 */
export interface InstrumentBlock {
  scenarioCount: number;
  instrumentCount: number;
  moves: Float64Array;
  pnl: Float64Array;
}

export interface InstrumentBlockOptions {
  /** Scenarios revalued per step (bounds the temporary buffers); results do not depend on it. */
  chunkSize?: number;
  /** Refuse blocks larger than this (default 2 GiB). */
  maxBytes?: number;
}

/**
 * Revalues every plan instrument over all plan scenarios, chunk by chunk, with the engine's own
 * stages (generateMoves, revalueInstruments), so each value is bit-identical to the one the CPU
 * engine aggregates.
 */
export function computeInstrumentBlock(plan: RiskPlan, options: InstrumentBlockOptions = {}): InstrumentBlock {
  const scenarios = plan.scenarioCount;
  const instruments = plan.instrumentIds.length;
  const factors = plan.factorCount;
  checkBlockSize(plan, options.maxBytes);
  const moves = new Float64Array(scenarios * factors);
  const pnl = new Float64Array(scenarios * instruments);
  const chunkSize = options.chunkSize ?? 4096;
  const chunkPnl = new Float64Array(Math.min(chunkSize, scenarios) * instruments);
  for (const { start, count } of splitScenarios(scenarios, chunkSize)) {
    const chunkMoves = moves.subarray(start * factors, (start + count) * factors);
    generateMoves(plan, start, count, chunkMoves);
    revalueInstruments(plan, chunkMoves, count, chunkPnl);
    for (let i = 0; i < instruments; i++) {
      pnl.set(chunkPnl.subarray(i * count, (i + 1) * count), i * scenarios + start);
    }
  }
  return { scenarioCount: scenarios, instrumentCount: instruments, moves, pnl };
}

/** The Monte Carlo moves of every plan scenario (`moves[s·F + f]`), as computeInstrumentBlock keeps them. */
export function computeScenarioMoves(plan: RiskPlan, options: InstrumentBlockOptions = {}): Float64Array {
  checkBlockSize(plan, options.maxBytes);
  const moves = new Float64Array(plan.scenarioCount * plan.factorCount);
  for (const { start, count } of splitScenarios(plan.scenarioCount, options.chunkSize ?? 4096)) {
    generateMoves(plan, start, count, moves.subarray(start * plan.factorCount, (start + count) * plan.factorCount));
  }
  return moves;
}

/** Refuses a block (P&L and moves) larger than `maxBytes` (default 2 GiB), before allocating it. */
export function checkBlockSize(plan: RiskPlan, maxBytes = 2 ** 31): void {
  const scenarios = plan.scenarioCount;
  const instruments = plan.instrumentIds.length;
  const bytes = 8 * scenarios * (instruments + plan.factorCount);
  if (bytes > maxBytes) {
    throw new RangeError(
      `instrument P&L block of ${instruments} instruments × ${scenarios} scenarios needs ${(bytes / 2 ** 20).toFixed(0)} MiB ` +
        `(limit ${(maxBytes / 2 ** 20).toFixed(0)} MiB): use fewer scenarios for what-if`,
    );
  }
}

/** P&L per contract of every plan instrument over the stress grid (instrument-major: I × G). */
export function computeStressBlock(plan: RiskPlan): Float64Array {
  const count = plan.stress.length;
  const out = new Float64Array(count * plan.instrumentIds.length);
  revalueInstruments(plan, stressMoves(plan), count, out);
  return out;
}

/**
 * Instrument P&L over an arbitrary list of scenario indices (instrument-major: I × n, or the
 * rows of `instruments` only), each scenario regenerated alone from its Philox counter. Used to
 * attribute an account's tail: the values are bit-identical to the engine's for the same
 * scenarios.
 */
export function revalueScenarioList(plan: RiskPlan, scenarios: ArrayLike<number>, instruments: InstrumentRange = { from: 0, to: plan.instrumentIds.length }): Float64Array {
  const n = scenarios.length;
  const out = new Float64Array(n * (instruments.to - instruments.from));
  revalueScenarioListInto(plan, scenarios, instruments, new Float64Array(n * plan.factorCount), out);
  return out;
}

/** revalueScenarioList into the caller's buffers (moves: at least n × factors; out: n × the instruments), reused block after block. */
export function revalueScenarioListInto(plan: RiskPlan, scenarios: ArrayLike<number>, instruments: InstrumentRange, moves: Float64Array, out: Float64Array): void {
  const n = scenarios.length;
  const factors = plan.factorCount;
  for (let j = 0; j < n; j++) generateMoves(plan, scenarios[j], 1, moves.subarray(j * factors, (j + 1) * factors));
  revalueInstruments(plan, moves.subarray(0, n * factors), n, out.subarray(0, n * (instruments.to - instruments.from)), undefined, instruments);
}
