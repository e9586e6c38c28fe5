import { isPositiveSemidefinite, nearestCorrelation } from '../../linalg/nearestCorrelation.js';
import { symmetricEigen } from '../../linalg/symmetricEigen.js';

export interface CorrelationRepair {
  /** ‖repaired − estimate‖_F: how far the repair moved the estimate. */
  distance: number;
  iterations: number;
  converged: boolean;
  /** The estimate's smallest eigenvalue (< 0: why it was repaired). */
  minEigenvalueBefore: number;
}

export interface RepairedCorrelation {
  matrix: number[][];
  /** Present exactly when the estimate was not positive semidefinite and was replaced. */
  repair?: CorrelationRepair;
}

/**
 * Returns the estimate unchanged when it is positive semidefinite (to the relative eigenvalue
 * tolerance 1e-12 of isPositiveSemidefinite: rounding of an exactly singular matrix is not a
 * defect), and otherwise the nearest correlation matrix (Higham 2002, src/linalg) with the repair
 * and its Frobenius distance reported. `minEigenvalue` > 0 asks for a positive definite result.
 */
export function repairCorrelation(estimate: number[][], minEigenvalue = 0): RepairedCorrelation {
  if (minEigenvalue === 0 && isPositiveSemidefinite(estimate)) return { matrix: estimate };
  const minEigenvalueBefore = symmetricEigen(estimate).values[0] ?? 0;
  if (minEigenvalueBefore >= minEigenvalue) return { matrix: estimate };
  const repaired = nearestCorrelation(estimate, { minEigenvalue });
  return {
    matrix: repaired.matrix,
    repair: { distance: repaired.distance, iterations: repaired.iterations, converged: repaired.converged, minEigenvalueBefore },
  };
}
