/**
 * How position marks turn into cash. A position's mark is `positionMark` (src/margin/
 * markToMarket.ts): q·m·V for spot and options, the unsettled variation margin q·m·(V − settled)
 * for futures and perpetuals. Two rules move a mark into the account's USD cash, each moving
 * exactly the mark, so the ledger (Σ mark value + fund + closing costs) does not change:
 * - settlement: after every market move, futures and perpetuals pay their variation margin
 *   into cash and settle at the new prices (their mark is 0 again);
 * - trading at mark: the part of a position that is closed (or taken by ADL) turns into cash
 *   at its mark (0 for futures and perpetuals, settled at this step's prices).
 */
import { holdsValue, positionMark, settlementScale } from '../engine/index.js';
import type { CascadeAccount, PriceState } from './accounts.js';
import type { CascadeState } from './state.js';

/**
 * Moves the market to `next` (`elapsedYears` after the start): settles the variation margin of
 * futures and perpetuals into cash and returns the step's market P&L, the change in value of
 * every holding (collateral at market, positions q·m·ΔV), which is all the ledger may move by.
 */
export function settleMarketMove(state: CascadeState, next: PriceState, elapsedYears: number): number {
  const { plan, prices, settled } = state;
  let marketPnl = 0;
  for (const account of state.accounts) {
    let pnl = 0;
    for (const [asset, amount] of Object.entries(account.balances)) pnl += amount * (next.asset[asset] - prices.asset[asset]);
    for (const { instrument: i, quantity } of account.positions) {
      // q·m·ΔV is the change of the position's mark for every kind (not a mark itself); an
      // inverse future's mark is its coin P&L at the index, S/F of that (positionMark).
      const scale = holdsValue(plan, i) ? 1 : settlementScale(plan, i, 0);
      pnl += quantity * plan.multiplier[i] * (next.instrument[i] - prices.instrument[i]) * scale;
      if (!holdsValue(plan, i)) account.cash += positionMark(plan, i, quantity, next.instrument[i], settled[i]);
    }
    marketPnl += pnl;
  }
  for (let i = 0; i < settled.length; i++) if (!holdsValue(plan, i)) settled[i] = next.instrument[i];
  state.prices = next;
  state.elapsedYears = elapsedYears;
  return marketPnl;
}

/**
 * Changes position j by dq contracts at mark: the mark of the part traded turns into cash. The
 * position stays listed even at 0 (a trial slice evaluates that state, then restores it).
 */
export function tradeAtMark(state: CascadeState, account: CascadeAccount, j: number, dq: number): void {
  const position = account.positions[j];
  const i = position.instrument;
  account.cash -= positionMark(state.plan, i, dq, state.prices.instrument[i], state.settled[i]);
  position.quantity += dq;
}

/** tradeAtMark, then drops the position once it is closed (what is left is rounding of its former size). */
export function resizeAtMark(state: CascadeState, account: CascadeAccount, j: number, dq: number): void {
  tradeAtMark(state, account, j, dq);
  const position = account.positions[j];
  if (Math.abs(position.quantity) <= 1e-12 * Math.abs(position.quantity - dq)) account.positions.splice(j, 1);
}
