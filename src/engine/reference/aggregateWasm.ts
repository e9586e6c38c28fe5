import type { RiskPlan } from '../plan.js';
import { aggregateAccounts, AGGREGATION_BLOCK } from './aggregate.js';
import { aggregateWasmBase64 } from './aggregateWasmModule.js';
import { align, instantiateEmbedded, reserveMemory } from './embeddedWasm.js';

/**
 * The account aggregation of aggregate.ts in WebAssembly SIMD (assembly/aggregate.ts: f64x2,
 * two scenarios per vector), bit for bit the same sums: per scenario +0 plus quantity ×
 * instrument P&L for each position in CSR order, a multiply then an add, in the same blocks of
 * scenarios. Where WebAssembly or its SIMD is missing (or the memory cannot grow), the callers
 * use the JavaScript version, which stays the reference the tests compare against.
 *
 * Each thread (the main thread, every CPU worker, a browser Web Worker) has its own instance;
 * its memory holds, in this order from address 0: the loaded plan's positions (offsets,
 * instruments, quantities: copied in once per plan), the instrument P&L block (instruments ×
 * count f64), the account P&L block (accounts × count f64) and the accounts' tail candidates'
 * scenarios (accounts × count u32). The chunk pipeline revalues straight into the block's view,
 * and the kernel collects each account's tail candidates while its sums are in cache (the row
 * then holds them), so nothing is copied in or out and the rows are not read again. The memory
 * grows to the largest chunk seen (about the chunk's budget, cpuChunkSize, plus 4 bytes per
 * account and scenario) and is never given back: it is freed with the instance, when the
 * thread ends.
 */
export interface WasmAggregationBlock {
  /** Instrument-major P&L (instruments × count), to be filled before `aggregate`. */
  readonly instrumentPnl: Float64Array;
  /** Account-major P&L (accounts × count), written by `aggregate`. */
  readonly accountPnl: Float64Array;
  /**
   * accountPnl = the positions' sums over instrumentPnl (aggregateAccounts' numbers). With
   * `tails`, each account's tail candidates are collected as its sums are made (while they are
   * in cache), for `tailCandidates`; the rows of accountPnl then hold the candidates instead.
   */
  aggregate(tails?: { start: number; thresholds: Float64Array }): void;
  /**
   * After aggregate(tails): account `account`'s tail candidates, the losses (−P&L) at or above
   * its threshold (and any NaN) and their scenarios (start + s), in scenario order: what
   * TailAccumulator.addRows would append from the row. Views valid until the next call.
   */
  tailCandidates(account: number): { losses: Float64Array; scenarios: Uint32Array };
}

interface AggregateExports {
  memory: WebAssembly.Memory;
  aggregateBlock(
    accounts: number,
    count: number,
    from: number,
    width: number,
    offsets: number,
    instruments: number,
    quantities: number,
    pnl: number,
    out: number,
    bounds: number,
    kept: number,
    scenarios: number,
    start: number,
  ): void;
}

class WasmAggregation {
  /** The plan whose positions the memory holds (weakly: a finished plan is not kept alive). */
  private loaded: WeakRef<RiskPlan> | undefined;

  constructor(private readonly kernel: AggregateExports) {}

  /**
   * Views of a block of `count` scenarios for `plan` in this instance's memory (valid until the
   * next call on this instance), or undefined where the memory cannot hold it.
   */
  block(plan: RiskPlan, count: number): WasmAggregationBlock | undefined {
    const accounts = plan.accountIds.length;
    const instruments = plan.instrumentIds.length;
    const positions = plan.positionQuantity.length;
    // The layout follows from the plan's sizes alone: the positions stay put from chunk to chunk.
    const offsets = 0;
    const positionInstrument = align(offsets + 4 * (accounts + 1), 8);
    const positionQuantity = align(positionInstrument + 4 * positions, 8);
    const pnl = align(positionQuantity + 8 * positions, 16);
    const out = align(pnl + 8 * instruments * count, 16);
    const bounds = align(out + 8 * accounts * count, 16);
    const kept = bounds + 8 * accounts;
    const candidateScenarios = align(kept + 4 * accounts, 16);
    const end = candidateScenarios + 4 * accounts * count;
    const { memory, aggregateBlock } = this.kernel;
    if (!reserveMemory(memory, end)) return undefined;
    // Views are taken after any growth (growing detaches the previous buffer).
    const buffer = memory.buffer;
    if (this.loaded?.deref() !== plan) {
      // The kernel reads memory unchecked: a position on an instrument past the plan's would read
      // another block's bytes (JavaScript reads undefined, a NaN the tails refuse).
      for (let p = 0; p < positions; p++) {
        if (!(plan.positionInstrument[p] < instruments)) throw new RangeError(`position ${p} names instrument ${plan.positionInstrument[p]}; the plan has ${instruments}`);
      }
      new Uint32Array(buffer, offsets, accounts + 1).set(plan.accountOffsets);
      new Uint32Array(buffer, positionInstrument, positions).set(plan.positionInstrument);
      new Float64Array(buffer, positionQuantity, positions).set(plan.positionQuantity);
      this.loaded = new WeakRef(plan);
    }
    return {
      instrumentPnl: new Float64Array(buffer, pnl, instruments * count),
      accountPnl: new Float64Array(buffer, out, accounts * count),
      aggregate(tails) {
        if (tails) {
          const negated = new Float64Array(buffer, bounds, accounts);
          for (let a = 0; a < accounts; a++) negated[a] = -tails.thresholds[a];
          new Uint32Array(buffer, kept, accounts).fill(0);
        }
        // One call per block of scenarios: the engine's tiers optimise the kernel after its
        // first calls (a single call per chunk would run the first chunk unoptimised).
        for (let from = 0; from < count; from += AGGREGATION_BLOCK) {
          const width = Math.min(AGGREGATION_BLOCK, count - from);
          aggregateBlock(accounts, count, from, width, offsets, positionInstrument, positionQuantity, pnl, out, tails ? bounds : 0, kept, candidateScenarios, tails?.start ?? 0);
        }
      },
      tailCandidates(account) {
        const n = new Uint32Array(buffer, kept + 4 * account, 1)[0];
        return { losses: new Float64Array(buffer, out + 8 * account * count, n), scenarios: new Uint32Array(buffer, candidateScenarios + 4 * account * count, n) };
      },
    };
  }
}

let instance: WasmAggregation | null | undefined;

/** This thread's instance, or null where WebAssembly SIMD is not available (then use aggregateAccounts). */
export function wasmAggregation(): WasmAggregation | null {
  if (instance === undefined) instance = instantiate();
  return instance;
}

function instantiate(): WasmAggregation | null {
  const kernel = instantiateEmbedded<AggregateExports>(aggregateWasmBase64);
  return kernel && new WasmAggregation(kernel);
}

/**
 * aggregateAccounts' signature and numbers through the WebAssembly kernel, copying the block
 * in and the sums out (the JavaScript version where WebAssembly SIMD is unavailable).
 */
export function aggregateAccountsWasm(plan: RiskPlan, instrumentPnl: Float64Array, count: number, out: Float64Array): void {
  const block = wasmAggregation()?.block(plan, count);
  if (!block) {
    aggregateAccounts(plan, instrumentPnl, count, out);
    return;
  }
  block.instrumentPnl.set(instrumentPnl.subarray(0, block.instrumentPnl.length));
  block.aggregate();
  out.set(block.accountPnl);
}

export type { WasmAggregation };
