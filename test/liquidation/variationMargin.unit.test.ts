/**
 * How marks turn into cash, alone, on hand-built states (handBuiltState.ts): settlement after a
 * market move, and trading at mark. Expectations worked out in each case.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { priceState } from '../../src/liquidation/accounts.js';
import { resizeAtMark, settleMarketMove, tradeAtMark } from '../../src/liquidation/variationMargin.js';
import { account, BTC_PERP, BTC_SPOT, checkPlanFacts, ETH_PERP, expectLedgerConserved, handState, plan } from './handBuiltState.js';

beforeAll(() => checkPlanFacts());

describe('variation margin and trading at mark', () => {
  it('a market move settles futures and perpetuals into cash, and the ledger moves by exactly the market P&L', () => {
    // BTC 80,000 → 76,000, ETH 3,000 → 3,100.
    // long: 2 BTC perp, 1 BTC spot, 500 USDC, cash 1,000. Variation margin 2 × (−4,000) =
    //   −8,000 into cash (→ −7,000); the spot loses 4,000 of value in place. P&L −12,000.
    // short: −3 ETH perp, cash 2,000. Variation margin −3 × 100 = −300 (cash → 1,700). P&L −300.
    const long = account(0, 'long', [[BTC_PERP, 2], [BTC_SPOT, 1]], 1_000, { USDC: 500 });
    const short = account(1, 'short', [[ETH_PERP, -3]], 2_000);
    const state = handState([long, short]);
    expect(state.markValue(long)).toBe(81_500); // 1,000 + 500 + 80,000 (spot) + 0 (perp, settled)
    const marketPnl = settleMarketMove(state, priceState(plan, { BTC: 76_000, ETH: 3_100, USDC: 1 }, 0), 0);
    expect(marketPnl).toBe(-12_300);
    expect([long.cash, short.cash]).toEqual([-7_000, 1_700]);
    expect([state.settled[BTC_PERP], state.settled[ETH_PERP]]).toEqual([76_000, 3_100]);
    expect(state.markValue(long)).toBe(69_500); // −7,000 + 500 + 76,000 + 0: 81,500 − 12,000
    // The ledger, opened at 81,500 + 2,000, closes at 71,200 = 83,500 − 12,300: residual 0 up to rounding.
    const { residual } = state.closeStep(marketPnl);
    expect(residual).toBeLessThan(1e-15);
  });

  it('trading at mark: a spot or option part turns into cash at its value; a settled perpetual part has no mark left', () => {
    const acc = account(0, 'a', [[BTC_SPOT, 1], [BTC_PERP, 2]], 0);
    const state = handState([acc]);
    const before = state.ledgerTotal();
    tradeAtMark(state, acc, 0, -0.5); // 0.5 BTC spot sold at 80,000
    expect(acc.cash).toBe(40_000);
    tradeAtMark(state, acc, 1, -1); // 1 of 2 BTC perp: settled at 80,000, mark 0
    expect(acc.cash).toBe(40_000);
    expect(acc.positions.map((h) => h.quantity)).toEqual([0.5, 1]);
    expectLedgerConserved(state, before, 'trade at mark');
  });

  it('tradeAtMark keeps a position closed to 0 (trial slices restore it); resizeAtMark drops it', () => {
    const acc = account(0, 'a', [[BTC_SPOT, 1], [BTC_PERP, 2]], 0);
    const state = handState([acc]);
    tradeAtMark(state, acc, 1, -2);
    expect(acc.positions.map((h) => h.quantity)).toEqual([1, 0]);
    acc.positions[1].quantity = 2;
    resizeAtMark(state, acc, 1, -2);
    expect(acc.positions).toEqual([{ instrument: BTC_SPOT, quantity: 1 }]);
  });
});
