/**
 * Generalized BSM against published textbook values.
 *
 * Tolerance: half a unit in the last published digit (0.5e-4 for four decimals), i.e. exactly
 * "agrees with the book after rounding"; our own error is ~1e-14, far below.
 *
 * Sources. Hull, "Options, Futures, and Other Derivatives", the Black-Scholes-Merton worked
 * example (S = 42, K = 40, r = 10%, σ = 20%, T = 0.5), which prints N(d₁) = 0.7791 and rounded
 * prices 4.76 and 0.81; 4.7594 and 0.8086 are the same prices to four decimals. Haug, "The
 * Complete Guide to Option Pricing Formulas" (2nd ed.), chapters 1–2, whose examples are
 * stated with a cost of carry b: here q = r − b. The same Haug values are the reference data
 * of QuantLib's test-suite/europeanoption.cpp (testValues, testGreekValues).
 */
import { describe, it } from 'vitest';
import { bsm, type BsmGreeks, type BsmInput } from '../../src/pricing/bsm.js';
import { expectClose } from '../helpers/expectClose.js';

const HALF_UNIT_4DP = 0.5e-4;

interface Published {
  label: string;
  input: BsmInput;
  greek: keyof BsmGreeks;
  value: number;
}

const PUBLISHED: Published[] = [
  // Hull: non-dividend stock.
  { label: 'Hull call', greek: 'price', value: 4.7594, input: { type: 'call', spot: 42, strike: 40, rate: 0.1, dividendYield: 0, vol: 0.2, expiry: 0.5 } },
  { label: 'Hull put', greek: 'price', value: 0.8086, input: { type: 'put', spot: 42, strike: 40, rate: 0.1, dividendYield: 0, vol: 0.2, expiry: 0.5 } },
  { label: 'Hull N(d₁) = call delta', greek: 'delta', value: 0.7791, input: { type: 'call', spot: 42, strike: 40, rate: 0.1, dividendYield: 0, vol: 0.2, expiry: 0.5 } },

  // Haug: Black-Scholes call, S = 60, K = 65, T = 0.25, r = 8%, σ = 30%.
  { label: 'Haug Black-Scholes call', greek: 'price', value: 2.1334, input: { type: 'call', spot: 60, strike: 65, rate: 0.08, dividendYield: 0, vol: 0.3, expiry: 0.25 } },
  // Haug: Merton index put, S = 100, K = 95, T = 0.5, r = 10%, q = 5%, σ = 20%.
  { label: 'Haug Merton put', greek: 'price', value: 2.4648, input: { type: 'put', spot: 100, strike: 95, rate: 0.1, dividendYield: 0.05, vol: 0.2, expiry: 0.5 } },
  // Haug: Black-76 on futures, F = K = 19, T = 0.75, r = 10%, σ = 28% (b = 0, so q = r).
  { label: 'Haug Black-76 put', greek: 'price', value: 1.7011, input: { type: 'put', spot: 19, strike: 19, rate: 0.1, dividendYield: 0.1, vol: 0.28, expiry: 0.75 } },
  { label: 'Haug Black-76 call (at the forward, = put)', greek: 'price', value: 1.7011, input: { type: 'call', spot: 19, strike: 19, rate: 0.1, dividendYield: 0.1, vol: 0.28, expiry: 0.75 } },
  // Haug: Garman-Kohlhagen currency call, S = 1.56, K = 1.60, T = 0.5, r = 6%, r_f = 8% (q), σ = 12%.
  { label: 'Haug Garman-Kohlhagen call', greek: 'price', value: 0.0291, input: { type: 'call', spot: 1.56, strike: 1.6, rate: 0.06, dividendYield: 0.08, vol: 0.12, expiry: 0.5 } },
  // Haug: generalized BSM put, S = 75, K = 70, T = 0.5, r = 10%, b = 5% (q = 5%), σ = 35%.
  { label: 'Haug generalized put', greek: 'price', value: 4.087, input: { type: 'put', spot: 75, strike: 70, rate: 0.1, dividendYield: 0.05, vol: 0.35, expiry: 0.5 } },

  // Haug, Greeks. Delta of futures options, F = 105, K = 100, T = 0.5, r = 10%, b = 0, σ = 36%.
  { label: 'Haug call delta', greek: 'delta', value: 0.5946, input: { type: 'call', spot: 105, strike: 100, rate: 0.1, dividendYield: 0.1, vol: 0.36, expiry: 0.5 } },
  { label: 'Haug put delta', greek: 'delta', value: -0.3566, input: { type: 'put', spot: 105, strike: 100, rate: 0.1, dividendYield: 0.1, vol: 0.36, expiry: 0.5 } },
  // Gamma and vega: S = 55, K = 60, T = 0.75, r = 10%, q = 0, σ = 30% (equal for calls and puts).
  { label: 'Haug call gamma', greek: 'gamma', value: 0.0278, input: { type: 'call', spot: 55, strike: 60, rate: 0.1, dividendYield: 0, vol: 0.3, expiry: 0.75 } },
  { label: 'Haug put gamma', greek: 'gamma', value: 0.0278, input: { type: 'put', spot: 55, strike: 60, rate: 0.1, dividendYield: 0, vol: 0.3, expiry: 0.75 } },
  { label: 'Haug call vega', greek: 'vega', value: 18.9358, input: { type: 'call', spot: 55, strike: 60, rate: 0.1, dividendYield: 0, vol: 0.3, expiry: 0.75 } },
  { label: 'Haug put vega', greek: 'vega', value: 18.9358, input: { type: 'put', spot: 55, strike: 60, rate: 0.1, dividendYield: 0, vol: 0.3, expiry: 0.75 } },
  // Theta per year: index put, S = 430, K = 405, T = 1/12, r = 7%, q = 5%, σ = 20%.
  { label: 'Haug put theta', greek: 'theta', value: -31.1924, input: { type: 'put', spot: 430, strike: 405, rate: 0.07, dividendYield: 0.05, vol: 0.2, expiry: 1 / 12 } },
  // Rho: S = 72, K = 75, T = 1, r = 9%, q = 0, σ = 19%.
  { label: 'Haug call rho', greek: 'rho', value: 38.7325, input: { type: 'call', spot: 72, strike: 75, rate: 0.09, dividendYield: 0, vol: 0.19, expiry: 1 } },
];

describe('bsm against published values', () => {
  for (const { label, input, greek, value } of PUBLISHED) {
    it(`${label}: ${greek} = ${value}`, () => {
      expectClose(bsm(input)[greek], value, HALF_UNIT_4DP, `${label} ${greek}`);
    });
  }

  it('Haug: theta per calendar day is theta / 365 = −0.0855', () => {
    const { theta } = bsm(PUBLISHED.find((p) => p.greek === 'theta')!.input);
    expectClose(theta / 365, -0.0855, HALF_UNIT_4DP, 'theta per day');
  });
});
