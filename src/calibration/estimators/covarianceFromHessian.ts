import { choleskyLower, NotPositiveDefiniteError } from '../../linalg/cholesky.js';

/**
 * The Hessian of a function with an analytic gradient, by central differences of the gradient:
 * H_ij ≈ (g_j(x + h_i e_i) − g_j(x − h_i e_i)) / (2h_i), then symmetrized (½(H + Hᵀ)). The step
 * h_i = 1e-5·max(|x_i|, typicalScale_i) is near the optimum ∛eps ≈ 6e-6 for a central difference
 * of a gradient accurate to rounding (error ~ h² from truncation plus eps/h from rounding).
 * Near a bound the difference becomes one-sided, inside the box, where the function is defined.
 */
export function hessianFromGradient(
  gradientAt: (x: Float64Array, gradientOut: Float64Array) => void,
  x: ArrayLike<number>,
  typicalScale: ArrayLike<number>,
  lower: ArrayLike<number>,
  upper: ArrayLike<number>,
): number[][] {
  const n = x.length;
  const hessian = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  const plus = new Float64Array(n);
  const minus = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const h = 1e-5 * Math.max(Math.abs(x[i]), typicalScale[i]);
    const up = Math.min(x[i] + h, upper[i]);
    const down = Math.max(x[i] - h, lower[i]);
    const at = (value: number, out: Float64Array): void => {
      const shifted = Float64Array.from(x);
      shifted[i] = value;
      gradientAt(shifted, out);
    };
    at(up, plus);
    at(down, minus);
    for (let j = 0; j < n; j++) hessian[i][j] = (plus[j] - minus[j]) / (up - down);
  }
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < i; j++) {
      const mean = 0.5 * (hessian[i][j] + hessian[j][i]);
      hessian[i][j] = mean;
      hessian[j][i] = mean;
    }
  }
  return hessian;
}

/**
 * The inverse of a symmetric positive definite matrix through its Cholesky factor (L⁻¹, then
 * L⁻ᵀL⁻¹), or null when it is not positive definite: the inverse Hessian of a negative
 * log-likelihood is the asymptotic covariance of the estimates only at a strict minimum.
 */
export function inverseSymmetricPositiveDefinite(matrix: number[][]): number[][] | null {
  let l: number[][];
  try {
    l = choleskyLower(matrix);
  } catch (error) {
    if (error instanceof NotPositiveDefiniteError) return null;
    throw error;
  }
  const n = matrix.length;
  const lInverse = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let j = 0; j < n; j++) {
    lInverse[j][j] = 1 / l[j][j];
    for (let i = j + 1; i < n; i++) {
      let sum = 0;
      for (let k = j; k < i; k++) sum += l[i][k] * lInverse[k][j];
      lInverse[i][j] = -sum / l[i][i];
    }
  }
  const inverse = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = 0;
      for (let k = i; k < n; k++) sum += lInverse[k][i] * lInverse[k][j];
      inverse[i][j] = sum;
      inverse[j][i] = sum;
    }
  }
  return inverse;
}
