/**
 * The cascade state's money-moving operations and its step bookkeeping, alone, on a hand-built
 * state (handBuiltState.ts): BTC at 80,000, closing cost 0.1% of the flow.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { account, BTC_PERP, BTC_SPOT, checkPlanFacts, expectLedgerConserved, handState } from './handBuiltState.js';

beforeAll(() => checkPlanFacts());

describe('cascade state', () => {
  it('closeAtMarket: the part turns into cash at mark, the closing cost goes to the market, the notional is tallied', () => {
    // 1 of 2 BTC spot sold: +80,000 at mark, cost 0.1% × 80,000 = 80.
    const acc = account(0, 'a', [[BTC_SPOT, 2]], 0);
    const state = handState([acc]);
    const before = state.ledgerTotal();
    expect(state.closeAtMarket(acc, 0, -1)).toEqual({ instrument: 'BTC_USDC', notional: 80_000, cost: 80 });
    expect(acc.cash).toBe(80_000 - 80);
    expect(state.tally).toMatchObject({ liquidatedNotional: 80_000, closingCosts: 80 });
    expectLedgerConserved(state, before, 'closeAtMarket');
  });

  it('payPenalty moves cash into the fund; payFromFund pays at most the fund', () => {
    const acc = account(0, 'a', [], 1_000);
    const state = handState([acc], { insuranceFund: 500 });
    const before = state.ledgerTotal();
    state.payPenalty(acc, 300);
    expect([acc.cash, state.fund]).toEqual([700, 800]);
    expect(state.payFromFund(acc, 2_000)).toBe(800);
    expect([acc.cash, state.fund, state.tally.insurancePaid]).toEqual([1_500, 0, 800]);
    expect(state.payFromFund(acc, 100)).toBe(0); // an empty fund pays nothing and logs nothing
    expect(state.events.map((e) => e.kind)).toEqual(['insurance']);
    expectLedgerConserved(state, before, 'fund transfers');
  });

  it('closeStep folds the step tally into the run totals (kept once) and starts a fresh tally', () => {
    // Step 0 closes 1 BTC perp (cost 80, penalty 1,200); step 1 another (80, 1,200): totals 160 and 2,400.
    const acc = account(0, 'a', [[BTC_PERP, 3]], 10_000);
    const state = handState([acc]);
    for (const step of [0, 1]) {
      state.beginStep(step);
      const { notional } = state.closeAtMarket(acc, 0, -1);
      state.payPenalty(acc, 0.015 * notional);
      const closed = state.closeStep(0);
      expect(closed.tally).toMatchObject({ liquidatedNotional: 80_000, closingCosts: 80, penalties: 1_200 });
      expect(closed.equity).toBe(10_000 - (step + 1) * 1_280);
      expect(closed.residual).toBeLessThan(1e-15); // no market move: the ledger is unchanged
    }
    expect(state.totals).toMatchObject({ liquidatedNotional: 160_000, closingCosts: 160, penalties: 2_400 });
    expect(state.tally).toMatchObject({ liquidatedNotional: 0, closingCosts: 0, penalties: 0 });
    expect(state.ledger.maxResidual).toBeLessThan(1e-15);
  });

  it('notional and gross notional: |q|·m·(market price of the underlying)', () => {
    const acc = account(0, 'a', [[BTC_PERP, -2], [BTC_SPOT, 0.5]], 0);
    const state = handState([acc]);
    expect(state.notional(BTC_PERP, -2)).toBe(160_000);
    expect(state.grossNotional(acc)).toBe(200_000);
  });
});
