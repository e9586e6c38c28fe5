/**
 * The partial-liquidation step alone, on hand-built states (handBuiltState.ts): linear margin
 * (maintenance = rate × notional per position, initial = 2 × maintenance), closing cost 0.1% of
 * the flow, penalty 1.5%, slices of 10% of the start size, target 'initial'. Every expectation
 * is worked out below.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { LiquidationEvent } from '../../src/liquidation/events.js';
import { partiallyLiquidate } from '../../src/liquidation/partialLiquidation.js';
import { expectClose, expectRelClose } from '../helpers/expectClose.js';
import { account, BTC_PERP, checkPlanFacts, ETH_PERP, expectLedgerConserved, handState, linearGauge } from './handBuiltState.js';

beforeAll(() => checkPlanFacts());

type Partial = Extract<LiquidationEvent, { kind: 'partial' }>;
const partials = (events: LiquidationEvent[]) => events.filter((e): e is Partial => e.kind === 'partial');

describe('partial liquidation (one account, alone)', () => {
  it('closes slices back to the target, bisecting the last, and pays each penalty to the fund', () => {
    // Long 10 BTC perpetual at 80,000 (notional 800,000), cash 35,000: maintenance 5% = 40,000,
    // initial 80,000, health 35,000 / 40,000 = 0.875.
    // Closing x BTC costs 0.1% × 80,000x = 80x and a penalty 1.5% × 80,000x = 1,200x, so
    // equity = 35,000 − 1,280x and initial = 80,000 − 8,000x: the target needs
    // 6,720x ≥ 45,000, x ≥ 6.6964285714. Slices are 1 BTC (10% of 10): six whole ones, then the
    // 7th bisected (12 halvings) to the first multiple of 1/4096 past 0.6964285714, 2853/4096.
    const acc = account(0, 'long', [[BTC_PERP, 10]], 35_000);
    const state = handState([acc]);
    const gauge = linearGauge(state, () => 0.05);
    const before = state.ledgerTotal();
    const out = partiallyLiquidate(state, acc, gauge, 0.9, { equity: gauge.equity(acc), requirement: gauge.requirement(acc) });

    const x = 6 + 2853 / 4096; // 6.696533203125, exact in f64
    const events = partials(state.events);
    expect(events.map((e) => e.quantity)).toEqual([-1, -1, -1, -1, -1, -1, -(2853 / 4096)]);
    expect(acc.positions).toEqual([{ instrument: BTC_PERP, quantity: 10 - x }]);
    expect(out.stuck).toBe(false);
    expect(events[0].healthBefore).toBe(0.875);
    for (const e of events) expectRelClose(e.penalty, 0.015 * e.notional, 1e-12, 'penalty = 1.5% of the slice notional');
    // Penalties 1,200x = 8,035.83984375 into the fund; costs 80x = 535.72265625; notional 80,000x.
    expectRelClose(state.fund, 1_200 * x, 1e-12, 'fund = Σ penalties');
    expectRelClose(state.tally.penalties, 1_200 * x, 1e-12, 'tallied penalties');
    expectRelClose(state.tally.closingCosts, 80 * x, 1e-12, 'tallied closing costs');
    expectRelClose(state.tally.liquidatedNotional, 80_000 * x, 1e-12, 'liquidated notional');
    // Target met: equity 35,000 − 1,280x = 26,428.4375 ≥ initial 80,000 − 8,000x = 26,427.734375;
    // one 4096th of a slice less (x − 1/4096) would not have met it (26,428.75 < 26,429.6875).
    expectRelClose(out.equity, 26_428.4375, 1e-12, 'equity after');
    expectRelClose(out.requirement.initial, 26_427.734375, 1e-12, 'initial after');
    expect(out.equity).toBeGreaterThanOrEqual(out.requirement.initial);
    expect(35_000 - 1_280 * (x - 1 / 4096)).toBeLessThan(80_000 - 8_000 * (x - 1 / 4096));
    expectLedgerConserved(state, before, 'partial');
  });

  it('takes the slice with the most relief per USD closed: the riskier position goes first, and only it', () => {
    // 1 BTC (notional 80,000, rate 5%) and 10 ETH (30,000, rate 20%), cash 9,000: maintenance
    // 4,000 + 6,000 = 10,000, initial 20,000, health 0.9.
    // A 1-ETH slice (3,000) frees 2 × 20% × 3,000 = 1,200 of initial for 3 + 45 of cost and
    // penalty: relief 1,152, 0.384 per USD. A 0.1-BTC slice (8,000) frees 800 for 8 + 120:
    // relief 672, 0.084 per USD. So ETH, slice after slice: the shortfall 11,000 − 1,152k
    // after k slices is 632 at k = 9, and the 10th slice is bisected to 632 / 1,152 =
    // 0.5486111 → 2248/4096. BTC is never touched.
    const acc = account(0, 'mixed', [[BTC_PERP, 1], [ETH_PERP, 10]], 9_000);
    const state = handState([acc]);
    const gauge = linearGauge(state, (i) => (i === ETH_PERP ? 0.2 : 0.05));
    const before = state.ledgerTotal();
    const out = partiallyLiquidate(state, acc, gauge, 0.9, { equity: gauge.equity(acc), requirement: gauge.requirement(acc) });

    const events = partials(state.events);
    expect(events.map((e) => e.instrument)).toEqual(Array(10).fill('ETH-PERPETUAL'));
    const closed = 9 + 2248 / 4096;
    expect(acc.positions).toEqual([{ instrument: BTC_PERP, quantity: 1 }, { instrument: ETH_PERP, quantity: 10 - closed }]);
    // Equity 9,000 − 48 × 9.548828125 = 8,541.65625 ≥ initial 2 × (4,000 + 600 × 0.451171875) = 8,541.40625.
    expectRelClose(out.equity, 8_541.65625, 1e-12, 'equity after');
    expectRelClose(out.requirement.initial, 8_541.40625, 1e-12, 'initial after');
    expectLedgerConserved(state, before, 'partial, two positions');
  });

  it('stops, closing nothing, when no slice lowers the shortfall (cost and penalty exceed the margin freed)', () => {
    // Rate 1%: a slice frees 2% of its notional of initial margin but pays 0.1% + 3% penalty.
    const acc = account(0, 'long', [[BTC_PERP, 10]], 7_000);
    const state = handState([acc], { penaltyRate: 0.03 });
    const gauge = linearGauge(state, () => 0.01);
    const out = partiallyLiquidate(state, acc, gauge, 0.9, { equity: gauge.equity(acc), requirement: gauge.requirement(acc) });
    expect(out.stuck).toBe(true);
    expect(state.events).toEqual([]);
    expect(acc.positions).toEqual([{ instrument: BTC_PERP, quantity: 10 }]);
    expectClose(acc.cash, 7_000, 0, 'cash untouched by the trial slices');
    expect(state.fund).toBe(0);
  });
});
