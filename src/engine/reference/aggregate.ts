import type { RiskPlan } from '../plan.js';

/**
 * Account P&L = Σ positions quantity × instrument P&L, over the sparse (CSR) positions.
 * `instrumentPnl` is instrument-major (instruments × count); `out` is account-major
 * (accounts × count) so that each account's losses are contiguous for tail selection. The
 * inner loop runs over scenarios, contiguous in both blocks; per scenario the positions are
 * still summed in CSR order starting from 0, so results do not depend on chunking.
 */
export function aggregateAccounts(plan: RiskPlan, instrumentPnl: Float64Array, count: number, out: Float64Array): void {
  const accounts = plan.accountIds.length;
  const { accountOffsets, positionInstrument, positionQuantity } = plan;
  out.fill(0, 0, accounts * count);
  for (let a = 0; a < accounts; a++) {
    const row = a * count;
    for (let p = accountOffsets[a]; p < accountOffsets[a + 1]; p++) {
      const quantity = positionQuantity[p];
      const column = positionInstrument[p] * count;
      for (let s = 0; s < count; s++) out[row + s] += quantity * instrumentPnl[column + s];
    }
  }
}
