import { choleskyLowerSemidefinite } from './choleskySemidefinite.js';
import { type Matrix, multiply } from './matrix.js';
import { symmetricEigen } from './symmetricEigen.js';

/**
 * The Gaussian conditional of the `free` coordinates given the `given` ones, for a correlation
 * matrix C: if x ~ N(0, C), then
 *   x_free | x_given  ~  N(B · x_given, C_ff − B · C_gf),   B = C_fg · C_gg⁺,
 * returned as the regression B (|free| × |given|) and a lower factor L of the conditional
 * covariance (|free| × |free|), so that x_free = B · x_given + L · ε with ε standard normal.
 * C_gg⁺ is the pseudo-inverse (eigenvalues below `tol`·max set to zero), so perfectly
 * correlated given coordinates are handled; the conditional covariance is factored by the
 * semidefinite Cholesky (a free coordinate fully explained by the given ones gets a zero row).
 */
export function conditionalGaussian(
  correlation: readonly (readonly number[])[],
  given: readonly number[],
  free: readonly number[],
  tol = 1e-12,
): { regression: Matrix; lower: Matrix } {
  const sub = (rows: readonly number[], cols: readonly number[]): Matrix => rows.map((r) => cols.map((c) => correlation[r][c]));
  const regression = given.length === 0 ? free.map(() => []) : multiply(sub(free, given), pseudoInverse(sub(given, given), tol));
  const cfg = sub(free, given);
  const covariance = sub(free, free).map((row, i) =>
    row.map((value, j) => {
      let explained = 0;
      for (let k = 0; k < given.length; k++) explained += regression[i][k] * cfg[j][k];
      return value - explained;
    }),
  );
  // Symmetrize: the two triangles differ by rounding only.
  const symmetric = covariance.map((row, i) => row.map((value, j) => 0.5 * (value + covariance[j][i])));
  const lower = free.length === 0 ? [] : choleskyLowerSemidefinite(symmetric, 1e-10);
  return { regression, lower };
}

function pseudoInverse(m: Matrix, tol: number): Matrix {
  const { values, vectors } = symmetricEigen(m);
  const n = m.length;
  const largest = Math.max(...values.map(Math.abs), 0);
  const out: Matrix = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  values.forEach((lambda, k) => {
    if (!(Math.abs(lambda) > tol * largest)) return;
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) out[i][j] += (vectors[i][k] * vectors[j][k]) / lambda;
  });
  return out;
}
