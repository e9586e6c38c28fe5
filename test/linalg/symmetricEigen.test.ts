/**
 * Jacobi eigen-decomposition: residuals A·v = λ·v, orthonormality, ordering, exact small cases,
 * repeated eigenvalues and warm starts.
 *
 * Tolerances: Jacobi is backward stable, so the computed (Λ, V) are exact for some A + E with
 * ‖E‖_F ≲ c·eps·‖A‖_F, c growing mildly with n and the number of sweeps (Demmel & Veselić 1992),
 * and VᵀV = I to ~n·eps. Residual columns are therefore bounded by 10·n·eps·‖A‖_F and
 * orthonormality by 10·n·eps: the factor 10 covers the sweep count and the test's own dot
 * products (each ~n·eps), without hiding an O(1) bug.
 */
import { describe, expect, it } from 'vitest';
import { identity, multiply, transpose, type Matrix } from '../../src/linalg/matrix.js';
import { symmetricEigen } from '../../src/linalg/symmetricEigen.js';
import { expectClose } from '../helpers/expectClose.js';
import { expectMatrixClose, mulberry32, randomSymmetric, thrown } from './support.js';

const EPS = Number.EPSILON;

function frobenius(m: Matrix): number {
  return Math.sqrt(m.flat().reduce((sum, v) => sum + v * v, 0));
}

/** Checks A·v_k = λ_k·v_k, VᵀV = I and ascending order, with the tolerances above. */
function expectEigenpairs(a: Matrix, values: number[], vectors: Matrix, label: string): void {
  const n = a.length;
  const scale = frobenius(a);
  for (let k = 1; k < n; k++) {
    expect(values[k], `${label}: values ascending at ${k}`).toBeGreaterThanOrEqual(values[k - 1]);
  }
  const av = multiply(a, vectors);
  const lambdaV = vectors.map((row) => row.map((v, k) => v * values[k]));
  expectMatrixClose(av, lambdaV, 10 * n * EPS * scale, `${label}: A·V vs V·Λ`);
  expectMatrixClose(multiply(transpose(vectors), vectors), identity(n), 10 * n * EPS, `${label}: VᵀV vs I`);
}

describe('symmetricEigen', () => {
  it('satisfies A·v = λ·v with orthonormal V on random symmetric matrices', () => {
    const rnd = mulberry32(314159);
    for (const n of [1, 2, 3, 4, 5, 8, 13, 21, 34, 60]) {
      const a = randomSymmetric(rnd, n);
      const { values, vectors } = symmetricEigen(a);
      expectEigenpairs(a, values, vectors, `n=${n}`);
      // The trace is invariant: Σλ = Σ a_ii, to the same backward-error scale.
      const trace = a.reduce((sum, row, i) => sum + row[i], 0);
      expectClose(values.reduce((sum, v) => sum + v, 0), trace, 10 * n * EPS * frobenius(a), `n=${n}: Σλ vs trace`);
    }
  });

  it('reconstructs A = V·Λ·Vᵀ', () => {
    const a = randomSymmetric(mulberry32(2), 25);
    const { values, vectors } = symmetricEigen(a);
    const rebuilt = multiply(vectors.map((row) => row.map((v, k) => v * values[k])), transpose(vectors));
    expectMatrixClose(rebuilt, a, 10 * 25 * EPS * frobenius(a), 'V·Λ·Vᵀ vs A');
  });

  it('gets the 2×2 case [[2,1],[1,2]] right: λ = 1, 3 with v = (1,∓1)/√2', () => {
    // Closed form; tolerance a few ulps of the O(1) entries.
    const { values, vectors } = symmetricEigen([[2, 1], [1, 2]]);
    expectClose(values[0], 1, 4 * EPS, 'λ0');
    expectClose(values[1], 3, 4 * EPS, 'λ1');
    // Eigenvectors are defined up to sign: compare |components|, then the relative sign.
    for (const [i, k] of [[0, 0], [1, 0], [0, 1], [1, 1]]) {
      expectClose(Math.abs(vectors[i][k]), Math.SQRT1_2, 4 * EPS, `|v${k}[${i}]|`);
    }
    expect(Math.sign(vectors[0][0]) * Math.sign(vectors[1][0]), 'v0 ∝ (1, −1)').toBe(-1);
    expect(Math.sign(vectors[0][1]) * Math.sign(vectors[1][1]), 'v1 ∝ (1, 1)').toBe(1);
  });

  it('returns a diagonal matrix sorted, with permutation vectors, exactly', () => {
    // No rotation is needed, so no rounding: tolerance 0.
    const { values, vectors } = symmetricEigen([[3, 0, 0], [0, -1, 0], [0, 0, 2]]);
    expect(values).toEqual([-1, 2, 3]);
    expectMatrixClose(vectors, [[0, 0, 1], [1, 0, 0], [0, 1, 0]], 0, 'V');
  });

  it('handles exactly repeated eigenvalues: the all-ones matrix has λ = 0 (n−1 times) and n', () => {
    // J = 11ᵀ is the correlation of n perfectly correlated factors: the degenerate case the
    // semidefinite Cholesky and the correlation repair must survive. Zero eigenvalues have no
    // relative scale, so their tolerance is the absolute backward error 10·n·eps·‖J‖_F.
    const n = 12;
    const ones = Array.from({ length: n }, () => new Array<number>(n).fill(1));
    const { values, vectors } = symmetricEigen(ones);
    for (let k = 0; k < n - 1; k++) expectClose(values[k], 0, 10 * n * EPS * n, `λ${k}`);
    expectClose(values[n - 1], n, 10 * n * EPS * n, `λ${n - 1}`);
    expectEigenpairs(ones, values, vectors, 'all-ones');
  });

  it('handles the empty matrix and 1×1', () => {
    expect(symmetricEigen([])).toEqual({ values: [], vectors: [] });
    expect(symmetricEigen([[-2.5]])).toEqual({ values: [-2.5], vectors: [[1]] });
  });

  it('is scale invariant down to 1e-150 and up to 1e150', () => {
    const a = randomSymmetric(mulberry32(8), 10);
    const base = symmetricEigen(a).values;
    for (const c of [1e-150, 1e150]) {
      const scaled = a.map((row) => row.map((v) => v * c));
      const { values, vectors } = symmetricEigen(scaled);
      expectEigenpairs(scaled, values, vectors, `scale ${c}`);
      values.forEach((v, k) => expectClose(v / c, base[k], 10 * 10 * EPS * frobenius(a), `scale ${c}: λ${k}/c`));
    }
  });

  it('warm-started from a nearby matrix’s eigenvectors gives the same decomposition', () => {
    // The nearest-correlation iteration passes the previous eigenvectors. Eigenvalues agree to
    // the backward-error scale; the vectors are checked through the residual (their signs and
    // the basis of any cluster may legitimately differ).
    const rnd = mulberry32(4242);
    const n = 30;
    const a = randomSymmetric(rnd, n);
    const nearby = a.map((row) => row.slice());
    for (let i = 0; i < n; i++) {
      for (let j = 0; j <= i; j++) {
        const delta = 1e-3 * (2 * rnd() - 1);
        nearby[i][j] += delta;
        if (i !== j) nearby[j][i] += delta;
      }
    }
    const cold = symmetricEigen(a);
    const warm = symmetricEigen(a, { initialVectors: symmetricEigen(nearby).vectors });
    expectEigenpairs(a, warm.values, warm.vectors, 'warm start');
    warm.values.forEach((v, k) => expectClose(v, cold.values[k], 10 * n * EPS * frobenius(a), `λ${k} warm vs cold`));
  });

  it('rejects a non-orthogonal or mis-sized warm start', () => {
    const a = randomSymmetric(mulberry32(1), 3);
    const skewed = [[1, 0.1, 0], [0, 1, 0], [0, 0, 1]];
    expect(thrown(() => symmetricEigen(a, { initialVectors: skewed }), RangeError).message).toMatch(
      /initialVectors is not orthogonal: columns 0 and 1 have dot product 0\.1/,
    );
    expect(() => symmetricEigen(a, { initialVectors: identity(2) })).toThrow(/initialVectors is 2×2, matrix is 3×3/);
  });

  it('rejects asymmetric, non-square and non-finite input, naming the problem', () => {
    expect(() => symmetricEigen([[1, 2], [3, 1]])).toThrow(/not symmetric: \[1\]\[0\] = 3 but \[0\]\[1\] = 2/);
    expect(() => symmetricEigen([[1, 2, 3], [2, 1, 0]])).toThrow(/not square: row 0 has 3 entries, expected 2/);
    expect(() => symmetricEigen([[1, NaN], [NaN, 1]])).toThrow(/\[0\]\[1\] is NaN/);
  });
});
