import type { RiskPlan } from '../plan.js';

/**
 * Account P&L = Σ positions quantity × instrument P&L, over the sparse (CSR) positions.
 * `instrumentPnl` is scenario-major (count × instruments); `out` is account-major
 * (accounts × count) so that each account's losses are contiguous for tail selection.
 * Positions are summed in CSR order, so results do not depend on chunking.
 */
export function aggregateAccounts(plan: RiskPlan, instrumentPnl: Float64Array, count: number, out: Float64Array): void {
  const n = plan.instrumentIds.length;
  const accounts = plan.accountIds.length;
  const { accountOffsets, positionInstrument, positionQuantity } = plan;
  for (let a = 0; a < accounts; a++) {
    const first = accountOffsets[a];
    const end = accountOffsets[a + 1];
    for (let s = 0; s < count; s++) {
      let pnl = 0;
      const row = s * n;
      for (let p = first; p < end; p++) pnl += positionQuantity[p] * instrumentPnl[row + positionInstrument[p]];
      out[a * count + s] = pnl;
    }
  }
}
