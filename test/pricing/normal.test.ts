/**
 * The standard normal distribution against values known to high precision.
 *
 * References are the correctly rounded doubles of Φ, φ and Φ⁻¹ computed with mpmath at 60
 * significant digits (the four Φ values named in the pricing brief among them), so the only
 * error measured is ours. Tolerance 1e-15 relative (~4.5 ulp): Cody's and Wichura's rational
 * approximations are accurate to ~1e-18 and ~1e-16 in exact arithmetic, and the ~20 rounded
 * operations around them cost a few ulps (measured worst over a dense grid of [−37, 9]: 2.7 ulp).
 */
import { describe, expect, it } from 'vitest';
import { expMinusHalfSquare, normalCdf, normalInverseCdf, normalPdf } from '../../src/pricing/normal.js';
import { expectClose, expectRelClose } from '../helpers/expectClose.js';

const REL_TOL = 1e-15;

/** [x, Φ(x)], correctly rounded. Spans all three of Cody's ranges and both tails. */
const CDF_VALUES: [number, number][] = [
  [-37, 5.725571222524577e-300],
  [-30, 4.906713927148187e-198],
  [-20, 2.7536241186062337e-89],
  [-10, 7.619853024160526066e-24], // the brief quotes ...527e-24; mpmath gives ...526066e-24
  [-8, 6.220960574271784e-16],
  [-5, 2.866515718791939e-7],
  [-3, 0.0013498980316300946],
  [-1, 0.15865525393145705],
  [-0.5, 0.3085375387259869],
  [-1e-10, 0.49999999996010575],
  [0, 0.5],
  [0.3, 0.6179114221889527],
  [0.66291, 0.7463059016102601], // Cody's first range boundary
  [1, 0.8413447460685429],
  [1.96, 0.9750021048517795],
  [3, 0.9986501019683699],
  [5, 0.9999997133484281],
  [8, 0.9999999999999993],
];

/** [p, Φ⁻¹(p)], correctly rounded; 1e-300 and 1e-100 exercise AS 241's far-tail branch. */
const QUANTILES: [number, number][] = [
  [1e-300, -37.0470962993612],
  [1e-100, -21.273453560965326],
  [1e-20, -9.262340089798407],
  [1e-10, -6.361340902404057],
  [0.001, -3.0902323061678136],
  [0.025, -1.9599639845400543],
  [0.3, -0.5244005127080408],
  [0.5, 0],
  [0.975, 1.9599639845400543],
  [0.999, 3.0902323061678136],
];

describe('normalCdf', () => {
  it('matches high-precision values to 1e-15 relative in both tails', () => {
    for (const [x, expected] of CDF_VALUES) expectRelClose(normalCdf(x), expected, REL_TOL, `Φ(${x})`);
  });

  it('is symmetric: Φ(x) + Φ(−x) = 1', () => {
    // Tolerance 2⁻⁵² (1 ulp of 1): each side is correct to ~1e-16 absolute, and the sum rounds.
    for (let x = 0; x <= 9; x += 0.0625) {
      expectClose(normalCdf(x) + normalCdf(-x), 1, 2 ** -52, `Φ(${x}) + Φ(${-x})`);
    }
  });

  it('is monotone across the range boundaries of the approximation', () => {
    // Each range uses its own rational function; a seam would show as a step backwards.
    for (const edge of [-Math.sqrt(32), -0.66291, 0.66291, Math.sqrt(32)]) {
      let previous = normalCdf(edge - 1e-9);
      for (let k = -999; k <= 1000; k++) {
        const value = normalCdf(edge + k * 1e-12);
        expect(value, `Φ near ${edge}`).toBeGreaterThanOrEqual(previous);
        previous = value;
      }
    }
  });

  it('handles infinities, underflow and NaN', () => {
    expect(normalCdf(Number.NEGATIVE_INFINITY)).toBe(0);
    expect(normalCdf(Number.POSITIVE_INFINITY)).toBe(1);
    expect(normalCdf(-40)).toBe(0); // Φ(−40) ≈ 4e-350 is below the smallest double
    expect(normalCdf(40)).toBe(1);
    expect(normalCdf(Number.NaN)).toBeNaN();
  });
});

describe('expMinusHalfSquare', () => {
  it('gives the bits of the split e^{-h²/2}·e^{-δ(x+h)/2} computed in full, its heads looked up', () => {
    // The looked-up factor must not change a single price: compare with the formula itself on
    // every head of the table and past it, at random offsets within each 1/16 step.
    let state = 7;
    const random = () => ((state = (Math.imul(state, 1664525) + 1013904223) >>> 0) / 2 ** 32);
    for (let i = 0; i < 200_000; i++) {
      const x = i < 1000 ? i / 16 : random() * 45;
      const head = Math.trunc(x * 16) / 16;
      const expected = Math.exp(-0.5 * head * head) * Math.exp(-0.5 * ((x - head) * (x + head)));
      if (!Object.is(expMinusHalfSquare(x), expected)) expect(expMinusHalfSquare(x), `x = ${x}`).toBe(expected);
    }
    expect(expMinusHalfSquare(Number.NaN)).toBeNaN();
  });
});

describe('normalCdf written out', () => {
  it("gives the bits of Cody's Horner loops (the form of his ANORM), on every range", () => {
    // The coefficients as in src/pricing/normal.ts; the loops as ANORM writes them. The library
    // writes them out for speed and must not change a bit of any price.
    const A = [2.2352520354606839287, 161.02823106855587881, 1067.6894854603709582, 18154.981253343561249, 0.065682337918207449113];
    const B = [47.20258190468824187, 976.09855173777669322, 10260.932208618978205, 45507.789335026729956];
    const C = [0.39894151208813466764, 8.8831497943883759412, 93.506656132177855979, 597.27027639480026226, 2494.5375852903726711, 6848.1904505362823326, 11602.651437647350124, 9842.7148383839780218, 1.0765576773720192317e-8];
    const D = [22.266688044328115691, 235.38790178262499861, 1519.377599407554805, 6485.558298266760755, 18615.571640885098091, 34900.952721145977266, 38912.003286093271411, 19685.429676859990727];
    const loops = (x: number): number | undefined => {
      const y = Math.abs(x);
      if (y <= 0.66291) {
        const z = y > 1.1e-16 ? x * x : 0;
        let num = A[4] * z;
        let den = z;
        for (let i = 0; i < 3; i++) [num, den] = [(num + A[i]) * z, (den + B[i]) * z];
        return 0.5 + (x * (num + A[3])) / (den + B[3]);
      }
      if (y > Math.sqrt(32)) return undefined; // the tail range is unchanged
      let num = C[8] * y;
      let den = y;
      for (let i = 0; i < 7; i++) [num, den] = [(num + C[i]) * y, (den + D[i]) * y];
      const lowerTail = (expMinusHalfSquare(y) * (num + C[7])) / (den + D[7]);
      return x > 0 ? 1 - lowerTail : lowerTail;
    };
    let state = 11;
    const random = () => ((state = (Math.imul(state, 1664525) + 1013904223) >>> 0) / 2 ** 32);
    let compared = 0;
    for (const scale of [1e-20, 1e-8, 1, 2, 8, 12]) {
      for (let i = 0; i < 50_000; i++) {
        const x = (random() - 0.5) * scale;
        const expected = loops(x);
        if (expected === undefined) continue;
        compared++;
        if (!Object.is(normalCdf(x), expected)) expect(normalCdf(x), `x = ${x}`).toBe(expected);
      }
    }
    expect(compared).toBeGreaterThan(250_000);
  });
});

describe('normalPdf', () => {
  it('matches high-precision values to 1e-15 relative, tails included', () => {
    const values: [number, number][] = [
      [0, 0.3989422804014327],
      [1, 0.24197072451914334],
      [-2.5, 0.017528300493568537],
      [10, 7.694598626706419e-23],
      [-30, 1.4736461348785476e-196],
    ];
    for (const [x, expected] of values) expectRelClose(normalPdf(x), expected, REL_TOL, `φ(${x})`);
  });
});

describe('normalInverseCdf', () => {
  it('matches high-precision quantiles to 1e-15 relative', () => {
    for (const [p, expected] of QUANTILES) {
      // Absolute floor 1e-300 only matters for the exact zero at p = ½.
      expectRelClose(normalInverseCdf(p), expected, REL_TOL, `Φ⁻¹(${p})`, 1e-300);
    }
  });

  it('round-trips x → Φ(x) → Φ⁻¹ on [−37, 5]', () => {
    // Error budget: Φ's relative error ε = 1e-15 moves p by ε·Φ(x), which moves x by
    // ε·Φ(x)/φ(x) (the slope of Φ⁻¹ is 1/φ); Φ⁻¹ adds its own ε·|x|. For x > 0 the first term
    // is ~ε/φ(x) (7e-10 at x = 5): a double near 1 pins down its quantile only that well,
    // which is why the walk stops at 5 and why the upper tail is better served by Φ(−x).
    for (let x = -37; x <= 5; x += 0.01) {
      const p = normalCdf(x);
      const tolerance = REL_TOL * (p / normalPdf(x) + Math.abs(x));
      expectClose(normalInverseCdf(p), x, tolerance, `Φ⁻¹(Φ(${x}))`);
    }
  });

  it('round-trips p → Φ⁻¹(p) → Φ for p from 1e-300 to ½', () => {
    // Φ amplifies the relative error of x by |x|·φ(x)/Φ(x) ≈ x² in the tail (≤ 1.4e3 at
    // p = 1e-300), so the tolerance is ε·(1 + x²) on top of Φ's own ε.
    for (let e = -300; e <= Math.log10(0.5); e += 0.25) {
      const p = 10 ** e;
      const x = normalInverseCdf(p);
      expectRelClose(normalCdf(x), p, REL_TOL * (2 + x * x), `Φ(Φ⁻¹(${p}))`);
    }
  });

  it('maps 0 and 1 to ∓∞ and refuses anything outside [0, 1]', () => {
    expect(normalInverseCdf(0)).toBe(Number.NEGATIVE_INFINITY);
    expect(normalInverseCdf(1)).toBe(Number.POSITIVE_INFINITY);
    for (const p of [-0.1, 1.1, Number.NaN]) {
      expect(() => normalInverseCdf(p)).toThrow(RangeError);
      expect(() => normalInverseCdf(p)).toThrow(/p = /);
    }
  });
});
