import type { CascadeAccount } from './accounts.js';
import { autoDeleverage } from './autoDeleverage.js';
import type { CascadeState } from './state.js';

/**
 * Closes out an account: every position closed at the market with its closing cost and a
 * penalty capped at what the account has left (a penalty never creates bad debt), then any
 * shortfall covered (coverBadDebt). `exposure` is the account's delta exposure per asset when its
 * liquidation started: ADL looks for the opposite side of it.
 */
export function closeOut(state: CascadeState, account: CascadeAccount, exposure: ReadonlyMap<string, number>, reason: string, marketHealth: number): void {
  while (account.positions.length > 0) {
    const j = account.positions.length - 1;
    const dq = -account.positions[j].quantity;
    const { instrument, notional, cost } = state.closeAtMarket(account, j, dq);
    const penalty = Math.min(state.params.penaltyRate * notional, Math.max(0, state.markValue(account)));
    state.payPenalty(account, penalty);
    state.events.push({ step: state.step, kind: 'closeout', account: account.id, instrument, quantity: dq, notional, cost, penalty, reason, marketHealth });
  }
  account.closedOut = true;
  state.tally.closedOut++;
  state.tally.liquidated.add(account.index);
  coverBadDebt(state, account, exposure);
}

/**
 * Covers a negative mark value (bad debt) of a closed-out account: the insurance fund pays
 * first, up to its balance; then, with `adl` on, auto-deleveraging; what neither covers stays
 * as the account's negative value and is reported as uncovered.
 */
export function coverBadDebt(state: CascadeState, account: CascadeAccount, exposure: ReadonlyMap<string, number>): void {
  const value = state.markValue(account);
  if (value >= 0) return;
  let deficit = -value;
  state.tally.badDebt += deficit;
  deficit -= state.payFromFund(account, deficit);
  if (deficit > 0 && state.params.adl) deficit = autoDeleverage(state, account, deficit, exposure);
  if (deficit > 0) {
    state.tally.uncovered += deficit;
    state.events.push({ step: state.step, kind: 'uncovered', account: account.id, amount: deficit });
  }
}
