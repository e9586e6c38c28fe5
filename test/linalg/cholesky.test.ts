/**
 * Cholesky factor L·Lᵀ = A: exact small example, reconstruction on random SPD matrices, the
 * semidefinite variant, and rejection of every malformed input with a message that names it.
 *
 * Reconstruction tolerance, per entry: |L·Lᵀ − A|_ij ≤ 2(n+2)·eps·√(a_ii·a_jj). Cholesky is
 * backward stable with |ΔA| ≤ γ_{n+1}·|L|·|Lᵀ| (Higham, Accuracy and Stability, Thm 10.3), and
 * (|L|·|Lᵀ|)_ij ≤ ‖l_i‖·‖l_j‖ = √(a_ii·a_jj) by Cauchy–Schwarz; the test's own product L·Lᵀ adds
 * another γ_n of the same size. This is the ~n·eps·‖A‖ bound, made per-entry.
 */
import { describe, expect, it } from 'vitest';
import { choleskyLower, choleskyLowerSemidefinite, NotPositiveDefiniteError } from '../../src/linalg/cholesky.js';
import { multiply, transpose, type Matrix } from '../../src/linalg/matrix.js';
import { nearestCorrelation } from '../../src/linalg/nearestCorrelation.js';
import { expectClose } from '../helpers/expectClose.js';
import { expectMatrixClose, mulberry32, randomCorrelation, randomSpd, thrown } from './support.js';

const EPS = Number.EPSILON;

function reconstruct(l: Matrix): Matrix {
  return multiply(l, transpose(l));
}

/** The per-entry backward-error bound above, for an n×n A. */
function choleskyTolerance(a: Matrix): (i: number, j: number) => number {
  const n = a.length;
  return (i, j) => 2 * (n + 2) * EPS * Math.sqrt(a[i][i] * a[j][j]);
}

function expectLowerTriangular(l: Matrix, label: string): void {
  l.forEach((row, i) =>
    row.forEach((value, j) => {
      if (j > i && value !== 0) throw new Error(`${label}: L[${i}][${j}] = ${value} above the diagonal, expected exactly 0`);
    }),
  );
}

describe('choleskyLower', () => {
  it('factors the textbook example exactly', () => {
    // Every intermediate is an integer and every square root is of a perfect square, so IEEE
    // arithmetic is exact here: tolerance 0.
    const l = choleskyLower([
      [4, 12, -16],
      [12, 37, -43],
      [-16, -43, 98],
    ]);
    expectMatrixClose(l, [
      [2, 0, 0],
      [6, 1, 0],
      [-8, 5, 3],
    ], 0, 'L');
  });

  it('reconstructs random SPD matrices of sizes 1..60 to backward-error accuracy', () => {
    const rnd = mulberry32(20240611);
    for (let n = 1; n <= 60; n++) {
      const a = randomSpd(rnd, n);
      const l = choleskyLower(a);
      expectLowerTriangular(l, `n=${n}`);
      l.forEach((row, i) => expect(row[i], `n=${n}: L[${i}][${i}] must be positive`).toBeGreaterThan(0));
      expectMatrixClose(reconstruct(l), a, choleskyTolerance(a), `n=${n}: L·Lᵀ vs A`);
    }
  });

  it('is scale invariant: factors 1e-150·A and 1e150·A', () => {
    // L(cA) = √c·L(A) exactly when c is an even power of two; powers of ten still must not
    // overflow, underflow or trip the relative pivot test. Tolerance as above.
    const a = randomSpd(mulberry32(7), 12);
    for (const c of [1e-150, 1e150]) {
      const scaled = a.map((row) => row.map((v) => v * c));
      expectMatrixClose(reconstruct(choleskyLower(scaled)), scaled, choleskyTolerance(scaled), `scale ${c}`);
    }
  });

  it('factors the empty matrix', () => {
    expect(choleskyLower([])).toEqual([]);
  });

  it('accepts rounding-level asymmetry and reads the lower triangle', () => {
    // 1e-15 relative is the asymmetry of a computed product, below the 1e-12 tolerance.
    const a = [
      [4, 2 * (1 + 1e-15)],
      [2, 5],
    ];
    const l = choleskyLower(a);
    expectClose(l[1][0], 1, 0, 'L[1][0] from the lower triangle a[1][0] = 2');
    expectClose(l[1][1], 2, 0, 'L[1][1] = √(5 − 1)');
  });

  it('rejects a non-square matrix, naming the row', () => {
    expect(() => choleskyLower([[1, 0], [0, 1], [0, 0]])).toThrow(/not square: row 0 has 2 entries, expected 3/);
    expect(() => choleskyLower([[1, 0], [0]])).toThrow(/not square: row 1 has 1 entries, expected 2/);
  });

  it('rejects an asymmetric matrix, naming the entry pair and both values', () => {
    const error = thrown(
      () =>
        choleskyLower([
          [4, 1, 0],
          [1, 4, 1],
          [0, 1.001, 4],
        ]),
      RangeError,
    );
    expect(error.message).toMatch(/not symmetric: \[2\]\[1\] = 1\.001 but \[1\]\[2\] = 1/);
  });

  it('rejects an indefinite matrix with NotPositiveDefiniteError naming the pivot', () => {
    // [[1,2],[2,1]]: pivot 1 is 1 − 2² = −3.
    const error = thrown(() => choleskyLower([[1, 2], [2, 1]]), NotPositiveDefiniteError);
    expect(error.pivotIndex).toBe(1);
    expectClose(error.pivotValue, -3, 0, 'pivot value');
    expect(error.message).toMatch(/not positive definite: pivot 1 is -3/);
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('NotPositiveDefiniteError');
  });

  it('rejects a negative or zero leading entry at pivot 0', () => {
    expect(thrown(() => choleskyLower([[-1]]), NotPositiveDefiniteError).pivotIndex).toBe(0);
    expect(thrown(() => choleskyLower([[0, 0], [0, 1]]), NotPositiveDefiniteError).pivotIndex).toBe(0);
  });

  it('rejects a singular correlation (two perfectly correlated factors)', () => {
    // Pivot 1 is exactly 0: PSD but not PD, which is choleskyLowerSemidefinite's job.
    const error = thrown(() => choleskyLower([[1, 1, 0], [1, 1, 0], [0, 0, 1]]), NotPositiveDefiniteError);
    expect(error.pivotIndex).toBe(1);
    expect(error.pivotValue).toBe(0);
  });

  it('on matrices singular to rounding, either throws or factors to backward-error accuracy', () => {
    // Rank-7 correlations of size 8: the last pivot is rounding noise of either sign. Whichever
    // way it falls, the result must be a NotPositiveDefiniteError at that pivot or a factor that
    // meets the same reconstruction tolerance as for a well-conditioned matrix.
    let threw = 0;
    for (let seed = 1; seed <= 30; seed++) {
      const a = randomCorrelation(mulberry32(seed), 8, 7, 0);
      let l: Matrix;
      try {
        l = choleskyLower(a);
      } catch (error) {
        expect(error, `seed ${seed}`).toBeInstanceOf(NotPositiveDefiniteError);
        expect((error as NotPositiveDefiniteError).pivotIndex, `seed ${seed}: failing pivot`).toBe(7);
        threw++;
        continue;
      }
      expectMatrixClose(reconstruct(l), a, choleskyTolerance(a), `seed ${seed}: L·Lᵀ vs A`);
    }
    // With these seeds both outcomes occur, so both branches are exercised.
    expect(threw, 'seeds rejected').toBeGreaterThan(0);
    expect(threw, 'seeds rejected').toBeLessThan(30);
  });

  it('rejects NaN and infinite entries, naming the entry', () => {
    expect(() => choleskyLower([[1, NaN], [NaN, 1]])).toThrow(/\[0\]\[1\] is NaN/);
    expect(() => choleskyLower([[1, 0], [0, Infinity]])).toThrow(/\[1\]\[1\] is Infinity/);
  });
});

describe('choleskyLowerSemidefinite', () => {
  /**
   * Reconstruction tolerance for the semidefinite factor: the Cholesky bound above plus what
   * the rank cut may drop, tol·max a_ii per entry (the remaining Schur complement of a PSD matrix
   * is bounded by its largest diagonal), plus the LQ step's own backward error, ~n·eps·√(a_ii·a_jj).
   */
  function semidefiniteTolerance(a: Matrix, tol: number): (i: number, j: number) => number {
    const n = a.length;
    const maxDiagonal = Math.max(...a.map((row, i) => row[i]));
    return (i, j) => 4 * (n + 2) * EPS * Math.sqrt(a[i][i] * a[j][j]) + tol * maxDiagonal;
  }

  it('factors a correlation with perfectly correlated factors exactly, zero columns last', () => {
    // Pivoting eliminates factor 0, then factor 2; factor 1 is left with a zero Schur
    // complement. All arithmetic is exact here, so tolerance 0. (Unlike unpivoted Cholesky, the
    // zero column is the last one, not the one of the dependent factor; L·Lᵀ = A either way.)
    const a = [
      [1, 1, 0],
      [1, 1, 0],
      [0, 0, 1],
    ];
    const l = choleskyLowerSemidefinite(a, 1e-12);
    expectMatrixClose(l, [
      [1, 0, 0],
      [1, 0, 0],
      [0, 1, 0],
    ], 0, 'L');
    expectMatrixClose(reconstruct(l), a, 0, 'L·Lᵀ');
  });

  it('agrees with choleskyLower on positive definite matrices, to rounding', () => {
    // The Cholesky factor with positive diagonal is unique, so both must find it. Forward error
    // ≲ κ(A)·(backward error); A = B·Bᵀ + n·I has κ ≲ 5, so 100·n·eps·max|L| is ample.
    const a = randomSpd(mulberry32(5), 15);
    const strict = choleskyLower(a);
    const semi = choleskyLowerSemidefinite(a, 1e-12);
    expectLowerTriangular(semi, 'semidefinite');
    const scale = Math.max(...strict.flat().map(Math.abs));
    expectMatrixClose(semi, strict, 100 * 15 * EPS * scale, 'semidefinite L vs choleskyLower L');
  });

  it('reconstructs rank-deficient correlations and has exactly n − rank zero columns', () => {
    const rnd = mulberry32(99);
    for (const [n, rank] of [[6, 1], [10, 3], [40, 7], [60, 59]] as const) {
      const a = randomCorrelation(rnd, n, rank, 0);
      const l = choleskyLowerSemidefinite(a, 1e-12);
      expectLowerTriangular(l, `n=${n}`);
      l.forEach((row, i) => expect(row[i], `n=${n}: L[${i}][${i}] ≥ 0`).toBeGreaterThanOrEqual(0));
      const zeroColumns = l.filter((_, j) => l.every((row) => row[j] === 0)).length;
      expect(zeroColumns, `n=${n}, rank ${rank}: zero columns of L`).toBe(n - rank);
      expectMatrixClose(reconstruct(l), a, semidefiniteTolerance(a, 1e-12), `n=${n}, rank ${rank}: L·Lᵀ vs A`);
    }
  });

  it('factors the output of nearest-correlation repairs (the engine path), every time', () => {
    // Regression: unpivoted Cholesky that zeroes the column under a ~0 pivot fails on about a
    // quarter of these (pivots like −2e-11 mid-way); complete pivoting must never fail.
    for (let seed = 1; seed <= 40; seed++) {
      const rnd = mulberry32(seed);
      const n = 10 + (seed % 25);
      const broken = randomCorrelation(rnd, n, 4, 0.2);
      for (let t = 0; t < n; t++) {
        const i = Math.floor(rnd() * n);
        const j = Math.floor(rnd() * n);
        if (i === j) continue;
        broken[i][j] = broken[j][i] = 2 * rnd() - 1;
      }
      const repaired = nearestCorrelation(broken).matrix;
      const l = choleskyLowerSemidefinite(repaired, 1e-12);
      expectLowerTriangular(l, `seed ${seed}`);
      expectMatrixClose(reconstruct(l), repaired, semidefiniteTolerance(repaired, 1e-12), `seed ${seed}: L·Lᵀ vs repaired`);
    }
  });

  it('factors Higham’s repaired example, which strict Cholesky rejects', () => {
    // The repair of [[1,1,0],[1,1,1],[0,1,1]] has eigenvalues 0, 0.84, 2.16.
    const repaired = nearestCorrelation([[1, 1, 0], [1, 1, 1], [0, 1, 1]]).matrix;
    expect(() => choleskyLower(repaired)).toThrow(NotPositiveDefiniteError);
    const l = choleskyLowerSemidefinite(repaired, 1e-12);
    expectMatrixClose(reconstruct(l), repaired, semidefiniteTolerance(repaired, 1e-12), 'L·Lᵀ vs repaired');
  });

  it('factors the zero and empty matrices', () => {
    expect(choleskyLowerSemidefinite([[0, 0], [0, 0]], 1e-12)).toEqual([[0, 0], [0, 0]]);
    expect(choleskyLowerSemidefinite([], 1e-12)).toEqual([]);
  });

  it('still rejects indefinite matrices: a negative Schur-complement diagonal', () => {
    // [[1,2],[2,1]]: after eliminating factor 0 the remaining diagonal is 1 − 2² = −3.
    const error = thrown(() => choleskyLowerSemidefinite([[1, 2], [2, 1]], 1e-12), NotPositiveDefiniteError);
    expect(error.pivotIndex).toBe(1);
    expect(error.pivotValue).toBe(-3);
    expect(error.message).toMatch(/not positive semidefinite: pivot 1 \(row\/column of the input\) is -3 after 1 elimination/);
  });

  it('still rejects indefinite matrices: a zero diagonal with a non-zero off-diagonal', () => {
    // [[0, 0.5], [0.5, 1]] has determinant −0.25; eliminating factor 1 leaves 0 − 0.5² at [0][0].
    const error = thrown(() => choleskyLowerSemidefinite([[0, 0.5], [0.5, 1]], 1e-12), NotPositiveDefiniteError);
    expect(error.pivotIndex).toBe(0);
    expect(error.pivotValue).toBe(-0.25);
    // With all diagonals ~0 but an off-diagonal entry left over, the other check names the entry.
    const offDiagonal = thrown(() => choleskyLowerSemidefinite([[0, 1e-3], [1e-3, 0]], 1e-12), NotPositiveDefiniteError);
    expect(offDiagonal.message).toMatch(/entry \[1\]\[0\] = 0\.001/);
  });

  it('validates its tolerance and input like choleskyLower', () => {
    expect(() => choleskyLowerSemidefinite([[1]], -1)).toThrow(/tol must be in \[0, 1\), got -1/);
    expect(() => choleskyLowerSemidefinite([[1]], NaN)).toThrow(/tol must be in/);
    expect(() => choleskyLowerSemidefinite([[1, 0]], 1e-12)).toThrow(/not square/);
    expect(() => choleskyLowerSemidefinite([[1, 0.5], [0.4, 1]], 1e-12)).toThrow(/not symmetric: \[1\]\[0\] = 0\.4/);
    expect(() => choleskyLowerSemidefinite([[NaN]], 1e-12)).toThrow(/\[0\]\[0\] is NaN/);
  });
});
