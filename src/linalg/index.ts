/** Small dense f64 linear algebra for factor correlations: helpers, eigen, Cholesky, repair. */
export {
  assertFinite,
  assertSquare,
  assertSymmetric,
  frobeniusDistance,
  identity,
  isSymmetric,
  maxAbs,
  multiply,
  SYMMETRY_TOLERANCE,
  transpose,
  type Matrix,
} from './matrix.js';
export { symmetricEigen, type SymmetricEigen, type SymmetricEigenOptions } from './symmetricEigen.js';
export { NotPositiveDefiniteError } from './notPositiveDefiniteError.js';
export { choleskyLower } from './cholesky.js';
export { choleskyLowerSemidefinite } from './choleskySemidefinite.js';
export {
  eigenvalueClipCorrelation,
  isPositiveSemidefinite,
  nearestCorrelation,
  type NearestCorrelationOptions,
  type NearestCorrelationResult,
} from './nearestCorrelation.js';
