import type { RiskPlan } from '../plan.js';

/** Scenarios summed together: a block of every instrument's P&L rows (300 × 256 × 8 B = 600 KiB) stays in cache. */
export const AGGREGATION_BLOCK = 256;
const BLOCK = AGGREGATION_BLOCK;

/**
 * Account P&L = Σ positions quantity × instrument P&L, over the sparse (CSR) positions.
 * `instrumentPnl` is instrument-major (instruments × count); `out` is account-major
 * (accounts × count) so that each account's losses are contiguous for tail selection. Per
 * scenario the positions are summed in CSR order starting from 0, so results do not depend on
 * chunking.
 *
 * The scenarios go in blocks of BLOCK: within a block every account reads the same columns of the
 * instrument block, which stay in the processor's cache instead of being streamed from memory
 * once per position (the instrument block of a chunk is tens of MiB); the account's sums for the
 * block are kept in a small array until its last position is added.
 */
export function aggregateAccounts(plan: RiskPlan, instrumentPnl: Float64Array, count: number, out: Float64Array): void {
  const accounts = plan.accountIds.length;
  const { accountOffsets, positionInstrument, positionQuantity } = plan;
  const sums = new Float64Array(BLOCK);
  for (let from = 0; from < count; from += BLOCK) {
    const width = Math.min(BLOCK, count - from);
    for (let a = 0; a < accounts; a++) {
      sums.fill(0, 0, width);
      const end = accountOffsets[a + 1];
      let p = accountOffsets[a];
      // Four positions per pass over the block: the running sum of a scenario stays in a
      // register for four products (added in CSR order all the same) instead of four loads and stores.
      for (; p + 4 <= end; p += 4) {
        const [q0, q1, q2, q3] = [positionQuantity[p], positionQuantity[p + 1], positionQuantity[p + 2], positionQuantity[p + 3]];
        const c0 = positionInstrument[p] * count + from;
        const c1 = positionInstrument[p + 1] * count + from;
        const c2 = positionInstrument[p + 2] * count + from;
        const c3 = positionInstrument[p + 3] * count + from;
        for (let s = 0; s < width; s++) {
          let sum = sums[s];
          sum += q0 * instrumentPnl[c0 + s];
          sum += q1 * instrumentPnl[c1 + s];
          sum += q2 * instrumentPnl[c2 + s];
          sum += q3 * instrumentPnl[c3 + s];
          sums[s] = sum;
        }
      }
      for (; p < end; p++) {
        const quantity = positionQuantity[p];
        const column = positionInstrument[p] * count + from;
        for (let s = 0; s < width; s++) sums[s] += quantity * instrumentPnl[column + s];
      }
      out.set(width === BLOCK ? sums : sums.subarray(0, width), a * count + from);
    }
  }
}
