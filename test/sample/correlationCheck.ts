/**
 * Shared checks for correlation matrices built by the sample builders: symmetric, unit
 * diagonal, entries in [−1, 1], and positive definite (a plain Cholesky succeeds with every
 * pivot above `minPivot`). Written here rather than imported from src/linalg so that the
 * fixtures are checked independently of the code under test elsewhere.
 */
import { expect } from 'vitest';

/** Smallest squared Cholesky pivot of `matrix` (≤ 0 means not positive definite). */
export function smallestCholeskyPivot(matrix: readonly (readonly number[])[]): number {
  const n = matrix.length;
  const lower = Array.from({ length: n }, () => new Float64Array(n));
  let smallest = Infinity;
  for (let j = 0; j < n; j++) {
    let diagonal = matrix[j][j];
    for (let k = 0; k < j; k++) diagonal -= lower[j][k] ** 2;
    smallest = Math.min(smallest, diagonal);
    if (!(diagonal > 0)) return diagonal;
    lower[j][j] = Math.sqrt(diagonal);
    for (let i = j + 1; i < n; i++) {
      let sum = matrix[i][j];
      for (let k = 0; k < j; k++) sum -= lower[i][k] * lower[j][k];
      lower[i][j] = sum / lower[j][j];
    }
  }
  return smallest;
}

export function expectValidCorrelation(factors: readonly string[], matrix: readonly (readonly number[])[], minPivot: number): void {
  const n = factors.length;
  expect(new Set(factors).size).toBe(n);
  expect(matrix.length).toBe(n);
  for (let r = 0; r < n; r++) {
    expect(matrix[r].length).toBe(n);
    expect(matrix[r][r]).toBe(1);
    for (let c = 0; c < n; c++) {
      if (matrix[r][c] !== matrix[c][r]) throw new Error(`not symmetric at [${r}][${c}]: ${matrix[r][c]} vs ${matrix[c][r]}`);
      if (!(Math.abs(matrix[r][c]) <= 1)) throw new Error(`entry [${r}][${c}] = ${matrix[r][c]} outside [-1, 1]`);
    }
  }
  const pivot = smallestCholeskyPivot(matrix);
  if (!(pivot > minPivot)) throw new Error(`not positive definite enough: smallest Cholesky pivot ${pivot}, required > ${minPivot}`);
}
