/**
 * The value ledger of a cascade. Its total is Σ account equity at mark (collateral at market
 * value, cash, positions at mark; no haircuts: a haircut is a risk adjustment, not value) + the
 * insurance fund + the closing costs paid to the market so far. Liquidations, penalties,
 * insurance payouts and auto-deleveraging only move value between these; only market moves
 * (price changes, option time decay) change the total. After every step the ledger compares
 * the total with the previous one plus the step's market P&L and keeps the largest relative
 * residual: the run's `conservationError`.
 */
export class ValueLedger {
  private previous: number | undefined;
  maxResidual = 0;

  /**
   * Records the total after a step whose market moves were worth `marketPnl` (0 for the first)
   * and returns the step's relative residual |total − (previous + marketPnl)| / scale, with
   * scale = max(|previous|, |marketPnl|, 1).
   */
  close(total: number, marketPnl: number): number {
    if (this.previous === undefined) {
      this.previous = total;
      return 0;
    }
    const expected = this.previous + marketPnl;
    const scale = Math.max(Math.abs(this.previous), Math.abs(marketPnl), 1);
    const residual = Math.abs(total - expected) / scale;
    this.maxResidual = Math.max(this.maxResidual, residual);
    this.previous = total;
    return residual;
  }
}
