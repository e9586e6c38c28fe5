// f32 special functions shared by the kernels.

// erfc with fractional error < 1.2e-7 everywhere (Numerical Recipes' Chebyshev fit): f32
// precision in the tails, where 1 - erf would cancel.
fn erfc_f32(x: f32) -> f32 {
  let z = abs(x);
  let t = 1.0 / (1.0 + 0.5 * z);
  let poly = -z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 +
    t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277))))))));
  let r = t * exp(poly);
  return select(2.0 - r, r, x >= 0.0);
}

fn normal_cdf(x: f32) -> f32 {
  return 0.5 * erfc_f32(-x * 0.70710678118654752);
}

// exp(y) - 1 without the cancellation of exp(y) - 1 for small y (Kahan's trick).
fn expm1_f32(y: f32) -> f32 {
  let u = exp(y);
  if (u == 1.0) {
    return y;
  }
  let um1 = u - 1.0;
  if (um1 == -1.0) {
    return -1.0;
  }
  return um1 * y / log(u);
}
