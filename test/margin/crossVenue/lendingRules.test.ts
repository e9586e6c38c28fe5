/**
 * The lending protocol's own rules (src/margin/crossVenue/lendingRules.ts) against Aave's
 * documented examples and hand-computed one- and two-asset positions. Tolerances: 1e-12
 * relative, a few ulps of the handful of products and one division each figure takes.
 */
import { describe, expect, it } from 'vitest';
import { healthFactorAt, lendingLiquidationPrices, lendingPosition } from '../../../src/margin/crossVenue/lendingRules.js';
import type { LendingVenue } from '../../../src/model/crossVenueSchemas.js';
import { LendingVenueSchema } from '../../../src/model/crossVenueSchemas.js';
import { expectRelClose } from '../../helpers/expectClose.js';

const venue = (assets: LendingVenue['assets']): LendingVenue => LendingVenueSchema.parse({ kind: 'lending', assets });
const TIGHT = 1e-12;

describe('Aave health factor', () => {
  it("Aave's documented example: $10,000 of ETH at an 80% liquidation threshold, $6,000 of GHO borrowed → 1.333", () => {
    // https://aave.com/docs/developers/liquidations (also aave.com/help/borrowing/liquidations):
    // "if a user supplies $10,000 in ETH with an 80% liquidation threshold and borrows $6,000 in
    // GHO, the health factor would be 1.333", HF = collateral × weighted-average LT / borrows.
    const aave = venue({ ETH: { ltv: 0.75, liquidationThreshold: 0.8, liquidationBonus: 0.05 }, GHO: { ltv: 0, liquidationThreshold: 0, liquidationBonus: 0 } });
    const prices: Record<string, number> = { ETH: 2500, GHO: 1 };
    const position = lendingPosition(aave, { ETH: 4, GHO: -6000 }, (a) => prices[a]);
    expectRelClose(position.healthFactor!, 8000 / 6000, TIGHT, 'HF');
    expect(position.healthFactor!.toFixed(3)).toBe('1.333');
    expectRelClose(position.supplied, 10_000, TIGHT, 'supplied');
    expectRelClose(position.debt, 6_000, TIGHT, 'debt');
  });

  it('the weighted-average liquidation threshold of two collateral assets (hand-computed)', () => {
    // 2 BTC at 95,250 (LT 0.78) and 10 ETH at 3,412 (LT 0.83) against 150,000 USDC:
    // (190,500 × 0.78 + 34,120 × 0.83) / 150,000 = (148,590 + 28,319.6) / 150,000 = 1.179397333...
    const aave = venue({
      BTC: { ltv: 0.73, liquidationThreshold: 0.78, liquidationBonus: 0.05 },
      ETH: { ltv: 0.805, liquidationThreshold: 0.83, liquidationBonus: 0.05 },
      USDC: { ltv: 0.75, liquidationThreshold: 0.78, liquidationBonus: 0.045 },
    });
    const prices: Record<string, number> = { BTC: 95_250, ETH: 3_412, USDC: 1 };
    const hf = healthFactorAt(aave, { BTC: 2, ETH: 10, USDC: -150_000 }, (a) => prices[a]);
    expectRelClose(hf!, 176_909.6 / 150_000, TIGHT, 'HF');
  });
});

describe('one-position accounts by hand', () => {
  const aave = venue({
    BTC: { ltv: 0.73, liquidationThreshold: 0.78, liquidationBonus: 0.05 },
    USDC: { ltv: 0.75, liquidationThreshold: 0.78, liquidationBonus: 0.045 },
  });
  const balances = { BTC: 2, USDC: -100_000 };

  it('2 BTC against 100,000 USDC: HF, margin, liquidation price', () => {
    const prices: Record<string, number> = { BTC: 95_250, USDC: 1 };
    const p = lendingPosition(aave, balances, (a) => prices[a]);
    // HF = 2 × 95,250 × 0.78 / 100,000 = 1.4859
    expectRelClose(p.healthFactor!, 1.4859, TIGHT, 'HF');
    // equity 190,500 − 100,000; maintenance: the collateral that backs 100,000 at LT 0.78 is
    // 128,205.13, of which 28,205.13 is equity (100,000 × 0.22 / 0.78); initial likewise at LTV
    // 0.73: 100,000 × 0.27 / 0.73 = 36,986.30.
    expectRelClose(p.equity, 90_500, TIGHT, 'equity');
    expectRelClose(p.maintenance, (100_000 * 0.22) / 0.78, TIGHT, 'maintenance');
    expectRelClose(p.initial, (100_000 * 0.27) / 0.73, TIGHT, 'initial');
    // HF = 1 at P = 100,000 / (2 × 0.78) = 64,102.5641...
    expectRelClose(lendingLiquidationPrices(aave, balances, (a) => prices[a]).BTC!, 100_000 / 1.56, TIGHT, 'liquidation price');
  });

  it('HF ≥ 1 exactly when equity ≥ maintenance, on both sides of the liquidation price, with two collateral assets', () => {
    const trigger = 100_000 / 1.56;
    for (const price of [trigger * 0.999, trigger * 1.001, 50_000, 120_000]) {
      const p = lendingPosition(aave, balances, (a) => (a === 'BTC' ? price : 1));
      expect(p.healthFactor! >= 1).toBe(p.equity >= p.maintenance);
      const two = lendingPosition(aave, { BTC: 1, USDC: 40_000, ETH: 0 }, (a) => (a === 'BTC' ? price : 1));
      expect(two.healthFactor, 'no debt').toBeNull();
      const mixed = lendingPosition(aave, { BTC: 2, USDC: -110_000 }, (a) => (a === 'BTC' ? price : 1));
      expect(mixed.healthFactor! >= 1).toBe(mixed.equity >= mixed.maintenance);
    }
  });

  it('no debt: no health factor (Aave reports none), nothing required, no liquidation price', () => {
    const p = lendingPosition(aave, { BTC: 1 }, () => 95_250);
    expect(p.healthFactor).toBeNull();
    expect([p.initial, p.maintenance]).toEqual([0, 0]);
    expect(lendingLiquidationPrices(aave, { BTC: 1 }, () => 95_250)).toEqual({});
  });
});

describe('lending parameters', () => {
  it('refuses an LTV above the threshold, a threshold above 1 and LT × (1 + bonus) above 1, naming the field', () => {
    const bad = (asset: object) => LendingVenueSchema.safeParse({ kind: 'lending', assets: { ETH: asset } });
    const issue = (asset: object) => {
      const result = bad(asset);
      expect(result.success).toBe(false);
      return result.error!.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    };
    expect(issue({ ltv: 0.9, liquidationThreshold: 0.8, liquidationBonus: 0.05 })).toMatch(/assets\.ETH\.ltv: must not exceed liquidationThreshold/);
    expect(issue({ ltv: 0.5, liquidationThreshold: 1.2, liquidationBonus: 0.05 })).toMatch(/assets\.ETH\.liquidationThreshold/);
    expect(issue({ ltv: 0.9, liquidationThreshold: 0.97, liquidationBonus: 0.05 })).toMatch(/assets\.ETH\.liquidationBonus: liquidationThreshold × \(1 \+ liquidationBonus\) must be at most 1/);
  });
});
