/**
 * Auto-deleveraging alone, on a hand-built state (handBuiltState.ts): BTC at 80,000 against
 * 95,250 today (t0), so every short BTC perpetual has 15,250 of profit per BTC, a profit share
 * s = 15,250 / 95,250 of its entry notional. The bankrupt account was long BTC.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { autoDeleverage, rankAdlCandidates } from '../../src/liquidation/autoDeleverage.js';
import type { LiquidationEvent } from '../../src/liquidation/events.js';
import { expectClose, expectRelClose } from '../helpers/expectClose.js';
import { account, BTC_PERP, checkPlanFacts, ETH_PERP, expectLedgerConserved, handState } from './handBuiltState.js';

beforeAll(() => checkPlanFacts());

const s = 15_250 / 95_250;
const LONG_BTC = new Map([['BTC', 160_000]]);

/**
 * Leverage = gross notional / mark value (perpetuals settled: mark value = cash):
 * short-A 2 BTC on 80,000 → 2; short-B 5 BTC on 400,000 → 1; short-C 1 BTC on 20,000 → 4.
 * Not candidates: long-D (same side as the bankrupt), short-E (ETH: the bankrupt held no ETH,
 * though the short is in profit, 3,412 → 3,000), broke-F (mark value ≤ 0).
 */
function book() {
  const accounts = [
    account(0, 'bankrupt', [], -50_000),
    account(1, 'short-A', [[BTC_PERP, -2]], 80_000),
    account(2, 'short-B', [[BTC_PERP, -5]], 400_000),
    account(3, 'short-C', [[BTC_PERP, -1]], 20_000),
    account(4, 'long-D', [[BTC_PERP, 1]], 50_000),
    account(5, 'short-E', [[ETH_PERP, -10]], 10_000),
    account(6, 'broke-F', [[BTC_PERP, -1]], -100_000),
  ];
  return { accounts, state: handState(accounts) };
}

describe('auto-deleveraging (alone)', () => {
  it('ranks the opposite, profitable positions by profit share × leverage', () => {
    const { accounts, state } = book();
    const ranked = rankAdlCandidates(state, accounts[0], LONG_BTC);
    expect(ranked.map((c) => c.account.id)).toEqual(['short-C', 'short-A', 'short-B']);
    expect(ranked.map((c) => c.profit)).toEqual([15_250, 30_500, 76_250]);
    [4 * s, 2 * s, 1 * s].forEach((score, k) => expectRelClose(ranked[k].score, score, 1e-15, `score of ${ranked[k].account.id}`));
  });

  it('reduces in rank order at the bankruptcy price until the deficit is covered', () => {
    // Deficit 50,000: short-C gives all 15,250 (its whole position), short-A all 30,500, and
    // short-B the last 4,250: 4,250 / 76,250 of its 5 BTC = 0.2786885 BTC. Each part closes at
    // its entry (95,250) instead of the market (80,000): 0.2786885 × 15,250 = 4,250.
    const { accounts, state } = book();
    const [bankrupt, a, b, c] = accounts;
    const before = state.ledgerTotal();
    const left = autoDeleverage(state, bankrupt, 50_000, LONG_BTC);
    expect(left).toBe(0);
    const adl = state.events.filter((e): e is Extract<LiquidationEvent, { kind: 'adl' }> => e.kind === 'adl');
    expect(adl.map((e) => [e.counterparty, e.amount])).toEqual([['short-C', 15_250], ['short-A', 30_500], ['short-B', 4_250]]);
    expect(adl.map((e) => e.quantity).slice(0, 2)).toEqual([1, 2]);
    expectClose(adl[2].quantity, (5 * 4_250) / 76_250, 1e-15, 'short-B reduced by');
    expectClose(adl[2].quantity * (95_250 - 80_000), 4_250, 1e-9, 'the part at the bankruptcy price');
    expect(c.positions).toEqual([]);
    expect(a.positions).toEqual([]);
    expectClose(b.positions[0].quantity, -5 + (5 * 4_250) / 76_250, 1e-15, 'short-B left');
    expect([bankrupt.cash, a.cash, b.cash, c.cash]).toEqual([0, 49_500, 395_750, 4_750]);
    expect(state.tally.adlAmount).toBe(50_000);
    expect(accounts.slice(4).map((x) => x.cash)).toEqual([50_000, 10_000, -100_000]); // never touched
    expectLedgerConserved(state, before, 'ADL');
  });

  it('returns what the profits cannot cover, every candidate flattened', () => {
    // Profits 15,250 + 30,500 + 76,250 = 122,000 against 200,000: 78,000 left.
    const { accounts, state } = book();
    const before = state.ledgerTotal();
    expect(autoDeleverage(state, accounts[0], 200_000, LONG_BTC)).toBe(78_000);
    expect(accounts.slice(1, 4).map((x) => x.positions.length)).toEqual([0, 0, 0]);
    expectLedgerConserved(state, before, 'ADL, not enough');
  });
});
