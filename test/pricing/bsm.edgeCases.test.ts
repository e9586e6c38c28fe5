/**
 * The documented degenerate cases of `bsm` / `bsmPrice`, the sign conventions of the Greeks,
 * and input validation.
 *
 * Degenerate cases have closed forms computed with the same floating-point operations, so
 * most comparisons are exact or within 1e-15 relative (one rounding apart); continuity checks
 * against the live formula state their own tolerance.
 */
import { describe, expect, it } from 'vitest';
import { bsm, bsmPrice, type BsmGreeks, type BsmInput } from '../../src/pricing/bsm.js';
import { expectClose, expectRelClose } from '../helpers/expectClose.js';

const base: BsmInput = { type: 'call', spot: 100, strike: 100, rate: 0.05, dividendYield: 0.02, vol: 0.3, expiry: 1 };

function expectGreeks(actual: BsmGreeks, expected: BsmGreeks, relTol: number, label: string): void {
  for (const key of Object.keys(expected) as (keyof BsmGreeks)[]) {
    expectRelClose(actual[key], expected[key], relTol, `${label} ${key}`, 1e-300);
  }
}

describe('expired options (expiry ≤ 0)', () => {
  const cases: [type: 'call' | 'put', spot: number, price: number, delta: number][] = [
    ['call', 110, 10, 1],
    ['call', 90, 0, 0],
    ['call', 100, 0, 0.5], // at the money: the T → 0⁺ limit of the live delta
    ['put', 90, 10, -1],
    ['put', 110, 0, 0],
    ['put', 100, 0, -0.5],
  ];
  for (const expiry of [0, -0.5]) {
    it(`pay intrinsic max(±(S − K), 0) undiscounted, with delta ±1/0/±½ and no other Greeks (T = ${expiry})`, () => {
      for (const [type, spot, price, delta] of cases) {
        const g = bsm({ ...base, type, spot, expiry });
        expectGreeks(g, { price, delta, gamma: 0, vega: 0, theta: 0, rho: 0 }, 0, `${type} S=${spot}`);
      }
    });
  }

  it('at-the-money delta ½ is the limit of the live delta as T → 0⁺', () => {
    // Live delta e^{−qT}·Φ(d₁) with d₁ = (r − q + σ²/2)√T/σ: at T = 1e-12, |d₁| < 1e-6, so it is
    // within 1e-6·φ(0) of ½. Tolerance 1e-6.
    expectClose(bsm({ ...base, expiry: 1e-12 }).delta, 0.5, 1e-6, 'call delta');
    expectClose(bsm({ ...base, type: 'put', expiry: 1e-12 }).delta, -0.5, 1e-6, 'put delta');
  });
});

describe('zero vol, zero spot and non-positive strike: the deterministic forward', () => {
  const t = 1;
  const yieldDiscount = Math.exp(-0.02 * t);
  const rateDiscount = Math.exp(-0.05 * t);

  it('σ = 0 judges moneyness on the forward: S = 100 < K = 102 is exercised when F = 103', () => {
    const input = { ...base, strike: 102, vol: 0 };
    const fs = 100 * yieldDiscount;
    const pk = 102 * rateDiscount;
    const call: BsmGreeks = { price: fs - pk, delta: yieldDiscount, gamma: 0, vega: 0, theta: 0.02 * fs - 0.05 * pk, rho: t * pk };
    expectGreeks(bsm(input), call, 1e-15, 'call σ=0');
    expectGreeks(bsm({ ...input, type: 'put' }), { price: 0, delta: 0, gamma: 0, vega: 0, theta: 0, rho: 0 }, 0, 'put σ=0');
  });

  it('σ = 0 agrees with the live formula at σ = 1e-9 away from the forward', () => {
    // For F ≠ K the live Greeks approach the deterministic ones exponentially fast in 1/σ
    // (here |d| ≈ 3e7): the only differences are rounding. Tolerance 1e-12 relative.
    for (const type of ['call', 'put'] as const)
      for (const strike of [90, 110]) {
        const zero = bsm({ ...base, type, strike, vol: 0 });
        const tiny = bsm({ ...base, type, strike, vol: 1e-9 });
        for (const key of ['price', 'delta', 'theta', 'rho'] as const) {
          expectRelClose(zero[key], tiny[key], 1e-12, `${type} K=${strike} ${key}`, 1e-300);
        }
        expect(zero.gamma).toBe(0);
        expect(zero.vega).toBe(0);
      }
  });

  it('σ = 0 exactly at the forward: price 0, half the exercised Greeks, vega the right derivative', () => {
    // Black-76 with F = K makes S·e^{−qT} = K·e^{−rT} exactly. The price rises linearly from σ = 0,
    // V ≈ F·e^{−rT}·σ√T·φ(0), so vega is its slope; compare with the live vega at σ = 1e-9,
    // which differs by O(σ²): tolerance 1e-12 relative.
    const input = { ...base, dividendYield: 0.05, vol: 0 };
    const g = bsm(input);
    expect(g.price).toBe(0);
    expect(g.gamma).toBe(0);
    expectRelClose(g.delta, 0.5 * rateDiscount, 1e-15, 'delta');
    expectRelClose(g.vega, bsm({ ...input, vol: 1e-9 }).vega, 1e-12, 'vega');
    expectRelClose(g.rho, 0.5 * t * 100 * rateDiscount, 1e-15, 'rho');
  });

  it('a call struck at K ≤ 0 is a forward plus cash; the put is worthless', () => {
    for (const strike of [0, -10]) {
      const fs = 100 * yieldDiscount;
      const pk = strike * rateDiscount;
      const call: BsmGreeks = { price: fs - pk, delta: yieldDiscount, gamma: 0, vega: 0, theta: 0.02 * fs - 0.05 * pk, rho: t * pk };
      expectGreeks(bsm({ ...base, strike }), call, 1e-15, `call K=${strike}`);
      expect(bsm({ ...base, type: 'put', strike }).price, `put K=${strike}`).toBe(0);
    }
  });

  it('at S = 0 the asset stays at 0: the call is worthless, the put pays K·e^{−rT}', () => {
    expect(bsm({ ...base, spot: 0 }).price).toBe(0);
    const put = bsm({ ...base, type: 'put', spot: 0 });
    expectRelClose(put.price, 100 * rateDiscount, 1e-15, 'put price');
    // Delta is the S → 0⁺ limit of the live put delta, −e^{−qT}·Φ(−d₁) → −e^{−qT}.
    expectRelClose(put.delta, -yieldDiscount, 1e-15, 'put delta');
  });

  it('at S = K = 0 only right-hand derivatives exist: the call moves with S, the put is inert', () => {
    // V_call = S·e^{−qT} for every S ≥ 0 once K = 0, and V_put = 0.
    expectRelClose(bsm({ ...base, spot: 0, strike: 0 }).delta, yieldDiscount, 1e-15, 'call delta');
    const put = bsm({ ...base, type: 'put', spot: 0, strike: 0 });
    expectGreeks(put, { price: 0, delta: 0, gamma: 0, vega: 0, theta: 0, rho: 0 }, 0, 'put');
  });

  it('every Greek is finite in every degenerate case (portfolio sums stay defined)', () => {
    for (const type of ['call', 'put'] as const)
      for (const spot of [0, 50, 100])
        for (const strike of [-1, 0, 100])
          for (const vol of [0, 0.3])
            for (const expiry of [-1, 0, 1e-300, 1]) {
              const g = bsm({ ...base, type, spot, strike, vol, expiry });
              for (const [key, value] of Object.entries(g)) {
                expect(Number.isFinite(value), `${key} of ${JSON.stringify({ type, spot, strike, vol, expiry })}`).toBe(true);
              }
            }
  });
});

describe('sign conventions', () => {
  it('long vanillas: gamma, vega > 0; theta < 0 without carry; call delta in [0, 1], put delta in [−1, 0]', () => {
    // Delta bounds are inclusive: deep in the money Φ(d₁) rounds to exactly 1.
    for (const spot of [60, 90, 100, 110, 160])
      for (const vol of [0.1, 0.5])
        for (const expiry of [0.05, 1]) {
          const input = { ...base, spot, vol, expiry, rate: 0, dividendYield: 0 };
          const call = bsm(input);
          const put = bsm({ ...input, type: 'put' });
          const label = `S=${spot} σ=${vol} T=${expiry}`;
          expect(call.gamma, label).toBeGreaterThan(0);
          expect(call.vega, label).toBeGreaterThan(0);
          expect(call.theta, label).toBeLessThan(0);
          expect(put.theta, label).toBeLessThan(0);
          expect(call.delta, label).toBeGreaterThanOrEqual(0);
          expect(call.delta, label).toBeLessThanOrEqual(1);
          expect(put.delta, label).toBeLessThanOrEqual(0);
          expect(put.delta, label).toBeGreaterThanOrEqual(-1);
        }
  });
});

describe('bsmPrice hot path', () => {
  it('treats a negative vol as 0 (no validation by design)', () => {
    expect(bsmPrice(true, 100, 90, 0.05, 0.02, -0.3, 1)).toBe(bsmPrice(true, 100, 90, 0.05, 0.02, 0, 1));
  });

  it('turns a NaN in any argument into a NaN price, never a plausible number', () => {
    const args = [100, 90, 0.05, 0.02, 0.3, 1];
    for (let i = 0; i < args.length; i++) {
      const withNaN = args.map((a, j) => (j === i ? Number.NaN : a)) as [number, number, number, number, number, number];
      for (const isCall of [true, false]) expect(bsmPrice(isCall, ...withNaN), `NaN at argument ${i + 1}`).toBeNaN();
    }
  });
});

describe('input validation', () => {
  const bad: [field: keyof BsmInput, value: unknown][] = [
    ['type', 'straddle'],
    ['spot', Number.NaN],
    ['spot', -1],
    ['spot', Number.POSITIVE_INFINITY],
    ['strike', Number.NaN],
    ['rate', Number.NaN],
    ['dividendYield', Number.NEGATIVE_INFINITY],
    ['vol', Number.NaN],
    ['vol', -0.2],
    ['expiry', Number.NaN],
    ['expiry', Number.POSITIVE_INFINITY],
  ];
  for (const [field, value] of bad) {
    it(`refuses ${field} = ${String(value)} with a RangeError naming the field`, () => {
      const input = { ...base, [field]: value } as BsmInput;
      expect(() => bsm(input)).toThrow(RangeError);
      expect(() => bsm(input)).toThrow(`bsm: ${field} = ${String(value)}`);
    });
  }
});
