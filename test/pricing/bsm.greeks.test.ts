/**
 * Every analytic Greek of `bsm` against central finite differences of its price.
 *
 * Steps and tolerances follow the standard error analysis. A central first difference with
 * step h errs by truncation (h²/6)·|f‴| plus rounding ε_f/h, where ε_f is the absolute error of
 * one price. If f bends over a scale X (|f‴| ~ F/X³ for a function of size F), the best step is
 * h = ε^{1/3}·X and the error ~ ε^{2/3}·F/X. The second difference errs by (h²/12)·|f⁗| +
 * 4ε_f/h², best at h = ε^{1/4}·X with error ~ ε^{1/2}·F/X². Here F is the size of the legs
 * S·e^{−qT} + K·e^{−rT} (the price is their difference, so its rounding error scales with them)
 * and X is the distance over which the price curves in each variable:
 *   spot: S·σ√T (d₁ moves by 1 when ln S moves by σ√T); vol: σ; expiry: T;
 *   rate: min(1, σ√T)/T (r enters through e^{−rT} and through (r − q)T/(σ√T)).
 * Tolerance: SAFETY × that error scale. SAFETY = 10 covers the O(1) constants (|φ″| ≤ 0.4, a
 * few ulps per price); the worst case on the grid (gamma at the money, σ√T = 1.7) uses a tenth.
 */
import { describe, it } from 'vitest';
import { bsm, type BsmInput } from '../../src/pricing/bsm.js';
import { expectClose } from '../helpers/expectClose.js';

const EPS = Number.EPSILON;
const SAFETY = 10;

/** (f(x + h) − f(x − h)) / (2h), dividing by the representable step actually taken. */
function centralFirst(f: (x: number) => number, x: number, h: number): number {
  const up = x + h;
  const down = x - h;
  return (f(up) - f(down)) / (up - down);
}

/** (f(x + h) − 2f(x) + f(x − h)) / h². */
function centralSecond(f: (x: number) => number, x: number, h: number): number {
  const up = x + h;
  const down = x - h;
  const step = (up - down) / 2;
  return (f(up) - 2 * f(x) + f(down)) / (step * step);
}

const price = (input: BsmInput) => bsm(input).price;

const MONEYNESS = [0.6, 0.9, 1, 1.1, 1.5]; // S / K
const VOLS = [0.05, 0.3, 1.2];
const EXPIRIES = [1 / 365, 0.25, 2];
const CARRY: [rate: number, dividendYield: number][] = [
  [0.05, 0],
  [0.02, 0.06],
  [0.04, 0.04], // Black-76
];

function* grid(): Generator<BsmInput> {
  for (const type of ['call', 'put'] as const)
    for (const m of MONEYNESS)
      for (const vol of VOLS)
        for (const expiry of EXPIRIES)
          for (const [rate, dividendYield] of CARRY) {
            yield { type, spot: 100 * m, strike: 100, rate, dividendYield, vol, expiry };
          }
}

function describeInput({ type, spot, vol, expiry, rate, dividendYield }: BsmInput): string {
  return `${type} S=${spot} σ=${vol} T=${expiry.toPrecision(4)} r=${rate} q=${dividendYield}`;
}

/** The scales of the error analysis above, for one input. */
function scales(input: BsmInput) {
  const stdDev = input.vol * Math.sqrt(input.expiry);
  return {
    legs: input.spot * Math.exp(-input.dividendYield * input.expiry) + input.strike * Math.exp(-input.rate * input.expiry),
    spot: input.spot * stdDev,
    vol: input.vol,
    expiry: input.expiry,
    rate: Math.min(1, stdDev) / input.expiry,
  };
}

describe('Greeks against finite differences of the price', () => {
  it('delta = ∂V/∂S (h = ε^{1/3}·Sσ√T)', () => {
    for (const input of grid()) {
      const x = scales(input);
      const fd = centralFirst((spot) => price({ ...input, spot }), input.spot, EPS ** (1 / 3) * x.spot);
      expectClose(bsm(input).delta, fd, SAFETY * EPS ** (2 / 3) * (x.legs / x.spot), `delta ${describeInput(input)}`);
    }
  });

  it('gamma = ∂²V/∂S² (h = ε^{1/4}·Sσ√T)', () => {
    for (const input of grid()) {
      const x = scales(input);
      const fd = centralSecond((spot) => price({ ...input, spot }), input.spot, EPS ** (1 / 4) * x.spot);
      expectClose(bsm(input).gamma, fd, SAFETY * EPS ** (1 / 2) * (x.legs / x.spot ** 2), `gamma ${describeInput(input)}`);
    }
  });

  it('vega = ∂V/∂σ (h = ε^{1/3}·σ)', () => {
    for (const input of grid()) {
      const x = scales(input);
      const fd = centralFirst((vol) => price({ ...input, vol }), input.vol, EPS ** (1 / 3) * x.vol);
      expectClose(bsm(input).vega, fd, SAFETY * EPS ** (2 / 3) * (x.legs / x.vol), `vega ${describeInput(input)}`);
    }
  });

  it('theta = −∂V/∂T (h = ε^{1/3}·T)', () => {
    for (const input of grid()) {
      const x = scales(input);
      const fd = -centralFirst((expiry) => price({ ...input, expiry }), input.expiry, EPS ** (1 / 3) * x.expiry);
      expectClose(bsm(input).theta, fd, SAFETY * EPS ** (2 / 3) * (x.legs / x.expiry), `theta ${describeInput(input)}`);
    }
  });

  it('rho = ∂V/∂r with q held fixed (h = ε^{1/3}·min(1, σ√T)/T)', () => {
    for (const input of grid()) {
      const x = scales(input);
      const fd = centralFirst((rate) => price({ ...input, rate }), input.rate, EPS ** (1 / 3) * x.rate);
      expectClose(bsm(input).rho, fd, SAFETY * EPS ** (2 / 3) * (x.legs / x.rate), `rho ${describeInput(input)}`);
    }
  });
});
