/**
 * Ridge regression with an unpenalized intercept, on standardized features (each column scaled
 * by its training mean and standard deviation, so one penalty λ means the same for every
 * feature): β = (XᵀX + λ·I)⁻¹·Xᵀy on the centred data, solved by Cholesky (the matrix is
 * symmetric positive definite for λ > 0). Small and dense: p is a handful of features.
 */
export interface RidgeFit {
  intercept: number;
  coefficients: Float64Array;
  means: Float64Array;
  scales: Float64Array;
  /** Mean squared residual on the training rows. */
  residualVariance: number;
}

export function ridgeFit(rows: readonly Float64Array[], targets: ArrayLike<number>, lambda: number): RidgeFit {
  const n = rows.length;
  const p = rows[0].length;
  const means = new Float64Array(p);
  const scales = new Float64Array(p);
  for (const row of rows) for (let j = 0; j < p; j++) means[j] += row[j] / n;
  for (const row of rows) for (let j = 0; j < p; j++) scales[j] += (row[j] - means[j]) ** 2 / n;
  for (let j = 0; j < p; j++) scales[j] = Math.sqrt(scales[j]) || 1;
  let targetMean = 0;
  for (let i = 0; i < n; i++) targetMean += targets[i] / n;
  const a = new Float64Array(p * p);
  const b = new Float64Array(p);
  const z = new Float64Array(p);
  rows.forEach((row, i) => {
    for (let j = 0; j < p; j++) z[j] = (row[j] - means[j]) / scales[j];
    const y = targets[i] - targetMean;
    for (let j = 0; j < p; j++) {
      b[j] += z[j] * y;
      for (let m = 0; m <= j; m++) a[j * p + m] += z[j] * z[m];
    }
  });
  for (let j = 0; j < p; j++) a[j * p + j] += lambda;
  const coefficients = solveSymmetric(a, b, p);
  const fit: RidgeFit = { intercept: targetMean, coefficients, means, scales, residualVariance: 0 };
  let squares = 0;
  rows.forEach((row, i) => (squares += (targets[i] - ridgePredict(fit, row)) ** 2));
  fit.residualVariance = squares / n;
  return fit;
}

export function ridgePredict(fit: RidgeFit, row: ArrayLike<number>): number {
  let y = fit.intercept;
  for (let j = 0; j < fit.coefficients.length; j++) y += (fit.coefficients[j] * (row[j] - fit.means[j])) / fit.scales[j];
  return y;
}

/** Solves A·x = b for a symmetric positive definite A given by its lower triangle (row-major p × p). */
function solveSymmetric(a: Float64Array, b: Float64Array, p: number): Float64Array {
  const l = new Float64Array(p * p);
  for (let i = 0; i < p; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = a[i * p + j];
      for (let k = 0; k < j; k++) sum -= l[i * p + k] * l[j * p + k];
      l[i * p + j] = i === j ? Math.sqrt(sum) : sum / l[j * p + j];
    }
  }
  const y = new Float64Array(p);
  for (let i = 0; i < p; i++) {
    let sum = b[i];
    for (let k = 0; k < i; k++) sum -= l[i * p + k] * y[k];
    y[i] = sum / l[i * p + i];
  }
  const x = new Float64Array(p);
  for (let i = p - 1; i >= 0; i--) {
    let sum = y[i];
    for (let k = i + 1; k < p; k++) sum -= l[k * p + i] * x[k];
    x[i] = sum / l[i * p + i];
  }
  return x;
}
