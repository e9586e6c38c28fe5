/**
 * Tiny cascade states built by hand, for testing each cascade step alone: the sample market's
 * plan for three instruments (BTC and ETH perpetuals, BTC spot; multiplier 1, delta 1, worth
 * their spot: 95,250 and 3,412 today), accounts written out, prices set by hand (default BTC
 * 80,000, ETH 3,000), and a closing market charging a flat 0.1% of the delta flow, so that every
 * expected figure can be worked out on paper in the test.
 */
import { expect } from 'vitest';
import type { ModelRequirement } from '../../src/margin/health.js';
import { type CascadeAccount, priceState } from '../../src/liquidation/accounts.js';
import { LiquidationParamsSchema, type LiquidationParamsInput } from '../../src/liquidation/params.js';
import { CascadeState, type ClosingMarket } from '../../src/liquidation/state.js';
import type { HealthGauge } from '../../src/liquidation/stepHealth.js';
import { setupFor } from '../helpers/cascadeBooks.js';
import { expectRelClose } from '../helpers/expectClose.js';

const { ctx } = setupFor(
  { accounts: [{ id: 'plan', balances: { USDC: 1_000 }, positions: [{ instrument: 'BTC-PERPETUAL', quantity: 1 }, { instrument: 'BTC_USDC', quantity: 1 }, { instrument: 'ETH-PERPETUAL', quantity: 1 }] }] },
  50,
);
export const plan = ctx.plan;
const indexOf = (id: string) => plan.instrumentIds.indexOf(id);
export const BTC_PERP = indexOf('BTC-PERPETUAL');
export const BTC_SPOT = indexOf('BTC_USDC');
export const ETH_PERP = indexOf('ETH-PERPETUAL');

/** The hand arithmetic rests on these: checked once here rather than assumed. */
export function checkPlanFacts(): void {
  for (const i of [BTC_PERP, BTC_SPOT, ETH_PERP]) {
    expect(plan.multiplier[i]).toBe(1);
    expect(ctx.deltaPerContract[i]).toBe(1);
  }
  expect([plan.basePrice[BTC_PERP], plan.basePrice[BTC_SPOT], plan.basePrice[ETH_PERP]]).toEqual([95_250, 95_250, 3_412]);
}

/** Closing cost: 0.1% of |delta flow| (USD), whatever came before in the step. */
export const FLAT_COST = 0.001;
export const flatMarket: ClosingMarket = {
  quote: (_asset, flow) => FLAT_COST * Math.abs(flow),
  execute: (_asset, flow) => FLAT_COST * Math.abs(flow),
};

export function account(index: number, id: string, positions: [instrument: number, quantity: number][], cash: number, balances: Record<string, number> = {}): CascadeAccount {
  return { index, id, positions: positions.map(([instrument, quantity]) => ({ instrument, quantity })), balances, cash, haircut: {}, collateralCharge: 0, closedOut: false };
}

/** A state at `prices` (elapsed 0), futures and perpetuals settled at them; params over the defaults (penalty 1.5%, slices 10%, target initial). */
export function handState(accounts: CascadeAccount[], params: LiquidationParamsInput = {}, prices: Record<string, number> = { BTC: 80_000, ETH: 3_000, USDC: 1 }): CascadeState {
  return new CascadeState({ ctx, params: LiquidationParamsSchema.parse(params), accounts, market: flatMarket, prices: priceState(plan, prices, 0) });
}

/**
 * A margin model simple enough to do by hand: each position carries `rate(instrument)` × its
 * notional of maintenance margin (its risk contribution), initial = 2 × maintenance, equity =
 * the account's mark value (no haircuts).
 */
export function linearGauge(state: CascadeState, rate: (instrument: number) => number): HealthGauge {
  const risk = (a: CascadeAccount) => Float64Array.from(a.positions, (h) => rate(h.instrument) * state.notional(h.instrument, h.quantity));
  return {
    requirement: (a): ModelRequirement => {
      const maintenance = risk(a).reduce((s, x) => s + x, 0);
      return { initial: 2 * maintenance, maintenance };
    },
    equity: (a) => state.markValue(a),
    riskContributions: risk,
  };
}

/**
 * The ledger (Σ mark value + fund + closing costs paid) is unchanged by a step without a market
 * move. Tolerance 1e-12 relative: only transfers of a few terms of ≤ 1e6 USD, whose f64 sums
 * round at ~1e-16; any accounting slip is a whole amount.
 */
export function expectLedgerConserved(state: CascadeState, before: number, label: string): void {
  expectRelClose(state.ledgerTotal(), before, 1e-12, `${label}: ledger total`);
}
