// f32 special functions shared by the kernels.

// Mills ratio R(y) = Phi(-y) / e^(-y^2/2) = N4(y) / (sqrt(2 pi) y N4(y) + D3(y)), y >= 0, for
// four values: a Lawson fit with f32 coefficients, relative error 4.6e-8 on [0, 14] in exact
// arithmetic (1.9e-7 to y = 30), R(0) = 1/2 exactly and R ~ 1/(sqrt(2 pi) y) as y grows.
// Writing the denominator as y N + D lets N's rounding cancel between numerator and
// denominator: ~2.2e-7 in f32, against ~3.7e-7 for the same rational as P4/Q5.
fn mills_numerator4(y: vec4<f32>) -> vec4<f32> {
  return 0.5 + y * (0.475772262 + y * (0.212148637 + y * (0.0506928824 + y * 0.00568890339)));
}

fn mills_denominator4(y: vec4<f32>, numerator: vec4<f32>) -> vec4<f32> {
  return (2.50662827 * y) * numerator + (1.0 + y * (0.496116757 + y * (0.127535313 + y * 0.0142471949)));
}

// Undiscounted Black-76 value of four scenarios on forward f, strike k, with
// d1 = ln(f/k)/s + s/2, d2 = d1 - s: call f Phi(d1) - k Phi(d2), put k Phi(-d2) - f Phi(-d1).
// One exponential serves both CDFs, as k phi(d2) = f phi(d1): k Phi(-|d2|) = f e^(-d1^2/2)
// R(|d2|). Each tail is computed directly (no 1 - Phi cancellation, no put-call parity), so
// deep out-of-the-money values keep their relative accuracy: ~1e-4 where the value is 1e-10
// of the forward (test/gpu/black76.test.ts). e^(-d1^2/2) underflows to 0 beyond |d1| ~ 13.2,
// where both tails are below 1e-38: the value is then intrinsic or 0.
fn black76_4(f: vec4<f32>, k: f32, d1: vec4<f32>, d2: vec4<f32>, is_call: bool) -> vec4<f32> {
  // The clamp keeps N and the denominator finite (d = +-inf when s = 0); R(|d2|) only matters
  // beside a nonzero e^(-d1^2/2), so there |d2| <= 13.3 + s.
  let y1 = min(abs(d1), vec4<f32>(1e4));
  let y2 = min(abs(d2), vec4<f32>(1e4));
  let f_density = f * exp(-0.5 * y1 * y1);
  let numerator1 = mills_numerator4(y1);
  let numerator2 = mills_numerator4(y2);
  let f_tail = f_density * numerator1 / mills_denominator4(y1, numerator1); // f Phi(-|d1|)
  let k_tail = f_density * numerator2 / mills_denominator4(y2, numerator2); // k Phi(-|d2|)
  if (is_call) {
    return select(f_tail, f - f_tail, d1 > vec4<f32>(0.0)) - select(k_tail, k - k_tail, d2 > vec4<f32>(0.0));
  }
  return select(k_tail, k - k_tail, d2 < vec4<f32>(0.0)) - select(f_tail, f - f_tail, d1 < vec4<f32>(0.0));
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
