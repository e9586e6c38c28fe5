import { assertFinite, assertSquare, assertSymmetric, SYMMETRY_TOLERANCE, type Matrix } from './matrix.js';
import { NotPositiveDefiniteError } from './notPositiveDefiniteError.js';

/**
 * Lower-triangular L with L·Lᵀ = A for a symmetric positive *semi*definite A, such as the output of
 * a nearest-correlation repair (eigenvalues clipped to zero) or a correlation with perfectly
 * correlated factors. Columns of L beyond the numerical rank are zero.
 *
 * Why not plain Cholesky that zeroes the column under a ~0 pivot: without pivoting, the pivots of a
 * singular PSD matrix are only accurate to eps·κ of the leading blocks, so a repaired correlation
 * (true pivots exactly 0) routinely shows pivots like −2e-11 long before its last row, and no
 * fixed tolerance separates that noise from genuine indefiniteness. Instead:
 *
 * 1. Cholesky with complete (diagonal) pivoting, the semidefinite algorithm of LAPACK's dpstrf
 *    (Higham, "Accuracy and Stability of Numerical Algorithms", §10.3): eliminate the largest
 *    remaining diagonal each step and stop when it is ≤ tol·max_i a_ii. For a PSD matrix every
 *    remaining Schur-complement entry is then at most that (|s_ij| ≤ √(s_ii·s_jj)), so dropping
 *    them changes L·Lᵀ by ≤ tol·max a_ii per entry. This gives A ≈ F·Fᵀ with F = P·R, n×rank.
 * 2. An LQ factorization F = L·Q by Householder reflections from the right (Q orthogonal), so
 *    F·Fᵀ = L·Lᵀ with L lower triangular, as the scenario kernel expects (it sums c ≤ r only).
 *    Column signs are fixed so that diag(L) ≥ 0.
 *
 * Both steps are backward stable, so |L·Lᵀ − A| ≲ tol·max a_ii + O(n·eps)·√(a_ii·a_jj). For a
 * positive definite A (rank n) L is the Cholesky factor, up to rounding.
 *
 * Throws NotPositiveDefiniteError, naming the row/column and Schur-complement value, when A is
 * indefinite beyond the tolerance: a remaining diagonal below −tol·max a_ii, or, once all remaining
 * diagonals are ~0, an off-diagonal entry that a PSD matrix could not have.
 */
export function choleskyLowerSemidefinite(matrix: readonly (readonly number[])[], tol = 1e-12): Matrix {
  const name = 'choleskyLowerSemidefinite';
  if (!(tol >= 0 && tol < 1)) throw new RangeError(`${name}: tol must be in [0, 1), got ${tol}`);
  assertSquare(matrix, `${name}: matrix`);
  assertFinite(matrix, `${name}: matrix`);
  assertSymmetric(matrix, SYMMETRY_TOLERANCE, `${name}: matrix`);
  const n = matrix.length;
  const factor = pivotedCholesky(matrix, tol, name);
  return lowerTriangularize(factor, n);
}

/**
 * Outer-product Cholesky with complete pivoting on a working copy W of the lower triangle.
 * Returns the columns of F (in the input's row order), one per eliminated pivot.
 */
function pivotedCholesky(matrix: readonly (readonly number[])[], tol: number, name: string): Float64Array[] {
  const n = matrix.length;
  const w = matrix.map((row, i) => Float64Array.from(row.slice(0, i + 1))); // w[i][j], j ≤ i
  const at = (i: number, j: number) => (i >= j ? w[i][j] : w[j][i]);
  const maxDiagonal = matrix.reduce((max, row, i) => Math.max(max, row[i]), 0);
  const zeroBand = tol * maxDiagonal;
  let remaining = Array.from({ length: n }, (_, i) => i);
  const columns: Float64Array[] = [];

  while (remaining.length > 0) {
    let pivot = remaining[0];
    let lowest = remaining[0];
    for (const i of remaining) {
      if (w[i][i] > w[pivot][pivot]) pivot = i;
      if (w[i][i] < w[lowest][lowest]) lowest = i;
    }
    const eliminated = n - remaining.length;
    if (w[lowest][lowest] < -zeroBand) {
      throw new NotPositiveDefiniteError(
        `${name}: matrix is not positive semidefinite: pivot ${lowest} (row/column of the input) is ` +
          `${w[lowest][lowest]} after ${eliminated} elimination(s) (diagonal entry ${matrix[lowest][lowest]}; ` +
          `allowed down to -${tol} × max diagonal = ${-zeroBand})`,
        lowest,
        w[lowest][lowest],
      );
    }
    if (w[pivot][pivot] <= zeroBand) {
      // Numerical rank reached. What is left must be ~0, as a PSD Schur complement would be.
      for (const i of remaining) {
        for (const j of remaining) {
          if (j < i && !(Math.abs(w[i][j]) <= zeroBand)) {
            throw new NotPositiveDefiniteError(
              `${name}: matrix is not positive semidefinite: after ${eliminated} elimination(s) the ` +
                `Schur complement has diagonal [${j}][${j}] = ${w[j][j]} (zero to tolerance) but entry ` +
                `[${i}][${j}] = ${w[i][j]} (a PSD matrix needs |s_ij| ≤ √(s_ii·s_jj) ≤ ${zeroBand})`,
              j,
              w[j][j],
            );
          }
        }
      }
      break;
    }

    const root = Math.sqrt(w[pivot][pivot]);
    const column = new Float64Array(n);
    column[pivot] = root;
    remaining = remaining.filter((i) => i !== pivot);
    for (const i of remaining) column[i] = at(i, pivot) / root;
    for (const i of remaining) {
      const ci = column[i];
      for (const j of remaining) if (j <= i) w[i][j] -= ci * column[j];
    }
    columns.push(column);
  }
  return columns;
}

/**
 * L (n×n, lower triangular, diag ≥ 0) with L·Lᵀ = F·Fᵀ, from the LQ factorization of the n×r
 * matrix F given by its columns. Householder reflector k maps row k's entries k..r−1 onto entry k
 * and is applied to rows k..n−1 (rows above already have zeros there).
 */
function lowerTriangularize(columns: Float64Array[], n: number): Matrix {
  const r = columns.length;
  const f: Matrix = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (j < r ? columns[j][i] : 0)));
  const v = new Float64Array(r);
  for (let k = 0; k < r; k++) {
    const row = f[k];
    // Scale by the largest entry so the norm cannot overflow or underflow.
    let scale = 0;
    for (let j = k; j < r; j++) scale = Math.max(scale, Math.abs(row[j]));
    let tail = 0;
    for (let j = k + 1; j < r; j++) tail += (row[j] / scale) ** 2;
    if (tail > 0) {
      const x0 = row[k] / scale;
      const norm = Math.sqrt(x0 * x0 + tail);
      const alpha = x0 > 0 ? -norm : norm; // opposite sign to x0: no cancellation in v0
      v[k] = x0 - alpha;
      for (let j = k + 1; j < r; j++) v[j] = row[j] / scale;
      const beta = 2 / (v[k] * v[k] + tail);
      for (let i = k; i < n; i++) {
        const fi = f[i];
        let dot = 0;
        for (let j = k; j < r; j++) dot += fi[j] * v[j];
        const g = beta * dot;
        for (let j = k; j < r; j++) fi[j] -= g * v[j];
      }
      for (let j = k + 1; j < r; j++) row[j] = 0; // exactly zero, not rounding residue
    }
    if (row[k] < 0) for (let i = k; i < n; i++) f[i][k] = -f[i][k];
  }
  return f;
}
