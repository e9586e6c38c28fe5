import { assertFinite, assertSquare, assertSymmetric, SYMMETRY_TOLERANCE, type Matrix } from './matrix.js';
import { NotPositiveDefiniteError } from './notPositiveDefiniteError.js';

// The Cholesky family is imported from here; each routine lives in its own file.
export { NotPositiveDefiniteError } from './notPositiveDefiniteError.js';
export { choleskyLowerSemidefinite } from './choleskySemidefinite.js';

/**
 * Lower-triangular L with L·Lᵀ = A for a symmetric positive definite A (Cholesky–Crout, column by
 * column, reading the lower triangle; Higham, "Accuracy and Stability of Numerical Algorithms",
 * §10.1). Backward stable: the computed L is the exact factor of A + ΔA with |ΔA| ≲ (n+1)u·|L||Lᵀ|.
 *
 * A pivot ≤ 0 (or NaN) throws NotPositiveDefiniteError, as in LAPACK's dpotrf. No larger floor is
 * needed for the factor to be usable: whenever the factorization completes, ‖l_i‖² = a_ii (to
 * rounding), so |L|·|Lᵀ| ≤ √(a_ii·a_jj) entrywise and L·Lᵀ is within 2(n+1)·eps·√(a_ii·a_jj) of A,
 * however nearly singular A is. For a matrix that is singular in exact arithmetic the sign of the
 * last pivots is rounding noise, so it may either factor (accurately, by that bound) or throw;
 * `choleskyLowerSemidefinite` is the deterministic route for such matrices.
 *
 * The input must be square, finite and symmetric to SYMMETRY_TOLERANCE (relative).
 */
export function choleskyLower(matrix: readonly (readonly number[])[]): Matrix {
  const name = 'choleskyLower: matrix';
  assertSquare(matrix, name);
  assertFinite(matrix, name);
  assertSymmetric(matrix, SYMMETRY_TOLERANCE, name);
  const n = matrix.length;
  const l: Matrix = Array.from({ length: n }, () => new Array<number>(n).fill(0));

  for (let j = 0; j < n; j++) {
    const lj = l[j];
    let pivot = matrix[j][j];
    for (let k = 0; k < j; k++) pivot -= lj[k] * lj[k];
    if (!(pivot > 0)) {
      throw new NotPositiveDefiniteError(
        `choleskyLower: matrix is not positive definite: pivot ${j} is ${pivot} (diagonal entry ${matrix[j][j]}; ` +
          `a pivot must be > 0), so the leading ${j + 1}×${j + 1} block is singular or indefinite`,
        j,
        pivot,
      );
    }
    const ljj = Math.sqrt(pivot);
    lj[j] = ljj;
    for (let i = j + 1; i < n; i++) {
      const li = l[i];
      let s = matrix[i][j];
      for (let k = 0; k < j; k++) s -= li[k] * lj[k];
      li[j] = s / ljj;
    }
  }
  return l;
}
