/**
 * Aave-style liquidation calls on a hand-built lending leg (src/liquidation/lendingLiquidation.ts)
 * against Aave's documented rules (https://docs.aave.com/developers/guides/liquidations):
 * a call may repay 50% of the debt (DEFAULT_LIQUIDATION_CLOSE_FACTOR) while HF is above
 * CLOSE_FACTOR_HF_THRESHOLD (0.95) and 100% below it, and the liquidator receives
 *   maxAmountOfCollateralToLiquidate = debtAssetPrice × debtToCover × liquidationBonus / collateralPrice
 * with the bonus as Aave writes it (10500 bp = 1.05; 0.05 in our params). Prices: ETH 3,000, USDC 1.
 */
import { describe, expect, it } from 'vitest';
import { liquidateLending, type LendingLeg } from '../../src/liquidation/lendingLiquidation.js';
import type { ClosingMarket } from '../../src/liquidation/state.js';
import { LendingVenueSchema } from '../../src/model/crossVenueSchemas.js';
import { expectRelClose } from '../helpers/expectClose.js';
import { account, expectLedgerConserved, handState } from './handBuiltState.js';

const aave = LendingVenueSchema.parse({
  kind: 'lending',
  assets: { ETH: { ltv: 0.805, liquidationThreshold: 0.83, liquidationBonus: 0.05 }, USDC: { ltv: 0.75, liquidationThreshold: 0.78, liquidationBonus: 0.045 } },
});
const price = (asset: string) => ({ ETH: 3000, USDC: 1, BTC: 80_000 })[asset]!;
const tradable = (asset: string) => asset === 'ETH';

function run(balances: Record<string, number>) {
  const flows: [string, number][] = [];
  const leg: LendingLeg = { account: account(7, 'x@aave', [], 0, balances), venue: aave };
  const state = handState([leg.account]);
  const recording: ClosingMarket = { quote: () => 0, execute: (asset, flow) => (flows.push([asset, flow]), 0) };
  (state as { market: ClosingMarket }).market = recording;
  const ledger = state.ledgerTotal();
  liquidateLending(state, [leg], price, tradable);
  expectLedgerConserved(state, ledger, 'lending call');
  return { state, flows, balances: leg.account.balances, events: state.events };
}

describe('Aave liquidation calls', () => {
  it('HF in [0.95, 1): half the debt repaid, debt × 1.05 / price of ETH seized and sold', () => {
    // 10 ETH × 3,000 × 0.83 / 25,000 = 0.996.
    const { balances, flows, events, state } = run({ ETH: 10, USDC: -25_000 });
    const seized = (1 * 12_500 * 1.05) / 3000; // 4.375 ETH
    expectRelClose(balances.USDC, -12_500, 1e-15, 'debt left');
    expectRelClose(balances.ETH, 10 - seized, 1e-15, 'ETH left');
    expect(flows).toEqual([['ETH', -seized * 3000]]);
    expect(events).toHaveLength(1);
    const [event] = events;
    if (event.kind !== 'lending') throw new Error('expected a lending event');
    expectRelClose(event.healthBefore, 0.996, 1e-15, 'HF before');
    expectRelClose(event.healthAfter!, (5.625 * 3000 * 0.83) / 12_500, 1e-15, 'HF after');
    // The bonus, 5% of the debt repaid, left the account for the liquidator.
    expectRelClose(state.tally.lendingLiquidatorGain, 625, 1e-12, 'liquidator gain');
  });

  it('HF below 0.95: the whole debt in one call', () => {
    // 24,900 / 27,000 = 0.922.
    const { balances } = run({ ETH: 10, USDC: -27_000 });
    expect(balances.USDC).toBe(0);
    expectRelClose(balances.ETH, 10 - (27_000 * 1.05) / 3000, 1e-15, 'ETH left');
  });

  it('not enough collateral: all of it seized, the repayment shrinks to match, the rest is bad debt', () => {
    // 24,900 / 29,000 = 0.859: repaying 29,000 would seize 10.15 ETH of the 10 held.
    const { balances, events } = run({ ETH: 10, USDC: -29_000 });
    expect(balances.ETH).toBe(0);
    expectRelClose(balances.USDC, -29_000 + 30_000 / 1.05, 1e-12, 'debt left');
    expect(events).toHaveLength(1);
  });

  it('leaves a leg at HF ≥ 1 alone', () => {
    const { balances, events } = run({ ETH: 10, USDC: -20_000 });
    expect(balances).toEqual({ ETH: 10, USDC: -20_000 });
    expect(events).toEqual([]);
  });
});
