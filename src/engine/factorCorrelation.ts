import { choleskyLower, choleskyLowerSemidefinite, NotPositiveDefiniteError } from '../linalg/cholesky.js';
import { nearestCorrelation } from '../linalg/nearestCorrelation.js';
import { InputError } from '../model/errors.js';
import type { Correlation } from '../model/schemas.js';

/** Reported whenever an input correlation was not positive semidefinite and had to be repaired. */
export interface CorrelationRepair {
  /** Frobenius distance between the input and the repaired matrix. */
  distance: number;
  iterations: number;
  minEigenvalueBefore?: number;
}

/** Tolerance for symmetry and unit diagonal: inputs are typed by people and rounded to ~1e-9. */
const ENTRY_TOLERANCE = 1e-9;

/**
 * Builds the full factor correlation over [u.spot, u.vol] for the given underlyings (factors
 * the input does not list are uncorrelated with everything), validates it and returns its
 * lower Cholesky factor, row-major. A matrix that is not positive definite is repaired to the
 * nearest correlation matrix (Higham 2002) and the repair is returned, never applied silently.
 */
export function buildFactorCorrelation(
  underlyings: readonly string[],
  correlation: Correlation | undefined,
  source: string,
): { choleskyLower: Float64Array; correlation: number[][]; repair?: CorrelationRepair } {
  const n = 2 * underlyings.length;
  const full: number[][] = Array.from({ length: n }, (_, r) => Array.from({ length: n }, (_, c) => (r === c ? 1 : 0)));
  if (correlation) {
    const { factors, matrix } = correlation;
    if (matrix.length !== factors.length) {
      throw new InputError(source, 'correlation.matrix', `${matrix.length} rows`, `must have one row per factor (${factors.length})`);
    }
    matrix.forEach((row, r) => {
      if (row.length !== factors.length) {
        throw new InputError(source, `correlation.matrix[${r}]`, `${row.length} columns`, `matrix is not square: expected ${factors.length}`);
      }
    });
    const slot = factors.map((name, k) => {
      const [asset, kind] = name.split('.');
      const u = underlyings.indexOf(asset);
      if (factors.indexOf(name) !== k) throw new InputError(source, `correlation.factors[${k}]`, name, 'factor listed twice');
      return u < 0 ? -1 : 2 * u + (kind === 'vol' ? 1 : 0);
    });
    for (let r = 0; r < factors.length; r++) {
      for (let c = 0; c < factors.length; c++) {
        const value = matrix[r][c];
        const at = `correlation.matrix[${r}][${c}]`;
        if (r === c && Math.abs(value - 1) > ENTRY_TOLERANCE) throw new InputError(source, at, value, 'diagonal must be 1');
        if (Math.abs(value) > 1 + ENTRY_TOLERANCE) throw new InputError(source, at, value, 'correlation outside [-1, 1]');
        if (Math.abs(value - matrix[c][r]) > ENTRY_TOLERANCE) {
          throw new InputError(source, at, value, `matrix is not symmetric: [${c}][${r}] = ${matrix[c][r]}`);
        }
        // Factors of underlyings the book does not trade are dropped; the average makes the
        // matrix exactly symmetric within the accepted tolerance.
        if (slot[r] >= 0 && slot[c] >= 0 && r !== c) full[slot[r]][slot[c]] = (value + matrix[c][r]) / 2;
      }
    }
  }
  try {
    return { choleskyLower: Float64Array.from(choleskyLower(full).flat()), correlation: full };
  } catch (error) {
    if (!(error instanceof NotPositiveDefiniteError)) throw error;
  }
  const repaired = nearestCorrelation(full);
  return {
    choleskyLower: Float64Array.from(choleskyLowerSemidefinite(repaired.matrix, 1e-12).flat()),
    correlation: repaired.matrix,
    repair: { distance: repaired.distance, iterations: repaired.iterations },
  };
}
