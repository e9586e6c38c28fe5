/**
 * The close-out step alone, on hand-built states (handBuiltState.ts): BTC at 80,000, closing
 * cost 0.1% of the flow, penalty 1.5%. Closing a 2-BTC long sells 160,000 of delta: cost 160,
 * penalty at most 2,400. Expectations worked out in each case.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { closeOut } from '../../src/liquidation/closeOut.js';
import { expectClose } from '../helpers/expectClose.js';
import { account, BTC_PERP, checkPlanFacts, expectLedgerConserved, handState } from './handBuiltState.js';

beforeAll(() => checkPlanFacts());

/** The bankrupt's exposure when its liquidation started: 2 BTC long at 80,000. */
const LONG_BTC = new Map([['BTC', 160_000]]);
const kinds = (events: { kind: string }[]) => events.map((e) => e.kind);

describe('close-out (one account, alone)', () => {
  it('closes every position; the penalty is capped at what the account has left, so it creates no bad debt', () => {
    // Cash 1,000: after the close 1,000 − 160 = 840 is left, less than the 2,400 penalty: it pays 840.
    const acc = account(0, 'long', [[BTC_PERP, 2]], 1_000);
    const state = handState([acc]);
    const before = state.ledgerTotal();
    closeOut(state, acc, LONG_BTC, 'equity negative', 0.5);
    expect(acc.positions).toEqual([]);
    expect(acc.closedOut).toBe(true);
    expect(state.events).toEqual([
      { step: 0, kind: 'closeout', account: 'long', instrument: 'BTC-PERPETUAL', quantity: -2, notional: 160_000, cost: 160, penalty: 840, reason: 'equity negative', marketHealth: 0.5 },
    ]);
    expect(state.fund).toBe(840);
    expect(state.markValue(acc)).toBe(0);
    expect(state.tally).toMatchObject({ closedOut: 1, liquidatedNotional: 160_000, closingCosts: 160, penalties: 840, badDebt: 0 });
    expect([...state.tally.liquidated]).toEqual([0]);
    expectLedgerConserved(state, before, 'close-out');
  });

  it('a negative-equity account: no penalty, and the insurance fund covers the shortfall', () => {
    // Cash −5,000: after the close −5,160, so no penalty and bad debt 5,160; the fund (10,000) pays it all.
    const acc = account(0, 'long', [[BTC_PERP, 2]], -5_000);
    const state = handState([acc], { insuranceFund: 10_000 });
    const before = state.ledgerTotal();
    closeOut(state, acc, LONG_BTC, 'equity negative', 0.5);
    expect(kinds(state.events)).toEqual(['closeout', 'insurance']);
    expect(state.events[1]).toEqual({ step: 0, kind: 'insurance', account: 'long', amount: 5_160, fundAfter: 4_840 });
    expect(state.fund).toBe(4_840);
    expect(state.markValue(acc)).toBe(0);
    expect(state.tally).toMatchObject({ penalties: 0, badDebt: 5_160, insurancePaid: 5_160, adlAmount: 0, uncovered: 0 });
    expectLedgerConserved(state, before, 'close-out, fund pays');
  });

  it('the fund pays to exhaustion; without ADL the rest is reported uncovered and stays as negative value', () => {
    // Bad debt 5,160, fund 3,000: 2,160 uncovered.
    const acc = account(0, 'long', [[BTC_PERP, 2]], -5_000);
    const state = handState([acc], { insuranceFund: 3_000, adl: false });
    const before = state.ledgerTotal();
    closeOut(state, acc, LONG_BTC, 'equity negative', 0.5);
    expect(kinds(state.events)).toEqual(['closeout', 'insurance', 'uncovered']);
    expect(state.events[2]).toEqual({ step: 0, kind: 'uncovered', account: 'long', amount: 2_160 });
    expect(state.fund).toBe(0);
    expect(state.markValue(acc)).toBe(-2_160);
    expect(state.tally).toMatchObject({ badDebt: 5_160, insurancePaid: 3_000, uncovered: 2_160 });
    expectLedgerConserved(state, before, 'close-out, uncovered');
  });

  it('the fund first, then ADL for the rest: a profitable short gives up 2,160 of its profit', () => {
    // Bad debt 5,160, fund 3,000, 2,160 left for ADL. The short (1 BTC, entry 95,250) has
    // 15,250 of profit at 80,000: it gives up 2,160, i.e. 2,160 / 15,250 of its position.
    const acc = account(0, 'long', [[BTC_PERP, 2]], -5_000);
    const short = account(1, 'short', [[BTC_PERP, -1]], 20_000);
    const state = handState([acc, short], { insuranceFund: 3_000 });
    const before = state.ledgerTotal();
    closeOut(state, acc, LONG_BTC, 'equity negative', 0.5);
    expect(kinds(state.events)).toEqual(['closeout', 'insurance', 'adl']);
    expect(state.markValue(acc)).toBe(0);
    expect(short.cash).toBe(20_000 - 2_160);
    expectClose(short.positions[0].quantity, -1 + 2_160 / 15_250, 1e-15, 'short left');
    expect(state.tally).toMatchObject({ badDebt: 5_160, insurancePaid: 3_000, adlAmount: 2_160, uncovered: 0 });
    expectLedgerConserved(state, before, 'close-out, fund then ADL');
  });
});
