/**
 * The standard normal distribution in f64, accurate to a few ulps over the whole real line
 * (relative in the lower tail, absolute near 1).
 *
 * Option prices are differences of normal probabilities scaled by spot and strike, so an
 * absolute error of 1e-7 in Φ (Abramowitz–Stegun 26.2.17) is an error of 1e-7 × notional in
 * every price, and a deep out-of-the-money option worth 1e-9 of notional would have no correct
 * digit at all. Hence Cody's rational Chebyshev approximations, which keep full *relative*
 * precision in both tails, and Wichura's AS 241 for the inverse.
 */

/** 1/√(2π). */
const INV_SQRT_2PI = 0.3989422804014327;

/**
 * e^{−x²/2} without the rounding error of x·x. exp amplifies the absolute error of its argument
 * into a relative error of the result; x² rounded carries an absolute error up to x²·2⁻⁵³, i.e.
 * ~5e-15 relative at x = 10. Split x = h + δ with h = x rounded down to 1/16: h² is exact
 * (h has few significant bits) and the remainder δ(x + h) is small, so its rounding is
 * negligible (W. J. Cody's trick, as in R's pnorm).
 */
export function expMinusHalfSquare(x: number): number {
  const steps = Math.trunc(x * 16);
  const head = steps / 16;
  const tailTerm = (x - head) * (x + head);
  // e^{−h²/2} takes one of few values (h a multiple of 1/16): looked up, the same bits as computed.
  const headFactor = steps >= 0 && steps < HEAD_STEPS ? HEAD_FACTORS[steps] : Math.exp(-0.5 * head * head);
  return headFactor * Math.exp(-0.5 * tailTerm);
}

/** Heads up to the underflow of Φ (38.5 = 616/16): every head normalCdf meets. */
const HEAD_STEPS = 640;
/** e^{−h²/2} for h = steps/16, steps < 640 (the WebAssembly revaluation copies it: the same bits). */
export const HEAD_FACTORS: Readonly<Float64Array> = Float64Array.from({ length: HEAD_STEPS }, (_, steps) => {
  const head = steps / 16;
  return Math.exp(-0.5 * head * head);
});

/** Standard normal density φ(x) = e^{−x²/2}/√(2π), to full relative precision in the tails. */
export function normalPdf(x: number): number {
  return INV_SQRT_2PI * expMinusHalfSquare(Math.abs(x));
}

// W. J. Cody, "Rational Chebyshev approximations for the error function", Math. Comp. 23
// (1969) 631–637, in the form of his ANORM routine (SPECFUN, 1993) used by R's pnorm. Three
// ranges, each with a near-minimax rational function good to at least 18 significant digits in
// exact arithmetic, so all the error left is the rounding of the evaluation.

/** Central range |x| ≤ 0.66291: Φ(x) = ½ + x·R(x²). */
const CENTRAL_LIMIT = 0.66291;
const A = [2.2352520354606839287, 161.02823106855587881, 1067.6894854603709582, 18154.981253343561249, 0.065682337918207449113];
const B = [47.20258190468824187, 976.09855173777669322, 10260.932208618978205, 45507.789335026729956];

/** Intermediate range 0.66291 < |x| ≤ √32: Φ(−|x|) = e^{−x²/2}·R(|x|). */
const INTERMEDIATE_LIMIT = Math.sqrt(32);
const C = [
  0.39894151208813466764, 8.8831497943883759412, 93.506656132177855979, 597.27027639480026226, 2494.5375852903726711,
  6848.1904505362823326, 11602.651437647350124, 9842.7148383839780218, 1.0765576773720192317e-8,
];
const D = [
  22.266688044328115691, 235.38790178262499861, 1519.377599407554805, 6485.558298266760755, 18615.571640885098091,
  34900.952721145977266, 38912.003286093271411, 19685.429676859990727,
];

const [A0, A1, A2, A3, A4] = A;
const [B0, B1, B2, B3] = B;
const [C0, C1, C2, C3, C4, C5, C6, C7, C8] = C;
const [D0, D1, D2, D3, D4, D5, D6, D7] = D;

/** Tail range |x| > √32: Φ(−|x|) = e^{−x²/2}/|x|·(1/√(2π) − R(1/x²)/x²), the asymptotic series summed. */
const P = [0.21589853405795699, 0.1274011611602473639, 0.022235277870649807, 0.001421619193227893466, 2.9112874951168792e-5, 0.02307344176494017303];
const Q = [1.28426009614491121, 0.468238212480865118, 0.0659881378689285515, 0.00378239633202758244, 7.29751555083966205e-5];

/** Beyond this Φ(−|x|) rounds to 0: Φ(−38.5) ≈ 1.4e-324, under the smallest subnormal 4.9e-324. */
const UNDERFLOW_LIMIT = 38.5;

/**
 * Standard normal CDF Φ(x) = P(Z ≤ x), relative error < 1e-15 (a few ulps) for x ≤ 0 down to
 * the underflow at x ≈ −37.5; for x > 0 the result 1 − Φ(−x) is accurate to ~1e-16 absolute,
 * which is all a double near 1 can hold. Use
 * Φ(−x) rather than 1 − Φ(x) wherever the upper tail is wanted (the put legs in bsm.ts do).
 * NaN propagates; ±∞ give 1 and 0.
 */
export function normalCdf(x: number): number {
  const y = Math.abs(x);
  if (y <= CENTRAL_LIMIT) {
    // Below ~1e-16 the x² terms vanish; skipping them avoids underflow noise in x*x.
    const z = y > 1.1e-16 ? x * x : 0;
    // Horner written out (the loop's operations in its order: the same bits, without the loop).
    const num = ((((A4 * z + A0) * z + A1) * z + A2) * z);
    const den = (((z + B0) * z + B1) * z + B2) * z;
    return 0.5 + (x * (num + A3)) / (den + B3);
  }
  let lowerTail: number; // Φ(−y), computed directly so it keeps its relative precision
  if (y <= INTERMEDIATE_LIMIT) {
    const num = (((((((C8 * y + C0) * y + C1) * y + C2) * y + C3) * y + C4) * y + C5) * y + C6) * y;
    const den = (((((((y + D0) * y + D1) * y + D2) * y + D3) * y + D4) * y + D5) * y + D6) * y;
    lowerTail = (expMinusHalfSquare(y) * (num + C7)) / (den + D7);
  } else if (y < UNDERFLOW_LIMIT) {
    const z = 1 / (y * y);
    let num = P[5] * z;
    let den = z;
    for (let i = 0; i < 4; i++) {
      num = (num + P[i]) * z;
      den = (den + Q[i]) * z;
    }
    const series = (z * (num + P[4])) / (den + Q[4]);
    lowerTail = (expMinusHalfSquare(y) * (INV_SQRT_2PI - series)) / y;
  } else {
    // Past underflow, ±∞ included. NaN fails every comparison above and lands here too.
    lowerTail = y > 0 ? 0 : Number.NaN;
  }
  return x > 0 ? 1 - lowerTail : lowerTail;
}

// M. J. Wichura, "Algorithm AS 241: The percentage points of the normal distribution",
// Applied Statistics 37 (1988) 477–484, PPND16: relative error about 1e-16.

/** |p − ½| ≤ 0.425: x = q·R(0.180625 − q²) with q = p − ½. */
const SPLIT_CENTRAL = 0.425;
const AS241_A = [
  3.387132872796366608, 133.14166789178437745, 1971.5909503065514427, 13731.693765509461125, 45921.953931549871457,
  67265.770927008700853, 33430.575583588128105, 2509.0809287301226727,
];
const AS241_B = [
  1, 42.313330701600911252, 687.1870074920579083, 5394.1960214247511077, 21213.794301586595867, 39307.89580009271061,
  28729.085735721942674, 5226.495278852854561,
];
/** Tails with r = √(−ln min(p, 1−p)) ≤ 5 (min(p, 1−p) ≥ ~1.4e-11). */
const SPLIT_TAIL = 5;
const AS241_C = [
  1.42343711074968357734, 4.6303378461565452959, 5.7694972214606914055, 3.64784832476320460504, 1.27045825245236838258,
  0.24178072517745061177, 0.0227238449892691845833, 7.7454501427834140764e-4,
];
const AS241_D = [
  1, 2.05319162663775882187, 1.6763848301838038494, 0.68976733498510000455, 0.14810397642748007459,
  0.0151986665636164571966, 5.475938084995344946e-4, 1.05075007164441684324e-9,
];
/** Far tails, r > 5. */
const AS241_E = [
  6.6579046435011037772, 5.4637849111641143699, 1.7848265399172913358, 0.29656057182850489123, 0.026532189526576123093,
  0.0012426609473880784386, 2.71155556874348757815e-5, 2.01033439929228813265e-7,
];
const AS241_F = [
  1, 0.59983220655588793769, 0.13692988092273580531, 0.0148753612908506148525, 7.868691311456132591e-4,
  1.8463183175100546818e-5, 1.4215117583164458887e-7, 2.04426310338993978564e-15,
];

/** Horner evaluation of Σ c[i]·z^i (coefficients in ascending order, as printed in AS 241). */
function polynomial(c: readonly number[], z: number): number {
  let sum = c[c.length - 1];
  for (let i = c.length - 2; i >= 0; i--) sum = sum * z + c[i];
  return sum;
}

/**
 * Standard normal quantile Φ⁻¹(p), relative error ~1e-16 (AS 241). p = 0 and p = 1 give ∓∞.
 * Throws RangeError for p outside [0, 1] or NaN: a probability out of range is always a bug
 * upstream, and a silent NaN would surface far away as a NaN margin.
 */
export function normalInverseCdf(p: number): number {
  if (!(p > 0 && p < 1)) {
    if (p === 0) return Number.NEGATIVE_INFINITY;
    if (p === 1) return Number.POSITIVE_INFINITY;
    throw new RangeError(`normalInverseCdf: p = ${p}: must be a probability in [0, 1]`);
  }
  const q = p - 0.5;
  if (Math.abs(q) <= SPLIT_CENTRAL) {
    const r = 0.180625 - q * q;
    return (q * polynomial(AS241_A, r)) / polynomial(AS241_B, r);
  }
  // The smaller tail probability, which p or 1 − p holds exactly (1 − p is exact for p > ½).
  const tail = q < 0 ? p : 1 - p;
  const r = Math.sqrt(-Math.log(tail));
  const x =
    r <= SPLIT_TAIL
      ? polynomial(AS241_C, r - 1.6) / polynomial(AS241_D, r - 1.6)
      : polynomial(AS241_E, r - SPLIT_TAIL) / polynomial(AS241_F, r - SPLIT_TAIL);
  return q < 0 ? -x : x;
}
