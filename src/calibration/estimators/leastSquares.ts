/**
 * Ordinary least squares by Householder QR (Golub & Van Loan, "Matrix Computations", §5.3):
 * β = argmin ‖y − Xβ‖₂ from R·β = Qᵀy. QR works on X itself, so its accuracy follows cond(X);
 * the normal equations XᵀX·β = Xᵀy square the condition number, and the HAR regressors (daily,
 * weekly and monthly averages of the same series) are strongly collinear.
 */
export interface LeastSquaresResult {
  coefficients: Float64Array;
  residuals: Float64Array;
  /** Σ residual² / (rows − columns): the unbiased error variance. */
  residualVariance: number;
  /** 1 − SSR / SST with SST about the mean of y (the design is expected to carry an intercept). */
  rSquared: number;
}

/** Thrown when the design's columns are linearly dependent to working precision. */
export class RankDeficientError extends RangeError {
  constructor(readonly column: number) {
    super(`leastSquares: the design is rank deficient at column ${column} (its columns are linearly dependent, e.g. a constant series)`);
    this.name = 'RankDeficientError';
  }
}

/**
 * Least squares of y on the columns of `design` (rows × columns, row-major rows). Requires
 * rows > columns. A column whose Householder pivot |R_kk| is at or below 1e-12 × the largest
 * column norm is dependent on the others: that throws RankDeficientError, never a NaN.
 */
export function leastSquares(design: readonly (readonly number[])[], y: ArrayLike<number>): LeastSquaresResult {
  const rows = design.length;
  const columns = rows === 0 ? 0 : design[0].length;
  if (rows !== y.length) throw new RangeError(`leastSquares: design has ${rows} rows but y has ${y.length} values`);
  if (!(rows > columns)) throw new RangeError(`leastSquares: needs more rows (${rows}) than columns (${columns})`);
  const a = design.map((row) => Float64Array.from(row)); // overwritten by R above the diagonal
  const qty = Float64Array.from(y);
  const diagonal = new Float64Array(columns);
  const scale = Math.max(...Array.from({ length: columns }, (_, k) => Math.hypot(...a.map((row) => row[k]))));
  for (let k = 0; k < columns; k++) {
    let norm = 0;
    for (let i = k; i < rows; i++) norm = Math.hypot(norm, a[i][k]);
    if (!(norm > 1e-12 * scale)) throw new RankDeficientError(k);
    // Reflect column k onto −sign(a_kk)·norm·e_k (the sign that avoids cancellation).
    const alpha = a[k][k] > 0 ? -norm : norm;
    const v = new Float64Array(rows - k);
    for (let i = k; i < rows; i++) v[i - k] = a[i][k];
    v[0] -= alpha;
    const vv = v.reduce((sum, value) => sum + value * value, 0);
    const reflect = (get: (i: number) => number, set: (i: number, value: number) => void): void => {
      let dot = 0;
      for (let i = k; i < rows; i++) dot += v[i - k] * get(i);
      const factor = (2 * dot) / vv;
      for (let i = k; i < rows; i++) set(i, get(i) - factor * v[i - k]);
    };
    for (let j = k + 1; j < columns; j++) reflect((i) => a[i][j], (i, value) => (a[i][j] = value));
    reflect((i) => qty[i], (i, value) => (qty[i] = value));
    diagonal[k] = alpha;
  }
  const coefficients = new Float64Array(columns);
  for (let k = columns - 1; k >= 0; k--) {
    let sum = qty[k];
    for (let j = k + 1; j < columns; j++) sum -= a[k][j] * coefficients[j];
    coefficients[k] = sum / diagonal[k];
  }
  return summarize(design, y, coefficients);
}

function summarize(design: readonly (readonly number[])[], y: ArrayLike<number>, coefficients: Float64Array): LeastSquaresResult {
  const rows = design.length;
  const residuals = new Float64Array(rows);
  let meanY = 0;
  for (let i = 0; i < rows; i++) meanY += y[i] / rows;
  let ssr = 0;
  let sst = 0;
  for (let i = 0; i < rows; i++) {
    let fitted = 0;
    for (let j = 0; j < coefficients.length; j++) fitted += design[i][j] * coefficients[j];
    residuals[i] = y[i] - fitted;
    ssr += residuals[i] * residuals[i];
    sst += (y[i] - meanY) ** 2;
  }
  return { coefficients, residuals, residualVariance: ssr / (rows - coefficients.length), rSquared: sst > 0 ? 1 - ssr / sst : 0 };
}
