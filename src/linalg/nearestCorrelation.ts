import { assertFinite, assertSquare, frobeniusDistance, type Matrix } from './matrix.js';
import { symmetricEigen } from './symmetricEigen.js';

export interface NearestCorrelationOptions {
  /** Stop when the relative change of successive iterates falls below this. Default 1e-10. */
  tolerance?: number;
  /** Iteration cap; the result is still a valid correlation matrix when it is hit. Default 2000. */
  maxIterations?: number;
  /**
   * Floor for the eigenvalues of the result, in [0, 1). Default 0 (the true nearest correlation
   * matrix, usually singular). A small positive floor yields a positive definite matrix that an
   * ordinary Cholesky accepts, at the price of a slightly larger distance.
   */
  minEigenvalue?: number;
}

export interface NearestCorrelationResult {
  /** Symmetric, unit diagonal (exactly), eigenvalues ≥ minEigenvalue up to rounding. */
  matrix: Matrix;
  /** Alternating-projection iterations used; 0 when the input already was a correlation matrix. */
  iterations: number;
  /** ‖result − input‖_F: how much the repair moved the input. */
  distance: number;
  /** False when maxIterations was hit before the tolerance was met. */
  converged: boolean;
}

/**
 * The nearest correlation matrix to `matrix` in the Frobenius norm: argmin ‖A − X‖_F over
 * symmetric X with unit diagonal and X ⪰ 0 (or X ⪰ minEigenvalue·I). Higham (2002), "Computing
 * the nearest correlation matrix — a problem from finance", IMA J. Numer. Anal. 22, 329–343,
 * §3 with unit weights (W = I): alternating projections onto the PSD cone S and the unit-
 * diagonal set U with Dykstra's correction ΔS applied before each projection onto S (U is an
 * affine subspace, so it needs none). Plain alternating projections would converge to *a* point
 * of S ∩ U, not the nearest one; Dykstra's correction makes the limit the projection.
 *
 * Convergence is linear, so the stopping test is on the relative change of both iterates and on
 * their gap (as in Higham's `nearcorr`). On exit the PSD iterate X is rescaled to unit diagonal,
 * D^{-1/2} X D^{-1/2} with D = diag(X): a congruence, so the eigenvalue floor survives, and since
 * diag(X) is within the tolerance of 1 the move is of that order. The returned matrix therefore
 * is a correlation matrix even when the iteration cap is hit.
 *
 * The input must be square and finite; it is used through its symmetric part (A + Aᵀ)/2, which
 * has the same nearest correlation matrix because the skew part is Frobenius-orthogonal to every
 * symmetric matrix. `distance` is measured against the input as given.
 */
export function nearestCorrelation(
  matrix: readonly (readonly number[])[],
  opts: NearestCorrelationOptions = {},
): NearestCorrelationResult {
  const { tolerance = 1e-10, maxIterations = 2000, minEigenvalue = 0 } = opts;
  if (!(tolerance > 0)) throw new RangeError(`nearestCorrelation: tolerance must be > 0, got ${tolerance}`);
  if (!Number.isInteger(maxIterations) || maxIterations < 1) {
    throw new RangeError(`nearestCorrelation: maxIterations must be a positive integer, got ${maxIterations}`);
  }
  if (!(minEigenvalue >= 0 && minEigenvalue < 1)) {
    // A unit diagonal fixes the eigenvalues' mean at 1, so a floor of 1 or more is unattainable
    // (except by the identity); negative floors would allow non-PSD results.
    throw new RangeError(`nearestCorrelation: minEigenvalue must be in [0, 1), got ${minEigenvalue}`);
  }
  assertSquare(matrix, 'nearestCorrelation: matrix');
  assertFinite(matrix, 'nearestCorrelation: matrix');
  const n = matrix.length;
  const a = symmetricPart(matrix);
  const result = (x: Matrix, iterations: number, converged: boolean): NearestCorrelationResult => ({
    matrix: x,
    iterations,
    distance: frobeniusDistance(x, matrix),
    converged,
  });

  if (isCorrelation(a, minEigenvalue)) return result(a, 0, true);

  let y = a.map((row) => row.slice());
  let x = y;
  const correction = zeros(n); // Dykstra's ΔS
  let basis: Matrix | undefined; // previous eigenvectors: R moves little per step, so warm-start Jacobi
  for (let iteration = 1; iteration <= maxIterations; iteration++) {
    const r = y.map((row, i) => row.map((value, j) => value - correction[i][j]));
    const projection = projectEigenvalues(r, minEigenvalue, basis);
    const xNext = projection.matrix;
    basis = projection.vectors;
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) correction[i][j] = xNext[i][j] - r[i][j];
    const yNext = xNext.map((row, i) => row.map((value, j) => (i === j ? 1 : value)));

    const changeX = frobeniusDistance(xNext, x) / frobeniusNorm(xNext);
    const changeY = frobeniusDistance(yNext, y) / frobeniusNorm(yNext);
    const gap = frobeniusDistance(yNext, xNext) / frobeniusNorm(yNext);
    x = xNext;
    y = yNext;
    if (Math.max(changeX, changeY, gap) < tolerance) return result(toUnitDiagonal(x), iteration, true);
  }
  return result(toUnitDiagonal(x), maxIterations, false);
}

/**
 * The naive repair, kept for comparison and as a cheap fallback: clip negative eigenvalues to 0,
 * then rescale to unit diagonal (D^{-1/2} X D^{-1/2}). It always gives a correlation matrix but
 * not the nearest one, because the rescaling undoes the optimality of the clipping step.
 */
export function eigenvalueClipCorrelation(matrix: readonly (readonly number[])[]): Matrix {
  assertSquare(matrix, 'eigenvalueClipCorrelation: matrix');
  assertFinite(matrix, 'eigenvalueClipCorrelation: matrix');
  return toUnitDiagonal(projectEigenvalues(symmetricPart(matrix), 0).matrix);
}

/**
 * True when every eigenvalue of the symmetric matrix `m` is ≥ −tol·max|λ|. Relative to the
 * spectral radius because an eigensolver's absolute error is eps·‖A‖, so an exactly singular PSD
 * matrix shows eigenvalues of order −n·eps·‖A‖; 1e-12 leaves room for that up to n in the
 * thousands without accepting a materially negative eigenvalue.
 */
export function isPositiveSemidefinite(m: readonly (readonly number[])[], tol = 1e-12): boolean {
  if (!(tol >= 0)) throw new RangeError(`isPositiveSemidefinite: tol must be >= 0, got ${tol}`);
  const { values } = symmetricEigen(m);
  if (values.length === 0) return true;
  const radius = Math.max(Math.abs(values[0]), Math.abs(values[values.length - 1]));
  return values[0] >= -tol * radius;
}

/** Already a correlation matrix: unit diagonal exactly and eigenvalues at or above the floor (to rounding). */
function isCorrelation(a: Matrix, minEigenvalue: number): boolean {
  if (!a.every((row, i) => row[i] === 1)) return false;
  const { values } = symmetricEigen(a);
  // Trace is n, so the spectral radius is at most n: n²·eps bounds the eigensolver's rounding.
  return values.length === 0 || values[0] >= minEigenvalue - a.length * a.length * Number.EPSILON;
}

/**
 * Projection onto {X symmetric : λ(X) ≥ floor}: V·max(Λ, floor)·Vᵀ, built exactly symmetric.
 * Also returns V, to warm-start the next call.
 */
function projectEigenvalues(m: Matrix, floor: number, initialVectors?: Matrix): { matrix: Matrix; vectors: Matrix } {
  const n = m.length;
  const { values, vectors } = symmetricEigen(m, { initialVectors });
  const clipped = values.map((value) => Math.max(value, floor));
  const out = zeros(n);
  for (let i = 0; i < n; i++) {
    const vi = vectors[i];
    for (let j = i; j < n; j++) {
      const vj = vectors[j];
      let sum = 0;
      for (let k = 0; k < n; k++) sum += vi[k] * clipped[k] * vj[k];
      out[i][j] = sum;
      out[j][i] = sum;
    }
  }
  return { matrix: out, vectors };
}

/**
 * D^{-1/2} X D^{-1/2} with D = diag(X), diagonal set to exactly 1. A congruence by a positive
 * diagonal, so PSD-ness (and, up to the tiny scale change, the eigenvalue floor) is preserved.
 * A diagonal entry at rounding level means a zero row of a PSD matrix (|x_ij| ≤ √(x_ii·x_jj));
 * that factor is then made uncorrelated rather than divided by noise.
 */
function toUnitDiagonal(x: Matrix): Matrix {
  const n = x.length;
  const maxDiagonal = Math.max(0, ...x.map((row, i) => row[i]));
  const scale = x.map((row, i) => (row[i] > n * Number.EPSILON * maxDiagonal ? 1 / Math.sqrt(row[i]) : 0));
  return x.map((row, i) =>
    row.map((value, j) => {
      if (i === j) return 1;
      // (s_i·s_j) first: multiplication is commutative, so [i][j] and [j][i] round identically.
      return scale[i] === 0 || scale[j] === 0 ? 0 : value * (scale[i] * scale[j]);
    }),
  );
}

function symmetricPart(m: readonly (readonly number[])[]): Matrix {
  return m.map((row, i) => row.map((value, j) => (i === j ? value : 0.5 * (value + m[j][i]))));
}

function frobeniusNorm(m: Matrix): number {
  let sum = 0;
  for (const row of m) for (const value of row) sum += value * value;
  return Math.sqrt(sum);
}

function zeros(n: number): Matrix {
  return Array.from({ length: n }, () => new Array<number>(n).fill(0));
}
