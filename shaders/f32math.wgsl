// f32 special functions shared by the kernels.

// The standard normal CDF of four values, from erfc with fractional error < 1.2e-7 everywhere
// (Numerical Recipes' Chebyshev fit): f32 precision in the tails, where 1 - erf would cancel.
// Phi(x) = erfc(-x / sqrt 2) / 2. The degree-9 polynomial in t is evaluated by Estrin's
// scheme (four short chains instead of one of nine steps), which a CPU rasteriser pipelines.
fn normal_cdf4(x: vec4<f32>) -> vec4<f32> {
  let z = abs(x) * 0.70710678118654752;
  let t = 1.0 / (1.0 + 0.5 * z);
  let t2 = t * t;
  let t4 = t2 * t2;
  let c01 = -1.26551223 + t * 1.00002368;
  let c23 = 0.37409196 + t * 0.09678418;
  let c45 = -0.18628806 + t * 0.27886807;
  let c67 = -1.13520398 + t * 1.48851587;
  let c89 = -0.82215223 + t * 0.17087277;
  let poly = (c01 + t2 * c23) + t4 * ((c45 + t2 * c67) + t4 * c89);
  let lower_tail = 0.5 * t * exp(poly - z * z); // Phi(-|x|)
  return select(lower_tail, 1.0 - lower_tail, x > vec4<f32>(0.0));
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
