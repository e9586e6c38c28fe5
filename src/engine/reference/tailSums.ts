import type { RiskPlan } from '../plan.js';
import { revalueScenarioListInto } from './instrumentBlock.js';
import type { InstrumentRange } from './revalue.js';

/**
 * The accounts' tails as rows of their union: `union` holds every scenario in some account's
 * tail, ascending; rows[a] account a's tail as indices into it, ascending.
 */
export interface TailRows {
  union: Uint32Array;
  rows: Int32Array[];
}

/**
 * Every position's sum of −quantity × P&L over its account's tail scenarios, the numerators of
 * the Euler allocation (margin/attribution.ts), accumulated over consecutive blocks of the union:
 * each position adds its account's rows in ascending order, block after block, so the sums are
 * the same bits whatever the blocks and whichever place computed which instruments' positions.
 *
 * A block's P&L is instrument-major over the block's scenarios (rows of `instruments` only).
 * The sums run instrument by instrument: an instrument's row over the block stays in cache while
 * every position on it gathers its account's rows (account by account, the gathers hopped
 * between instruments' rows across the whole block and waited on memory).
 */
export class PositionTailSums {
  /** Per position of the plan (CSR order); zero for positions outside the instruments summed. */
  readonly sums: Float64Array;
  private readonly byInstrument: PositionsByInstrument;
  /** Per account, its rows in the current block: [first[a], end[a]). */
  private readonly first: Int32Array;
  private readonly end: Int32Array;
  /** The union row the next block starts at. */
  private next = 0;

  constructor(
    private readonly plan: RiskPlan,
    private readonly rows: readonly Int32Array[],
    private readonly instruments: InstrumentRange = { from: 0, to: plan.instrumentIds.length },
  ) {
    this.sums = new Float64Array(plan.positionQuantity.length);
    this.byInstrument = positionsByInstrument(plan);
    this.first = new Int32Array(rows.length);
    this.end = new Int32Array(rows.length);
  }

  /** Adds union rows [start, start + count), whose P&L `pnl` holds (rows of the instruments summed). */
  addBlock(pnl: Float64Array, start: number, count: number): void {
    if (start !== this.next) throw new RangeError(`tail sums: blocks must follow each other from row 0 (expected ${this.next}, got ${start})`);
    this.next = start + count;
    const { rows, first, end, sums, byInstrument } = this;
    const quantities = this.plan.positionQuantity;
    for (let a = 0; a < rows.length; a++) {
      const accountRows = rows[a];
      let last = (first[a] = end[a]);
      while (last < accountRows.length && accountRows[last] < start + count) last++;
      end[a] = last;
    }
    for (let i = this.instruments.from; i < this.instruments.to; i++) {
      const base = (i - this.instruments.from) * count - start; // + union row = index in the block
      for (let j = byInstrument.offsets[i]; j < byInstrument.offsets[i + 1]; j++) {
        const p = byInstrument.positions[j];
        const a = byInstrument.accounts[j];
        const accountRows = rows[a];
        const quantity = quantities[p];
        let total = sums[p];
        for (let r = first[a]; r < end[a]; r++) total += -quantity * pnl[base + accountRows[r]];
        sums[p] = total;
      }
    }
  }
}

/**
 * The tail sums of the positions on instruments [from, to) computed in this thread: the union's
 * scenarios regenerated and revalued `blockSize` at a time, those instruments only (what each CPU
 * worker runs for its share of the instruments).
 */
export function positionTailSums(plan: RiskPlan, tails: TailRows, instruments: InstrumentRange, blockSize: number): Float64Array {
  const sums = new PositionTailSums(plan, tails.rows, instruments);
  // One block's moves and P&L, reused: fresh ones per block kept the garbage collector busy.
  const block = Math.min(blockSize, tails.union.length);
  const moves = new Float64Array(block * plan.factorCount);
  const pnl = new Float64Array(block * (instruments.to - instruments.from));
  for (let start = 0; start < tails.union.length; start += blockSize) {
    const count = Math.min(blockSize, tails.union.length - start);
    revalueScenarioListInto(plan, tails.union.subarray(start, start + count), instruments, moves, pnl);
    sums.addBlock(pnl.subarray(0, count * (instruments.to - instruments.from)), start, count);
  }
  return sums.sums;
}

interface PositionsByInstrument {
  offsets: Int32Array;
  positions: Int32Array;
  accounts: Int32Array;
}

/** The plan's positions grouped by instrument (CSR over instruments), each with its account; Int32 indices (V8 keeps them in registers). */
function positionsByInstrument(plan: RiskPlan): PositionsByInstrument {
  const instrumentCount = plan.instrumentIds.length;
  const offsets = new Int32Array(instrumentCount + 1);
  for (const i of plan.positionInstrument) offsets[i + 1]++;
  for (let i = 0; i < instrumentCount; i++) offsets[i + 1] += offsets[i];
  const fill = offsets.slice(0, instrumentCount);
  const positions = new Int32Array(plan.positionInstrument.length);
  const accounts = new Int32Array(plan.positionInstrument.length);
  for (let a = 0; a < plan.accountIds.length; a++) {
    for (let p = plan.accountOffsets[a]; p < plan.accountOffsets[a + 1]; p++) {
      const j = fill[plan.positionInstrument[p]]++;
      positions[j] = p;
      accounts[j] = a;
    }
  }
  return { offsets, positions, accounts };
}

/**
 * The tail sums of every position from instrument P&L blocks revalued elsewhere (`revalue`: a
 * block of union scenarios → I × n, as RiskEngine.revalueScenarios), `blockSize` scenarios a
 * block, the next block revalued while this thread sums the current one (the sums, and their
 * order, are the same).
 */
export async function sumRevaluedBlocks(
  plan: RiskPlan,
  tails: TailRows,
  revalue: (scenarios: Uint32Array) => Promise<Float64Array>,
  blockSize: number,
): Promise<Float64Array> {
  const { union } = tails;
  const sums = new PositionTailSums(plan, tails.rows);
  const request = (start: number) => revalue(union.subarray(start, Math.min(start + blockSize, union.length)));
  let next = union.length > 0 ? request(0) : undefined;
  for (let start = 0; start < union.length; start += blockSize) {
    const pnl = await next!;
    next = start + blockSize < union.length ? request(start + blockSize) : undefined;
    sums.addBlock(pnl, start, Math.min(blockSize, union.length - start));
  }
  return sums.sums;
}
