import { EstimatorInputError } from './validate.js';

/**
 * RiskMetrics' EWMA correlation (RiskMetrics Technical Document 1996, §5.2.2): zero-mean
 * covariances with weights λ^k on the return k days before the last,
 *   C_ij = Σ_k λ^k·r_{T−k,i}·r_{T−k,j} / Σ_k λ^k,   ρ_ij = C_ij / √(C_ii·C_jj),
 * over the whole sample (the weight normalization makes it exact for a finite history rather
 * than assuming an infinite one). A weighted Gram matrix, so positive semidefinite by
 * construction. Zero mean like ewmaVariance: a daily mean is noise next to the daily spread.
 * Throws when a series has zero weighted variance (all its returns 0).
 */
export function ewmaCorrelation(names: string[], returns: ArrayLike<number>[], lambda: number, estimator: string): number[][] {
  const p = returns.length;
  const n = returns[0].length;
  const covariance = Array.from({ length: p }, () => new Array<number>(p).fill(0));
  // Weights grow toward the present: w_t = λ^(n−1−t); normalization cancels in the ratio.
  const weights = Float64Array.from({ length: n }, (_, t) => lambda ** (n - 1 - t));
  for (let i = 0; i < p; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = 0;
      for (let t = 0; t < n; t++) sum += weights[t] * returns[i][t] * returns[j][t];
      covariance[i][j] = sum;
      covariance[j][i] = sum;
    }
  }
  covariance.forEach((row, i) => {
    if (!(row[i] > 0)) throw new EstimatorInputError(estimator, `returns[${i}] (${names[i]})`, 'has zero EWMA variance (all returns 0): its correlation is undefined');
  });
  const sd = covariance.map((row, i) => Math.sqrt(row[i]));
  return covariance.map((row, i) =>
    row.map((value, j) => (i === j ? 1 : Math.max(-1, Math.min(1, value / (sd[i] * sd[j]))))),
  );
}
