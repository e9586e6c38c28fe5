import type { CascadeAccount } from './accounts.js';
import type { CascadeState } from './state.js';
import { resizeAtMark } from './variationMargin.js';

/** A position that may be deleveraged: its account, instrument, profit since t0 and rank. */
export interface AdlCandidate {
  account: CascadeAccount;
  instrument: number;
  /** Unrealized profit since t0 (USD): q·m·(V now − V today). */
  profit: number;
  /** Profit share × leverage: profit / entry notional × gross notional / mark value. */
  score: number;
}

/**
 * The positions that may cover a bankrupt account's shortfall, best ranked first: delta
 * exposure opposite to the bankrupt's in the same asset, in profit since t0, held by an account
 * with positive mark value. Ranked by profit share × leverage (as Binance and BitMEX rank), ties
 * by account index.
 */
export function rankAdlCandidates(state: CascadeState, bankrupt: CascadeAccount, exposure: ReadonlyMap<string, number>): AdlCandidate[] {
  const { plan } = state;
  const candidates: AdlCandidate[] = [];
  for (const account of state.accounts) {
    if (account === bankrupt || account.positions.length === 0) continue;
    const value = state.markValue(account);
    if (value <= 0) continue;
    const leverage = state.grossNotional(account) / value;
    for (const { instrument: i, quantity } of account.positions) {
      const bankruptSide = exposure.get(plan.underlyings[plan.underlyingIndex[i]]) ?? 0;
      if (bankruptSide === 0 || Math.sign(quantity * state.deltaPerContract[i]) === Math.sign(bankruptSide)) continue;
      const profit = quantity * plan.multiplier[i] * (state.prices.instrument[i] - plan.basePrice[i]);
      if (profit <= 0) continue;
      const entry = Math.abs(quantity * plan.multiplier[i] * plan.basePrice[i]) || 1;
      candidates.push({ account, instrument: i, profit, score: (profit / entry) * leverage });
    }
  }
  return candidates.sort((x, y) => y.score - x.score || x.account.index - y.account.index);
}

/**
 * Auto-deleveraging: the ranked candidates give up their profit on a part of their position,
 * closed at the bankruptcy price (their entry: the part's profit goes to the bankrupt account;
 * no market flow, no penalty), until `deficit` is covered. Returns what is left of it.
 */
export function autoDeleverage(state: CascadeState, bankrupt: CascadeAccount, deficit: number, exposure: ReadonlyMap<string, number>): number {
  for (const c of rankAdlCandidates(state, bankrupt, exposure)) {
    if (deficit <= 0) break;
    const j = c.account.positions.findIndex((h) => h.instrument === c.instrument);
    if (j < 0) continue;
    const amount = Math.min(deficit, c.profit);
    const dq = -c.account.positions[j].quantity * (amount / c.profit);
    // At mark, then the profit on the part back to the bankrupt: net, the part closes at entry.
    resizeAtMark(state, c.account, j, dq);
    c.account.cash -= amount;
    bankrupt.cash += amount;
    deficit -= amount;
    state.tally.adlAmount += amount;
    state.events.push({ step: state.step, kind: 'adl', account: bankrupt.id, counterparty: c.account.id, instrument: state.plan.instrumentIds[c.instrument], quantity: dq, amount, rankScore: c.score });
  }
  return deficit;
}
