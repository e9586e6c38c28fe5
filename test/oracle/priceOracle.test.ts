import { describe, expect, it } from 'vitest';
import { PriceOracle } from '../../src/oracle/index.js';
import { expectClose, expectRelClose } from '../helpers/expectClose.js';
import { MINUTE, prints, T0 } from './fixtures.js';

describe('PriceOracle', () => {
  it('ok feed: margin price is the mark, no add-on, liquidations allowed', () => {
    const oracle = new PriceOracle({ BTC: 60_000, ETH: 3_000 }, T0);
    const s = oracle.update('BTC', prints([60_100, 60_050, 60_000], T0 + 1000), T0 + 1000);
    expect(oracle.status('BTC')).toBe('ok');
    expect(oracle.marginPrice('BTC', 1)).toBe(s.mark);
    expect(oracle.marginPrice('BTC', -1)).toBe(s.mark);
    expect(oracle.addOn('BTC', 1e6)).toBe(0);
    expect(oracle.liquidationsFrozen('BTC')).toBe(false);
    expect(oracle.feed('ETH').index).toBe(3_000); // the other asset untouched
    expect(Object.keys(oracle.snapshot())).toEqual(['BTC', 'ETH']);
    expect(oracle.snapshot().BTC).toBe(s);
  });

  it('halted feed: liquidations frozen, margin at the last valid price moved against the holder', () => {
    const oracle = new PriceOracle({ BTC: 60_000 }, T0);
    oracle.update('BTC', prints([60_000, 60_000, 60_000], T0 + 1000), T0 + 1000);
    oracle.update('BTC', [], T0 + 2 * MINUTE);
    expect(oracle.status('BTC')).toBe('halted');
    expect(oracle.liquidationsFrozen('BTC')).toBe(true);
    const b = oracle.params.haltedPriceBuffer;
    expectRelClose(oracle.marginPrice('BTC', 1), 60_000 * (1 - b), 1e-15, 'long: lower (rounding only)');
    expectRelClose(oracle.marginPrice('BTC', -1), 60_000 * (1 + b), 1e-15, 'short: higher (rounding only)');
  });

  it('degraded add-on is proportional to the uncertainty: doubling the confidence doubles it', () => {
    const addOnAt = (confidenceShare: number) => {
      const oracle = new PriceOracle({ X: 100 }, T0);
      oracle.update('X', prints([100, 100, 100], T0, confidenceShare), T0);
      expect(oracle.status('X')).toBe('degraded');
      return oracle.addOn('X', 1e6);
    };
    const one = addOnAt(0.02);
    expectClose(one, 0.02 * 1e6, 1e-6, 'multiplier 1 × 2% × 1e6 (f64 rounding of 2e4)');
    expectRelClose(addOnAt(0.04), 2 * one, 1e-14, 'doubled confidence (rounding only)');
    expectRelClose(addOnAt(0.06), 3 * one, 1e-14, 'tripled confidence (rounding only)');
  });

  it('add-on scales with |notional| and the multiplier; a short exposure pays the same', () => {
    const oracle = new PriceOracle({ X: 100 }, T0, { degradedAddOnMultiplier: 2.5 });
    oracle.update('X', prints([100, 100.1], T0, 0.004), T0); // degraded: two sources
    const u = oracle.feed('X').uncertaintyShare;
    expectClose(oracle.addOn('X', 2e5), 2.5 * u * 2e5, 1e-9, 'multiplier × u × notional (rounding only)');
    expect(oracle.addOn('X', -2e5)).toBe(oracle.addOn('X', 2e5));
  });

  it('halted add-on keeps the uncertainty of the last valid update (the buffer is in marginPrice)', () => {
    const oracle = new PriceOracle({ X: 100 }, T0);
    oracle.update('X', prints([100, 100, 100], T0, 0.02), T0);
    const degradedAddOn = oracle.addOn('X', 1e6);
    oracle.update('X', [], T0 + 5 * MINUTE);
    expect(oracle.status('X')).toBe('halted');
    expect(oracle.addOn('X', 1e6)).toBe(degradedAddOn);
  });

  it('rejects unknown assets and bad arguments', () => {
    const oracle = new PriceOracle({ X: 100 }, T0);
    expect(() => oracle.status('Y')).toThrow(/unknown asset 'Y'/);
    expect(() => oracle.update('Y', [], T0)).toThrow(/unknown asset/);
    expect(() => oracle.marginPrice('X', 0 as 1)).toThrow(/exposureSign/);
    expect(() => oracle.addOn('X', Number.NaN)).toThrow(/notional/);
  });
});
