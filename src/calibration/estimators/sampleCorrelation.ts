import { EstimatorInputError } from './validate.js';

/**
 * Pearson correlation of complete series (no missing values): each series demeaned, then
 * c_ij = Σ_t x_ti·x_tj / √(Σ x_ti² · Σ x_tj²). The divisor (n or n − 1) cancels. Also returns
 * the series standardized to mean 0 and unit variance with divisor n, which Ledoit–Wolf uses.
 * Throws when a series is constant (its correlation is undefined).
 */
export function sampleCorrelation(names: string[], returns: ArrayLike<number>[], estimator: string): { matrix: number[][]; standardized: Float64Array[] } {
  const standardized = returns.map((series, i) => {
    const n = series.length;
    let mean = 0;
    for (let t = 0; t < n; t++) mean += series[t];
    mean /= n;
    const centered = Float64Array.from(series, (value) => value - mean);
    const sd = Math.sqrt(centered.reduce((sum, value) => sum + value * value, 0) / n);
    // Relative to the mean: a constant series leaves a rounding-level spread, not exactly 0.
    if (!(sd > 1e-12 * Math.abs(mean))) throw new EstimatorInputError(estimator, `returns[${i}] (${names[i]})`, 'is constant: its correlation with anything is undefined');
    return centered.map((value) => value / sd);
  });
  return { matrix: gramOverCount(standardized), standardized };
}

/**
 * (1/n)·ZᵀZ for unit-variance columns z_i, with the diagonal set to exactly 1 (it is 1 up to
 * rounding) and the matrix exactly symmetric.
 */
function gramOverCount(columns: Float64Array[]): number[][] {
  const p = columns.length;
  const n = columns[0].length;
  const matrix = Array.from({ length: p }, () => new Array<number>(p).fill(1));
  for (let i = 0; i < p; i++) {
    for (let j = 0; j < i; j++) {
      let sum = 0;
      for (let t = 0; t < n; t++) sum += columns[i][t] * columns[j][t];
      const value = Math.max(-1, Math.min(1, sum / n));
      matrix[i][j] = value;
      matrix[j][i] = value;
    }
  }
  return matrix;
}

/**
 * Pairwise-complete Pearson correlation: NaN marks a missing return, and each pair uses the
 * dates on which both returns are present (each pair demeaned on its own dates). Such a matrix
 * is NOT positive semidefinite in general (each entry comes from a different sample), which is
 * what the repair is for. Throws when a pair shares fewer than `minOverlap` dates, or a series
 * is constant on a pair's dates.
 */
export function pairwiseCorrelation(names: string[], returns: ArrayLike<number>[], minOverlap: number, estimator: string): number[][] {
  const p = returns.length;
  const matrix = Array.from({ length: p }, () => new Array<number>(p).fill(1));
  for (let i = 0; i < p; i++) {
    for (let j = 0; j < i; j++) {
      const both: number[] = [];
      for (let t = 0; t < returns[i].length; t++) if (!Number.isNaN(returns[i][t]) && !Number.isNaN(returns[j][t])) both.push(t);
      if (both.length < minOverlap) {
        throw new EstimatorInputError(estimator, `returns (${names[i]}, ${names[j]})`, `share ${both.length} dates with both returns present; need at least ${minOverlap}`);
      }
      const pair = [i, j].map((k) => both.map((t) => returns[k][t]));
      const { matrix: pairMatrix } = sampleCorrelation([names[i], names[j]], pair, estimator);
      matrix[i][j] = pairMatrix[1][0];
      matrix[j][i] = pairMatrix[1][0];
    }
  }
  return matrix;
}
