/**
 * Test data and matrix-level assertions for the linalg tests. Data come from the seeded
 * mulberry32 generator so every run sees the same matrices.
 */
import { expectClose, mulberry32 } from '../helpers/expectClose.js';
import type { Matrix } from '../../src/linalg/matrix.js';

export { mulberry32 };

export type Random = () => number;

/** rows×cols with entries uniform in [−1, 1). */
export function randomMatrix(rnd: Random, rows: number, cols = rows): Matrix {
  return Array.from({ length: rows }, () => Array.from({ length: cols }, () => 2 * rnd() - 1));
}

/** Symmetric n×n with entries uniform in [−1, 1), usually indefinite. */
export function randomSymmetric(rnd: Random, n: number): Matrix {
  const m = randomMatrix(rnd, n);
  for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) m[j][i] = m[i][j];
  return m;
}

/** B·Bᵀ + n·I with B uniform: SPD with eigenvalues ≥ n, so comfortably positive definite. */
export function randomSpd(rnd: Random, n: number): Matrix {
  const b = randomMatrix(rnd, n);
  return Array.from({ length: n }, (_, i) =>
    Array.from({ length: n }, (_, j) => {
      let sum = i === j ? n : 0;
      for (let k = 0; k < n; k++) sum += b[i][k] * b[j][k];
      return sum;
    }),
  );
}

/**
 * Correlation of a k-factor model, D^{-1/2}(ΛΛᵀ + ψI)D^{-1/2} with loadings Λ uniform: positive
 * definite when ψ > 0, of rank k (exactly singular) when ψ = 0 and k < n. Unit diagonal set exactly.
 */
export function randomCorrelation(rnd: Random, n: number, factors: number, idiosyncratic: number): Matrix {
  const loadings = randomMatrix(rnd, n, factors);
  const cov = Array.from({ length: n }, (_, i) =>
    Array.from({ length: n }, (_, j) => {
      let sum = i === j ? idiosyncratic : 0;
      for (let k = 0; k < factors; k++) sum += loadings[i][k] * loadings[j][k];
      return sum;
    }),
  );
  const scale = cov.map((row, i) => 1 / Math.sqrt(row[i]));
  // (s_i·s_j) first, so that [i][j] and [j][i] round identically: exactly symmetric.
  return cov.map((row, i) => row.map((value, j) => (i === j ? 1 : value * (scale[i] * scale[j]))));
}

/**
 * Asserts |computed[i][j] − expected[i][j]| ≤ tolerance(i, j) for every entry and, on failure,
 * reports the worst entry (relative to its tolerance) with computed, expected, error, tolerance.
 */
export function expectMatrixClose(
  computed: Matrix,
  expected: Matrix,
  tolerance: number | ((i: number, j: number) => number),
  label: string,
): void {
  const tol = typeof tolerance === 'number' ? () => tolerance : tolerance;
  if (computed.length !== expected.length) throw new Error(`${label}: ${computed.length} rows, expected ${expected.length}`);
  let worst = { i: 0, j: 0, ratio: -1 };
  for (let i = 0; i < expected.length; i++) {
    if (computed[i].length !== expected[i].length) {
      throw new Error(`${label}: row ${i} has ${computed[i].length} entries, expected ${expected[i].length}`);
    }
    for (let j = 0; j < expected[i].length; j++) {
      const error = Math.abs(computed[i][j] - expected[i][j]);
      // error 0 passes any tolerance (even 0); NaN fails any.
      const ratio = error === 0 ? 0 : Number.isNaN(error) ? Infinity : error / tol(i, j);
      if (ratio > worst.ratio) worst = { i, j, ratio };
    }
  }
  if (worst.ratio < 0) return; // empty matrix
  const { i, j } = worst;
  expectClose(computed[i][j], expected[i][j], tol(i, j), `${label} [${i}][${j}] (worst entry)`);
}

/** Runs `fn`, requires it to throw an instance of `type`, and returns the error for message checks. */
export function thrown<E extends Error>(fn: () => unknown, type: new (...args: never[]) => E): E {
  try {
    fn();
  } catch (error) {
    if (error instanceof type) return error;
    throw new Error(`expected ${type.name}, got ${String(error)}`);
  }
  throw new Error(`expected ${type.name}, but nothing was thrown`);
}
