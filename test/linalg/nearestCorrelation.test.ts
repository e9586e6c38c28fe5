/**
 * Nearest correlation matrix (Higham 2002, alternating projections with Dykstra's correction).
 *
 * References:
 *  - Higham (2002), IMA J. Numer. Anal. 22, 329–343, §1/§4: A = [[1,1,0],[1,1,1],[0,1,1]] has
 *    nearest correlation matrix with off-diagonals 0.7607, 0.1573, 0.7607 (4 decimals printed).
 *  - The same example and the 4×4 example of NAG's g02aa documentation, to 8 decimals, as used
 *    by the test suite of the Python port of Higham's `nearcorr` (mikecroucher/nearest_correlation).
 *  - Optimality (KKT) conditions, checked directly so the solver is validated independently of
 *    any printed digits: X solves min ‖X − A‖_F s.t. diag(X) = 1, X ⪰ 0 iff there is θ with
 *    Z = X − A − diag(θ) ⪰ 0 and Z·X = 0; then θ_i = ((X − A)·X)_ii because x_ii = 1.
 */
import { describe, expect, it } from 'vitest';
import { choleskyLower, choleskyLowerSemidefinite } from '../../src/linalg/cholesky.js';
import { frobeniusDistance, multiply, transpose, type Matrix } from '../../src/linalg/matrix.js';
import {
  eigenvalueClipCorrelation,
  isPositiveSemidefinite,
  nearestCorrelation,
} from '../../src/linalg/nearestCorrelation.js';
import { symmetricEigen } from '../../src/linalg/symmetricEigen.js';
import { expectClose } from '../helpers/expectClose.js';
import { expectMatrixClose, mulberry32, randomCorrelation } from './support.js';

const HIGHAM_2002: Matrix = [
  [1, 1, 0],
  [1, 1, 1],
  [0, 1, 1],
];

const NAG_G02AA: Matrix = [
  [2, -1, 0, 0],
  [-1, 2, -1, 0],
  [0, -1, 2, -1],
  [0, 0, -1, 2],
];

/**
 * PSD tolerance for results: the clipped zero eigenvalues come back as V·0·Vᵀ plus rounding,
 * i.e. |λ| ≲ n·eps·‖X‖₂ ≤ n²·eps for a correlation matrix; 1e-12 (≈ 4500 eps) covers n ≤ 60.
 */
const PSD_TOLERANCE = 1e-12;

/** A correlation matrix by construction: exactly unit diagonal, exactly symmetric, PSD. */
function expectCorrelationMatrix(x: Matrix, label: string): void {
  x.forEach((row, i) => {
    expect(row[i], `${label}: diagonal [${i}][${i}] exactly 1`).toBe(1);
    row.forEach((value, j) => expect(value, `${label}: [${i}][${j}] === [${j}][${i}]`).toBe(x[j][i]));
  });
  const minEigenvalue = symmetricEigen(x).values[0] ?? 0;
  expect(minEigenvalue, `${label}: min eigenvalue ${minEigenvalue} ≥ −${PSD_TOLERANCE}`).toBeGreaterThanOrEqual(-PSD_TOLERANCE);
}

/**
 * KKT residuals of X as the nearest correlation matrix to A: max |Z·X| and −λ_min(Z), both ≤
 * `tolerance`. Both vanish at the solution and are Lipschitz in X with constant ~‖A‖ + ‖X‖ ≤ 2n,
 * so a run stopped at relative change τ (distance to the limit ≈ τ·ρ/(1−ρ), contraction ρ ≲ 0.8)
 * should meet 10·n·τ.
 */
function expectOptimal(a: Matrix, x: Matrix, tolerance: number, label: string): void {
  const n = a.length;
  const diff = x.map((row, i) => row.map((v, j) => v - a[i][j]));
  const diffX = multiply(diff, x);
  const theta = diffX.map((row, i) => row[i]);
  const z = diff.map((row, i) => row.map((v, j) => (i === j ? v - theta[i] : v)));
  const zx = multiply(z, x);
  let worst = 0;
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) worst = Math.max(worst, Math.abs(zx[i][j]));
  expectClose(worst, 0, tolerance, `${label}: max |Z·X| (complementarity)`);
  const zMin = symmetricEigen(z).values[0];
  expect(zMin, `${label}: λ_min(Z) = ${zMin} must be ≥ −${tolerance} (dual feasibility)`).toBeGreaterThanOrEqual(-tolerance);
}

/** Random PD correlation with `edits` off-diagonal pairs overwritten by uniform values. */
function brokenCorrelation(seed: number, n: number, edits: number): Matrix {
  const rnd = mulberry32(seed);
  const m = randomCorrelation(rnd, n, 4, 0.2);
  for (let t = 0; t < edits; t++) {
    const i = Math.floor(rnd() * n);
    const j = Math.floor(rnd() * n);
    if (i === j) continue;
    const value = 2 * rnd() - 1;
    m[i][j] = value;
    m[j][i] = value;
  }
  return m;
}

describe('nearestCorrelation', () => {
  it('reproduces Higham’s 2002 example', () => {
    const { matrix: x, converged } = nearestCorrelation(HIGHAM_2002);
    expect(converged).toBe(true);
    // Published to 4 decimals: tolerance half a unit of the last digit, 5e-5.
    const published = [[1, 0.7607, 0.1573], [0.7607, 1, 0.7607], [0.1573, 0.7607, 1]];
    expectMatrixClose(x, published, 5e-5, 'vs Higham (2002), 4 decimals');
    // Printed to 8 decimals by the nearcorr port: 5e-9 rounding plus ~1e-10 left by the
    // default convergence tolerance, so 6e-9.
    const reference = [[1, 0.76068985, 0.15729811], [0.76068985, 1, 0.76068985], [0.15729811, 0.76068985, 1]];
    expectMatrixClose(x, reference, 6e-9, 'vs nearcorr reference, 8 decimals');
    expectCorrelationMatrix(x, 'Higham 2002');
  });

  it('reproduces the NAG g02aa 4×4 example', () => {
    const { matrix: x } = nearestCorrelation(NAG_G02AA);
    const reference = [
      [1, -0.8084125, 0.1915875, 0.10677505],
      [-0.8084125, 1, -0.65623269, 0.1915875],
      [0.1915875, -0.65623269, 1, -0.8084125],
      [0.10677505, 0.1915875, -0.8084125, 1],
    ];
    expectMatrixClose(x, reference, 6e-9, 'vs NAG g02aa reference, 8 decimals (tolerance as above)');
    expectCorrelationMatrix(x, 'NAG g02aa');
  });

  it('satisfies the optimality (KKT) conditions on the published examples', () => {
    const tolerance = 1e-12;
    for (const [label, a] of [['Higham 2002', HIGHAM_2002], ['NAG g02aa', NAG_G02AA]] as const) {
      const { matrix: x } = nearestCorrelation(a, { tolerance });
      expectOptimal(a, x, 10 * a.length * tolerance, label);
    }
  });

  it('is nearer to the input than eigenvalue clipping + rescaling', () => {
    for (const [label, a] of [['Higham 2002', HIGHAM_2002], ['NAG g02aa', NAG_G02AA], ['broken 20×20', brokenCorrelation(2002, 20, 12)]] as const) {
      const nearest = nearestCorrelation(a);
      const clipped = eigenvalueClipCorrelation(a);
      expectCorrelationMatrix(clipped, `${label}: clipped`);
      const clipDistance = frobeniusDistance(clipped, a);
      expectClose(nearest.distance, frobeniusDistance(nearest.matrix, a), 0, `${label}: reported distance`);
      expect(nearest.distance, `${label}: nearest ${nearest.distance} < clipped ${clipDistance}`).toBeLessThan(clipDistance);
    }
  });

  it('returns a valid correlation matrix unchanged, in zero iterations', () => {
    // Positive definite, and singular (two perfectly correlated factors): both already valid.
    const pd = randomCorrelation(mulberry32(17), 20, 5, 0.3);
    const singular = [[1, 1, 0.3], [1, 1, 0.3], [0.3, 0.3, 1]];
    for (const [label, a] of [['PD 20×20', pd], ['singular 3×3', singular]] as const) {
      const result = nearestCorrelation(a);
      expect(result.iterations, `${label}: iterations`).toBe(0);
      expect(result.converged).toBe(true);
      expectClose(result.distance, 0, 1e-12, `${label}: distance`);
      expect(result.matrix, `${label}: unchanged`).toEqual(a);
      expect(result.matrix, `${label}: a copy, not the input`).not.toBe(a);
    }
  });

  it('repairs a 20×20 correlation broken into indefiniteness', () => {
    const a = brokenCorrelation(2002, 20, 12);
    const before = symmetricEigen(a).values;
    expect(before[0], 'the test input must be indefinite').toBeLessThan(-0.1);
    const result = nearestCorrelation(a);
    expect(result.converged).toBe(true);
    expectCorrelationMatrix(result.matrix, 'repaired');
    // Lower bound: the nearest PSD matrix (clip negatives, Higham 1988) is at distance
    // √Σ min(λ,0)², and the nearest correlation matrix can be no nearer.
    const psdDistance = Math.sqrt(before.reduce((sum, v) => sum + Math.min(v, 0) ** 2, 0));
    expect(result.distance, `distance ${result.distance} ≥ nearest-PSD distance ${psdDistance}`).toBeGreaterThanOrEqual(psdDistance);
    expectOptimal(a, result.matrix, 10 * 20 * 1e-10, 'repaired 20×20 (default tolerance 1e-10)');
    // The engine then factors it. Tolerance: the semidefinite factor's documented bound for a
    // unit-diagonal matrix, tol + 4(n+2)·eps (rank cut plus pivoted Cholesky and LQ rounding).
    const l = choleskyLowerSemidefinite(result.matrix, 1e-12);
    expectMatrixClose(multiply(l, transpose(l)), result.matrix, 1e-12 + 4 * 22 * Number.EPSILON, 'L·Lᵀ');
  });

  it('repairs a unit-diagonal violation too (an off-unit diagonal is projected, not trusted)', () => {
    const a = [[1.2, 0.5], [0.5, 0.9]];
    const result = nearestCorrelation(a);
    // 2×2 with |a01| ≤ 1: the answer is just the unit diagonal.
    expectMatrixClose(result.matrix, [[1, 0.5], [0.5, 1]], 1e-12, 'unit diagonal');
    expectClose(result.distance, Math.hypot(0.2, 0.1), 1e-12, 'distance');
  });

  it('honours minEigenvalue, giving a matrix that strict Cholesky accepts', () => {
    // The final unit-diagonal rescaling moves eigenvalues by a factor within the convergence
    // tolerance of 1, so the floor holds to 1e-9 relative.
    const a = brokenCorrelation(2002, 20, 12);
    const floor = 1e-3;
    const result = nearestCorrelation(a, { minEigenvalue: floor });
    expectCorrelationMatrix(result.matrix, 'floored');
    const minEigenvalue = symmetricEigen(result.matrix).values[0];
    expect(minEigenvalue, `min eigenvalue ${minEigenvalue} ≥ floor ${floor}·(1 − 1e-9)`).toBeGreaterThanOrEqual(floor * (1 - 1e-9));
    expect(() => choleskyLower(result.matrix)).not.toThrow();
    expect(result.distance, 'a floor costs distance').toBeGreaterThan(nearestCorrelation(a).distance);
  });

  it('treats an asymmetric input through its symmetric part, measuring distance to the input', () => {
    const skew = [[0, 0.1, -0.2], [-0.1, 0, 0.05], [0.2, -0.05, 0]];
    const a = HIGHAM_2002.map((row, i) => row.map((v, j) => v + skew[i][j]));
    const result = nearestCorrelation(a);
    const symmetric = nearestCorrelation(HIGHAM_2002);
    expectMatrixClose(result.matrix, symmetric.matrix, 1e-14, 'same solution as the symmetric part');
    // The skew part is orthogonal to every symmetric matrix: d² = d_sym² + ‖skew‖².
    const skewNorm = Math.sqrt(skew.flat().reduce((s, v) => s + v * v, 0));
    expectClose(result.distance, Math.hypot(symmetric.distance, skewNorm), 1e-14, 'distance via Pythagoras');
  });

  it('reports non-convergence but still returns a correlation matrix', () => {
    const result = nearestCorrelation(brokenCorrelation(2002, 20, 12), { maxIterations: 3 });
    expect(result.converged).toBe(false);
    expect(result.iterations).toBe(3);
    expectCorrelationMatrix(result.matrix, 'after 3 iterations');
  });

  it('handles the degenerate −I input (PSD projection of zero) and the empty matrix', () => {
    const result = nearestCorrelation([[-1, 0], [0, -1]]);
    expectMatrixClose(result.matrix, [[1, 0], [0, 1]], 1e-12, '−I → I');
    expect(nearestCorrelation([])).toEqual({ matrix: [], iterations: 0, distance: 0, converged: true });
  });

  it('validates options and input, naming the problem', () => {
    expect(() => nearestCorrelation(HIGHAM_2002, { tolerance: 0 })).toThrow(/tolerance must be > 0, got 0/);
    expect(() => nearestCorrelation(HIGHAM_2002, { maxIterations: 2.5 })).toThrow(/maxIterations must be a positive integer, got 2.5/);
    expect(() => nearestCorrelation(HIGHAM_2002, { minEigenvalue: 1 })).toThrow(/minEigenvalue must be in \[0, 1\), got 1/);
    expect(() => nearestCorrelation([[1, 0.5], [0.5]])).toThrow(/not square: row 1 has 1 entries, expected 2/);
    expect(() => nearestCorrelation([[1, NaN], [0.5, 1]])).toThrow(/\[0\]\[1\] is NaN/);
  });
});

describe('isPositiveSemidefinite', () => {
  it('accepts PD and exactly singular correlations, rejects indefinite ones', () => {
    expect(isPositiveSemidefinite(randomCorrelation(mulberry32(3), 15, 4, 0.1))).toBe(true);
    // Rank 3 of 15: twelve eigenvalues at rounding level, of either sign.
    expect(isPositiveSemidefinite(randomCorrelation(mulberry32(3), 15, 3, 0))).toBe(true);
    expect(isPositiveSemidefinite(HIGHAM_2002)).toBe(false); // λ_min = 1 − √2
    expect(isPositiveSemidefinite([])).toBe(true);
  });

  it('measures its tolerance relative to the spectral radius', () => {
    // Eigenvalues −1e-6 and 1: PSD at tol 1e-5, not at 1e-7; scaling the matrix changes nothing.
    for (const c of [1, 1e6]) {
      const m = [[c, 0], [0, -1e-6 * c]];
      expect(isPositiveSemidefinite(m, 1e-5), `scale ${c}, tol 1e-5`).toBe(true);
      expect(isPositiveSemidefinite(m, 1e-7), `scale ${c}, tol 1e-7`).toBe(false);
    }
  });
});

describe('eigenvalueClipCorrelation', () => {
  it('returns a correlation matrix that is not the nearest one', () => {
    const clipped = eigenvalueClipCorrelation(HIGHAM_2002);
    expectCorrelationMatrix(clipped, 'clipped Higham 2002');
    const { matrix: nearest } = nearestCorrelation(HIGHAM_2002);
    expect(frobeniusDistance(clipped, nearest), 'clipping differs from the optimum').toBeGreaterThan(1e-3);
  });
});
