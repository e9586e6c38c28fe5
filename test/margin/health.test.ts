/**
 * Equity, health factor and liquidation prices. Each liquidation price is confirmed
 * independently: the market is rebuilt with that spot, a fresh plan revalues every position
 * (the engine's own base pricing), and the account's equity there is compared with the
 * maintenance margin it must equal (all else fixed: other prices, vols, time, the margin and
 * the haircut rates).
 */
import { describe, expect, it } from 'vitest';
import type { AccountMargin } from '../../src/margin/accountMargin.js';
import { runMargin } from '../../src/margin/runMargin.js';
import { prepareMargin, type MarginSetup } from '../../src/margin/setup.js';
import { sampleBook, sampleMarket, sampleParams } from '../../src/sample/sampleVenue.js';
import { expectClose } from '../helpers/expectClose.js';
import { hedgedBooks } from './fixtures.js';

/** Equity of `account` with `asset` priced at `price`, by a fresh plan on the re-priced market. */
function equityAt(setup: MarginSetup, margin: AccountMargin, asset: string, price: number): number {
  const market = sampleMarket();
  market.underlyings[asset].spot = price;
  const accountInput = setup.inputs.book.accounts.find((a) => a.id === margin.account)!;
  const repriced = prepareMargin({ market, book: { accounts: [accountInput] }, params: sampleParams() }, { scenarios: 10 });
  const { plan } = repriced;
  let equity = 0;
  for (let p = plan.accountOffsets[0]; p < plan.accountOffsets[1]; p++) {
    const i = plan.positionInstrument[p];
    const id = plan.instrumentIds[i];
    if (id.startsWith('collateral:')) continue;
    const q = plan.positionQuantity[p] * plan.multiplier[i];
    const kind = plan.instrumentKinds[i];
    if (kind === 'spot' || kind === 'option') equity += q * plan.basePrice[i];
    else {
      // Futures and perpetuals: the variation margin against today's mark.
      const today = setup.plan.basePrice[setup.plan.instrumentIds.indexOf(id)];
      equity += q * (plan.basePrice[i] - today);
    }
  }
  for (const h of margin.collateral.holdings) {
    const value = h.amount * (h.asset === asset ? price : h.price);
    equity += value >= 0 ? value * (1 - h.haircut) : value * (1 + h.haircut);
  }
  return equity;
}

async function checkAccounts(setup: MarginSetup, accounts: AccountMargin[]): Promise<number> {
  let checked = 0;
  for (const a of accounts) {
    const maintenance = a.margin[a.enforced].maintenance;
    if (a.healthFactor !== null) expectClose(a.healthFactor, a.equity / maintenance, 1e-15 * a.healthFactor, `${a.account} health = equity / MM`);
    const positionsValue = a.positionsValue;
    expectClose(a.equity, a.collateral.adjustedValue + positionsValue, 1e-9 * Math.abs(a.equity), `${a.account} equity`);
    for (const [asset, l] of Object.entries(a.liquidationPrices)) {
      for (const price of [l.down, l.up]) {
        if (price === null) continue;
        expect(price < l.spot ? l.down : l.up).toBe(price);
        const equity = equityAt(setup, a, asset, price);
        // The price is bisected to 1e-12 in log: equity there matches MM to ~1e-9 of the
        // account's gross scale; 1e-7 of MM leaves room for the fresh plan's own rounding.
        expectClose(equity, maintenance, 1e-7 * maintenance, `${a.account} equity at ${asset} ${price} vs maintenance`);
        checked++;
      }
    }
  }
  return checked;
}

describe('health', () => {
  it('hedged books: health factor and every liquidation price, confirmed by revaluation', async () => {
    const book = { accounts: hedgedBooks() };
    const setup = prepareMargin({ market: sampleMarket(), book, params: sampleParams() }, { scenarios: 4000 });
    const { margin } = await runMargin(setup, { attribution: false });
    expect(await checkAccounts(setup, margin.accounts)).toBeGreaterThanOrEqual(2);
  });

  it('sample accounts: health factor and every liquidation price, confirmed by revaluation', async () => {
    const setup = prepareMargin({ market: sampleMarket(), book: sampleBook(), params: sampleParams() }, { scenarios: 4000 });
    const { margin } = await runMargin(setup, { attribution: false });
    // Every 4th account: straddles (two-sided), covered calls, protective puts, directional, options MMs...
    const checked = await checkAccounts(setup, margin.accounts.filter((_, a) => a % 4 === 0));
    expect(checked).toBeGreaterThanOrEqual(30);
    // A short straddle is liquidated on both sides.
    const twoSided = margin.accounts.filter((a) => Object.values(a.liquidationPrices).some((l) => l.down !== null && l.up !== null));
    expect(twoSided.length).toBeGreaterThan(5);
  });

  it('an account below maintenance is liquidatable now and has no liquidation price', async () => {
    const book = { accounts: [{ id: 'thin', balances: { USDC: 2_000 }, positions: [{ instrument: 'BTC-PERPETUAL', quantity: 2 }] }] };
    const setup = prepareMargin({ market: sampleMarket(), book, params: sampleParams() }, { scenarios: 4000 });
    const [thin] = (await runMargin(setup, { attribution: false })).margin.accounts;
    expect(thin.healthFactor!).toBeLessThan(1);
    expect(thin.liquidatable).toBe(true);
    expect(thin.freeCollateral).toBeLessThan(0);
    expect(thin.liquidationPrices.BTC).toEqual({ spot: 95_250, down: null, up: null });
  });

  it('a linear account’s liquidation price is the closed form', async () => {
    // Long 2 perpetuals on 30,000 USDC: equity(x) = equity + 2·(x − S) (variation margin), MM fixed.
    const book = { accounts: [{ id: 'long', balances: { USDC: 30_000 }, positions: [{ instrument: 'BTC-PERPETUAL', quantity: 2 }] }] };
    const setup = prepareMargin({ market: sampleMarket(), book, params: sampleParams() }, { scenarios: 4000 });
    const [long] = (await runMargin(setup, { attribution: false })).margin.accounts;
    const mm = long.margin.portfolio.maintenance;
    const expected = 95_250 - (long.equity - mm) / 2;
    expectClose(long.liquidationPrices.BTC.down!, expected, 1e-8 * expected, 'long perpetual liquidation price');
    expect(long.liquidationPrices.BTC.up).toBeNull();
  });
});
