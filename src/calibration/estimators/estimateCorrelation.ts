import { checkReturnsByAsset, type ReturnsInput } from './returnsByAsset.js';
import { ewmaCorrelation } from './ewmaCorrelation.js';
import { ledoitWolfIntensity, shrink, shrinkageTarget, type ShrinkageTarget } from './ledoitWolf.js';
import { repairCorrelation, type CorrelationRepair } from './repairCorrelation.js';
import { pairwiseCorrelation, sampleCorrelation } from './sampleCorrelation.js';
import { EstimatorInputError, assertInOpenInterval, assertInteger } from './validate.js';

export interface CorrelationOptions {
  /** 'sample' (Pearson, default) or 'ewma' (RiskMetrics, zero mean). */
  method?: 'sample' | 'ewma';
  /** EWMA decay; default 0.94. */
  lambda?: number;
  /**
   * 'none' (default); 'ledoit-wolf' (the estimated optimal intensity, sample method on complete
   * data only: its formula is for equally weighted iid observations); or a fixed intensity in
   * [0, 1] (any method).
   */
  shrinkage?: 'none' | 'ledoit-wolf' | { intensity: number };
  /** Shrinkage target; default 'constant-correlation' (see ledoitWolf.ts for why). */
  target?: ShrinkageTarget;
  /**
   * 'reject' (default): every return must be finite. 'pairwise': NaN marks a missing return and
   * each pair uses the dates both are present (sample method only); the result may need repair.
   */
  missing?: 'reject' | 'pairwise';
  /** Fewest observations (per pair when pairwise); default 30. */
  minObservations?: number;
  /** Eigenvalue floor for the repair (> 0 for a matrix an ordinary Cholesky accepts); default 0. */
  minEigenvalue?: number;
}

export interface CorrelationEstimate {
  names: string[];
  matrix: number[][];
  method: 'sample' | 'ewma';
  observations: number;
  /** δ, when shrinkage was applied (estimated by Ledoit–Wolf, or the fixed intensity given). */
  shrinkageIntensity?: number;
  shrinkageTarget?: ShrinkageTarget;
  /** Present when the estimate was not positive semidefinite and was replaced by the nearest correlation matrix. */
  repair?: CorrelationRepair;
}

/**
 * Correlation of daily returns on common dates: estimate (sample or EWMA), optionally shrink,
 * then make sure the result is a correlation matrix: an estimate that is not positive
 * semidefinite is replaced by the nearest one (Higham 2002) and the repair and its distance are
 * reported in `repair`, never silently. Needs at least `minObservations` (30) dates: below that
 * a correlation's standard error, ≈ (1 − ρ²)/√n, exceeds 0.18.
 */
export function estimateCorrelation(data: ReturnsInput, opts: CorrelationOptions = {}): CorrelationEstimate {
  const o = checkOptions(opts);
  const { names, returns } = checkReturnsByAsset(data, o.minObservations, ESTIMATOR, o.missing === 'pairwise');
  let matrix: number[][];
  let intensity = o.fixedIntensity;
  if (o.missing === 'pairwise') {
    matrix = pairwiseCorrelation(names, returns, o.minObservations, ESTIMATOR);
  } else if (o.method === 'ewma') {
    matrix = ewmaCorrelation(names, returns, o.lambda, ESTIMATOR);
  } else {
    const sample = sampleCorrelation(names, returns, ESTIMATOR);
    matrix = sample.matrix;
    if (o.shrinkage === 'ledoit-wolf') intensity = ledoitWolfIntensity(sample.standardized, matrix, o.target);
  }
  if (intensity !== undefined) matrix = shrink(matrix, shrinkageTarget(matrix, o.target), intensity);
  const repaired = repairCorrelation(matrix, o.minEigenvalue);
  return {
    names: [...names],
    matrix: repaired.matrix,
    method: o.method,
    observations: returns[0].length,
    ...(intensity !== undefined ? { shrinkageIntensity: intensity, shrinkageTarget: o.target } : {}),
    ...(repaired.repair ? { repair: repaired.repair } : {}),
  };
}

const ESTIMATOR = 'estimateCorrelation';

/** The options with their defaults, each checked, and the combinations that make no sense refused. */
function checkOptions(opts: CorrelationOptions) {
  const E = ESTIMATOR;
  const { method = 'sample', lambda = 0.94, shrinkage = 'none', target = 'constant-correlation', missing = 'reject', minObservations = 30, minEigenvalue = 0 } = opts;
  if (method !== 'sample' && method !== 'ewma') throw new EstimatorInputError(E, 'method', `is ${JSON.stringify(method)}: must be 'sample' or 'ewma'`);
  if (target !== 'identity' && target !== 'constant-correlation') throw new EstimatorInputError(E, 'target', `is ${JSON.stringify(target)}: must be 'identity' or 'constant-correlation'`);
  if (missing !== 'reject' && missing !== 'pairwise') throw new EstimatorInputError(E, 'missing', `is ${JSON.stringify(missing)}: must be 'reject' or 'pairwise'`);
  assertInteger(minObservations, 2, E, 'minObservations');
  if (!(minEigenvalue >= 0 && minEigenvalue < 1)) throw new EstimatorInputError(E, 'minEigenvalue', `is ${minEigenvalue}: must be in [0, 1)`);
  if (method === 'ewma') assertInOpenInterval(lambda, 0, 1, E, 'lambda');
  const fixedIntensity = typeof shrinkage === 'object' && shrinkage !== null ? shrinkage.intensity : undefined;
  if (fixedIntensity !== undefined && !(fixedIntensity >= 0 && fixedIntensity <= 1)) {
    throw new EstimatorInputError(E, 'shrinkage.intensity', `is ${fixedIntensity}: must be in [0, 1]`);
  }
  if (fixedIntensity === undefined && shrinkage !== 'none' && shrinkage !== 'ledoit-wolf') {
    throw new EstimatorInputError(E, 'shrinkage', `is ${JSON.stringify(shrinkage)}: must be 'none', 'ledoit-wolf' or { intensity }`);
  }
  if (missing === 'pairwise' && method !== 'sample') throw new EstimatorInputError(E, 'missing', "'pairwise' works with method 'sample' only");
  if (shrinkage === 'ledoit-wolf' && (method !== 'sample' || missing === 'pairwise')) {
    throw new EstimatorInputError(E, 'shrinkage', "'ledoit-wolf' estimates its intensity for the sample method on complete data only; give a fixed { intensity } otherwise");
  }
  return { method, lambda, shrinkage, target, missing, minObservations, minEigenvalue, fixedIntensity };
}
