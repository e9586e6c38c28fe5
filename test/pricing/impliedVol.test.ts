/**
 * impliedVol: round trips σ → bsm price → σ̂, the no-arbitrage bounds, and input validation.
 *
 * How well σ can be recovered depends on the price, not the solver: the price `bsm` returns
 * carries a rounding error δP of a few ulps of the terms it sums, which moves σ by δP/vega.
 * So the forward error |σ̂ − σ| ≤ 1e-9 is asserted wherever that conditioning bound is below
 * 1e-10 (10x margin), and everywhere else the backward error: σ̂ must reprice to within δP.
 */
import { describe, expect, it } from 'vitest';
import { bsm, type BsmInput } from '../../src/pricing/bsm.js';
import { impliedVol, type ImpliedVolInput } from '../../src/pricing/impliedVol.js';
import { expectClose } from '../helpers/expectClose.js';

const VOL_TOL = 1e-9;

/**
 * Rounding error of a `bsm` price: 16 ulps of the two terms S·e^{−qT}·Φ(ωd₁) and
 * K·e^{−rT}·Φ(ωd₂) it subtracts (|delta|·S and |rho|/T): Φ's ~4.5 ulp plus the products and
 * the difference, with room to spare.
 */
function priceNoise(input: BsmInput): number {
  const g = bsm(input);
  return 16 * Number.EPSILON * (Math.abs(g.delta) * input.spot + Math.abs(g.rho) / input.expiry);
}

function roundTrip(input: BsmInput): void {
  const { vol, ...rest } = input;
  const { price, vega } = bsm(input);
  const label = `${input.type} S=${input.spot} K=${input.strike} T=${input.expiry.toPrecision(3)} σ=${vol}`;
  if (price > 0 && price < 1e-300) {
    // A subnormal price (far out of the money, hours to expiry) has no digits left to invert.
    expect(() => impliedVol({ ...rest, price }), label).toThrow(/too small/);
    return;
  }
  const recovered = impliedVol({ ...rest, price });
  const noise = priceNoise(input);
  if (noise / vega <= VOL_TOL / 10) {
    expectClose(recovered, vol, VOL_TOL, `σ̂ ${label}`);
  } else {
    expectClose(bsm({ ...input, vol: recovered }).price, price, noise, `repriced ${label} (σ̂ = ${recovered})`);
  }
}

describe('impliedVol round trips', () => {
  it('recovers σ within 1e-9 over strikes, expiries and vols, calls and puts', () => {
    let wellConditioned = 0;
    let total = 0;
    for (const type of ['call', 'put'] as const)
      for (const strike of [30, 70, 95, 100, 105, 140, 300])
        for (const expiry of [1 / (365 * 24), 1 / 365, 0.1, 1, 5])
          for (const vol of [0.01, 0.05, 0.2, 0.5, 1, 2]) {
            const input: BsmInput = { type, spot: 100, strike, rate: 0.03, dividendYield: 0.01, vol, expiry };
            roundTrip(input);
            total++;
            if (priceNoise(input) / bsm(input).vega <= VOL_TOL / 10) wellConditioned++;
          }
    // Guard against the grid silently degenerating into backward-error checks only.
    expect(wellConditioned / total).toBeGreaterThan(0.6);
  });

  it('handles Black-76 (q = r) and negative rates', () => {
    for (const [rate, dividendYield] of [
      [0.08, 0.08],
      [-0.005, 0.01],
    ])
      for (const strike of [80, 100, 125])
        for (const type of ['call', 'put'] as const) {
          roundTrip({ type, spot: 100, strike, rate, dividendYield, vol: 0.35, expiry: 0.75 });
        }
  });

  it('recovers the vol of the Hull example from its unrounded price', () => {
    const hull = { type: 'call' as const, spot: 42, strike: 40, rate: 0.1, dividendYield: 0, expiry: 0.5 };
    const price = bsm({ ...hull, vol: 0.2 }).price;
    expectClose(impliedVol({ ...hull, price }), 0.2, 1e-12, 'Hull σ'); // vega 8.8: δP/vega ~ 1e-15
  });

  it('returns 0 for a price equal to the discounted intrinsic value of the forward', () => {
    const input = { type: 'call' as const, spot: 120, strike: 100, rate: 0.05, dividendYield: 0.01, expiry: 1 };
    const intrinsic = 120 * Math.exp(-0.01) - 100 * Math.exp(-0.05);
    expect(impliedVol({ ...input, price: intrinsic })).toBe(0);
    expect(impliedVol({ ...input, type: 'put', strike: 140, price: 140 * Math.exp(-0.05) - 120 * Math.exp(-0.01) })).toBe(0);
    expect(impliedVol({ ...input, strike: 200, price: 0 })).toBe(0);
  });
});

describe('impliedVol rejects prices outside the no-arbitrage bounds', () => {
  const input: Omit<ImpliedVolInput, 'price'> = { type: 'call', spot: 100, strike: 90, rate: 0.05, dividendYield: 0.02, expiry: 1 };
  const discountedSpot = 100 * Math.exp(-0.02);
  const discountedStrike = 90 * Math.exp(-0.05);

  const outside: [label: string, type: 'call' | 'put', price: number][] = [
    ['call below its discounted intrinsic value', 'call', discountedSpot - discountedStrike - 1e-6],
    ['call at the discounted spot (σ = ∞)', 'call', discountedSpot],
    ['call above the discounted spot', 'call', discountedSpot + 1],
    ['negative put price', 'put', -0.01],
    ['put at the discounted strike', 'put', discountedStrike],
    ['put above the discounted strike', 'put', 100],
  ];
  for (const [label, type, price] of outside) {
    it(`${label}: RangeError naming the price and the bounds`, () => {
      expect(() => impliedVol({ ...input, type, price })).toThrow(RangeError);
      expect(() => impliedVol({ ...input, type, price })).toThrow(`impliedVol: price = ${price}: outside the no-arbitrage bounds`);
    });
  }

  it('refuses a time value too small to carry any information about σ', () => {
    expect(() => impliedVol({ ...input, strike: 1e6, price: 1e-320 })).toThrow(/too small/);
  });
});

describe('impliedVol input validation', () => {
  const valid: ImpliedVolInput = { type: 'call', price: 5, spot: 100, strike: 100, rate: 0.05, dividendYield: 0, expiry: 1 };
  const bad: [field: keyof ImpliedVolInput, value: unknown][] = [
    ['type', 'digital'],
    ['price', Number.NaN],
    ['spot', 0],
    ['spot', Number.NaN],
    ['strike', -1],
    ['rate', Number.POSITIVE_INFINITY],
    ['dividendYield', Number.NaN],
    ['expiry', 0],
    ['expiry', Number.NaN],
  ];
  for (const [field, value] of bad) {
    it(`refuses ${field} = ${String(value)} with a RangeError naming the field`, () => {
      const input = { ...valid, [field]: value } as ImpliedVolInput;
      expect(() => impliedVol(input)).toThrow(RangeError);
      expect(() => impliedVol(input)).toThrow(`impliedVol: ${field} = ${String(value)}`);
    });
  }
});
