/**
 * Put-call parity, C − P = S·e^{−qT} − K·e^{−rT}, holds model-free; `bsm` must honour it at
 * every spot, strike, vol and expiry, deep in or out of the money and at tiny expiries.
 *
 * Tolerance 1e-14 × (S·e^{−qT} + K·e^{−rT}). C and P are each sums of two legs bounded by
 * those two terms; Φ has relative error ≤ 1e-15 and absolute error ≤ ~1e-16, and the products
 * and differences round a few times, so |error| ≲ 3e-15 × scale (measured worst: 2.7e-16). The
 * tolerance leaves room for libm differences in exp/log between platforms; a formula slip (a
 * wrong discount factor, a sign) breaks it by orders of magnitude.
 */
import { describe, expect, it } from 'vitest';
import { bsm, bsmPrice } from '../../src/pricing/bsm.js';
import { expectClose } from '../helpers/expectClose.js';

const STRIKE = 100;
const SPOTS = [1, 20, 50, 80, 95, 99.99, 100, 100.01, 105, 125, 200, 500, 10_000];
const VOLS = [0.001, 0.05, 0.2, 0.8, 2, 5];
const EXPIRIES = [1e-8, 1 / (365 * 24), 1 / 365, 0.25, 1, 10, 50];
const CARRY: [rate: number, dividendYield: number][] = [
  [0.05, 0],
  [-0.01, 0.02], // negative rates happen (EUR, JPY); yield above the rate
  [0.1, 0.1], // Black-76: q = r
];

describe('put-call parity', () => {
  it('C − P = S·e^{−qT} − K·e^{−rT} over a wide grid, to 1e-14 of the legs', () => {
    let cases = 0;
    for (const spot of SPOTS)
      for (const vol of VOLS)
        for (const expiry of EXPIRIES)
          for (const [rate, dividendYield] of CARRY) {
            const common = { spot, strike: STRIKE, rate, dividendYield, vol, expiry };
            const call = bsm({ type: 'call', ...common });
            const put = bsm({ type: 'put', ...common });
            const discountedSpot = spot * Math.exp(-dividendYield * expiry);
            const discountedStrike = STRIKE * Math.exp(-rate * expiry);
            const scale = discountedSpot + discountedStrike;
            const label = `S=${spot} σ=${vol} T=${expiry} r=${rate} q=${dividendYield}`;
            expectClose(call.price - put.price, discountedSpot - discountedStrike, 1e-14 * scale, `parity ${label}`);
            // The Greeks obey the derivatives of parity: Δc − Δp = e^{−qT}, equal gamma and vega.
            expectClose(call.delta - put.delta, Math.exp(-dividendYield * expiry), 1e-14, `delta parity ${label}`);
            expectClose(call.gamma, put.gamma, 1e-14 * call.gamma, `gamma parity ${label}`);
            expectClose(call.vega, put.vega, 1e-14 * call.vega, `vega parity ${label}`);
            cases++;
          }
    expect(cases).toBe(SPOTS.length * VOLS.length * EXPIRIES.length * CARRY.length);
  });

  it('bsmPrice is bit-identical to bsm().price (one formula for valuation and Greeks)', () => {
    // The engine values scenarios with bsmPrice and reports Greeks from bsm: any difference
    // would show as P&L at zero shock. Degenerate inputs included.
    for (const spot of [0, ...SPOTS])
      for (const vol of [0, ...VOLS])
        for (const expiry of [-1, 0, ...EXPIRIES])
          for (const strike of [-5, 0, STRIKE])
            for (const type of ['call', 'put'] as const) {
              const input = { type, spot, strike, rate: 0.03, dividendYield: 0.01, vol, expiry };
              const fast = bsmPrice(type === 'call', spot, strike, 0.03, 0.01, vol, expiry);
              expect(fast, JSON.stringify(input)).toBe(bsm(input).price);
            }
  });
});
