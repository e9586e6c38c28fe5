/**
 * Collateral haircuts: each component against its closed form, and the monotonicity the issue
 * asks for (haircuts grow with volatility and with size), the floor, the cap and the stablecoin
 * depeg stress.
 */
import { describe, expect, it } from 'vitest';
import { haircutComponents, splitHaircut, totalHaircut } from '../../src/margin/haircuts.js';
import { CollateralParamsSchema } from '../../src/model/schemas.js';
import { expectClose } from '../helpers/expectClose.js';

const collateral = CollateralParamsSchema.parse({});
const BTC = { spread: 0.0002, dailyVolume: 2e9 };
const base = { vol: 0.54, confidence: 0.99, horizonYears: 2 / 365.25, holdingValue: 1e6, liquidity: BTC, collateral };

describe('collateral haircuts', () => {
  it('components match their closed forms', () => {
    const c = haircutComponents(base);
    // z_0.99 = 2.3263478740408408 (Acklam/Wichura reference value); exact formulas, so 1e-12.
    const z = 2.3263478740408408;
    expectClose(c.volatility, 1 - Math.exp(-z * 0.54 * Math.sqrt(2 / 365.25)), 1e-12, 'volatility part');
    expectClose(c.liquidity, 0.0001 + (0.54 / Math.sqrt(365.25)) * Math.sqrt(1e6 / 2e9), 1e-12, 'liquidity part');
    expect(c.concentration).toBe(0);
    expect(c.depeg).toBe(0);
    expectClose(totalHaircut(c, collateral), c.volatility + c.liquidity, 1e-15, 'total haircut');
    expect(splitHaircut(c, false, collateral)).toEqual({ equity: totalHaircut(c, collateral), margin: 0 });
    const unified = splitHaircut(c, true, collateral);
    expectClose(unified.margin, c.volatility, 1e-15, 'unified: the volatility part is charged as margin');
    expectClose(unified.equity, c.liquidity, 1e-15, 'unified: the rest stays in the haircut');
  });

  it('grow with volatility', () => {
    let previous = -1;
    for (const vol of [0.05, 0.2, 0.5, 0.9, 1.5]) {
      const h = totalHaircut(haircutComponents({ ...base, vol }), collateral);
      expect(h).toBeGreaterThan(previous);
      previous = h;
    }
  });

  it('grow with size: liquidity (square root), then concentration beyond 5% of daily volume', () => {
    let previous = -1;
    for (const holdingValue of [1e4, 1e6, 1e8, 2e8, 5e8]) {
      const c = haircutComponents({ ...base, holdingValue });
      const h = totalHaircut(c, collateral);
      expect(h).toBeGreaterThan(previous);
      previous = h;
    }
    const concentrated = haircutComponents({ ...base, holdingValue: 4e8 }); // 20% of daily volume
    expectClose(concentrated.concentration, 0.5 * (0.2 - 0.05), 1e-15, 'concentration surcharge');
    // Unified mode grows with size too (vol leaves the haircut, size stays).
    const small = splitHaircut(haircutComponents({ ...base, holdingValue: 1e8 }), true, collateral).equity;
    const large = splitHaircut(haircutComponents({ ...base, holdingValue: 5e8 }), true, collateral).equity;
    expect(large).toBeGreaterThan(small);
  });

  it('stay within the floor and the cap', () => {
    expect(totalHaircut(haircutComponents({ ...base, vol: 0.001, holdingValue: 1 }), collateral)).toBe(0.02);
    expect(totalHaircut(haircutComponents({ ...base, vol: 5, holdingValue: 5e9 }), collateral)).toBe(0.5);
    // Capped: the volatility part moved to margin is at most the total.
    const capped = splitHaircut(haircutComponents({ ...base, vol: 5, holdingValue: 5e9 }), true, collateral);
    expect(capped.margin + capped.equity).toBe(0.5);
  });

  it('a stablecoin carries its depeg stress (it stays outside the scenarios in unified mode)', () => {
    const usdc = { ...base, vol: 0.02, liquidity: { spread: 0.0001, dailyVolume: 5e9, depegStress: 0.05 } };
    const c = haircutComponents(usdc);
    expect(c.depeg).toBe(0.05);
    expectClose(totalHaircut(c, collateral), 0.05 + c.liquidity, 1e-15, 'stablecoin');
  });
});
