/**
 * Reference distribution functions and sample statistics for the random-stream tests.
 * Independent of src/random/. Accuracy: the incomplete gamma and beta functions below
 * (series / Lentz continued fractions, Numerical Recipes §6.2 and §6.4, iterated to 1e-15
 * relative) with a Lanczos log-gamma are good to ~1e-13 absolute, far below the ~1e-3
 * Kolmogorov–Smirnov thresholds they are used against; stats.test.ts checks them
 * against closed forms.
 */

const EPS = 1e-15;
const TINY = 1e-300;
const MAX_ITER = 10_000;

/** ln Γ(x) for x > 0: Lanczos, g = 7, n = 9 (~1e-15 relative). */
export function logGamma(x: number): number {
  const c = [
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
    12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
  ];
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const y = x - 1;
  let a = c[0];
  const t = y + 7.5;
  for (let i = 1; i < 9; i++) a += c[i] / (y + i);
  return 0.5 * Math.log(2 * Math.PI) + (y + 0.5) * Math.log(t) - t + Math.log(a);
}

/** Regularized lower incomplete gamma P(a, x) and its complement Q = 1 − P. */
function incompleteGamma(a: number, x: number): { p: number; q: number } {
  if (x <= 0) return { p: 0, q: 1 };
  const logPrefix = a * Math.log(x) - x - logGamma(a);
  if (x < a + 1) {
    // Series: P = e^{-x} x^a / Γ(a+1) · Σ x^n / ((a+1)…(a+n)).
    let term = 1 / a;
    let sum = term;
    for (let n = 1; n < MAX_ITER; n++) {
      term *= x / (a + n);
      sum += term;
      if (Math.abs(term) < Math.abs(sum) * EPS) break;
    }
    const p = sum * Math.exp(logPrefix);
    return { p, q: 1 - p };
  }
  // Continued fraction for Q (modified Lentz).
  let b = x + 1 - a;
  let c = 1 / TINY;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < MAX_ITER; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < TINY) d = TINY;
    c = b + an / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < EPS) break;
  }
  const q = Math.exp(logPrefix) * h;
  return { p: 1 - q, q };
}

/** Standard normal CDF: Φ(x) = ½(1 + erf(x/√2)) with erf(y) = P(½, y²). */
export function normalCdf(x: number): number {
  const { p, q } = incompleteGamma(0.5, (x * x) / 2);
  return x >= 0 ? 0.5 + 0.5 * p : 0.5 * q;
}

/** Chi-square(ν) CDF: P(ν/2, x/2). */
export function chiSquareCdf(x: number, dof: number): number {
  return incompleteGamma(dof / 2, x / 2).p;
}

/** Continued fraction of the incomplete beta function (modified Lentz). */
function betaContinuedFraction(x: number, a: number, b: number): number {
  const qab = a + b;
  const qap = a + 1;
  const qam = a - 1;
  let c = 1;
  let d = 1 - (qab * x) / qap;
  if (Math.abs(d) < TINY) d = TINY;
  d = 1 / d;
  let h = d;
  for (let m = 1; m < MAX_ITER; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((qam + m2) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (qab + m) * x) / ((a + m2) * (qap + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < EPS) break;
  }
  return h;
}

/** Regularized incomplete beta I_x(a, b). */
export function regularizedBeta(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const logFront = logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log1p(-x);
  if (x < (a + 1) / (a + b + 2)) return (Math.exp(logFront) * betaContinuedFraction(x, a, b)) / a;
  return 1 - (Math.exp(logFront) * betaContinuedFraction(1 - x, b, a)) / b;
}

/** Standard Student-t(ν) CDF: the tail ½·I_{ν/(ν+t²)}(ν/2, ½). */
export function studentTCdf(t: number, dof: number): number {
  const tail = 0.5 * regularizedBeta(dof / (dof + t * t), dof / 2, 0.5);
  return t > 0 ? 1 - tail : tail;
}

/**
 * Kolmogorov–Smirnov statistic D = sup |F_n − F| of a sample against a continuous CDF.
 * Sorts `sample` in place.
 */
export function ksStatistic(sample: Float64Array, cdf: (x: number) => number): number {
  sample.sort();
  const n = sample.length;
  let d = 0;
  for (let i = 0; i < n; i++) {
    const f = cdf(sample[i]);
    d = Math.max(d, f - i / n, (i + 1) / n - f);
  }
  return d;
}

/** Asymptotic 1% critical value of the one-sample KS statistic: 1.628 / √n. */
export function ksCritical1Percent(n: number): number {
  return 1.628 / Math.sqrt(n);
}

export interface Moments {
  n: number;
  mean: number;
  variance: number;
  /** Third standardized central moment. */
  skewness: number;
  /** Fourth standardized central moment minus 3. */
  excessKurtosis: number;
}

/** Sample moments (two-pass, population normalisation: n is large). */
export function moments(sample: ArrayLike<number>): Moments {
  const n = sample.length;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += sample[i];
  const mean = sum / n;
  let m2 = 0;
  let m3 = 0;
  let m4 = 0;
  for (let i = 0; i < n; i++) {
    const e = sample[i] - mean;
    const e2 = e * e;
    m2 += e2;
    m3 += e2 * e;
    m4 += e2 * e2;
  }
  m2 /= n;
  m3 /= n;
  m4 /= n;
  return { n, mean, variance: m2, skewness: m3 / m2 ** 1.5, excessKurtosis: m4 / (m2 * m2) - 3 };
}

/** Sample correlation of two equally long series. */
export function correlation(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const n = a.length;
  let ma = 0;
  let mb = 0;
  for (let i = 0; i < n; i++) {
    ma += a[i];
    mb += b[i];
  }
  ma /= n;
  mb /= n;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < n; i++) {
    const da = a[i] - ma;
    const db = b[i] - mb;
    sab += da * db;
    saa += da * da;
    sbb += db * db;
  }
  return sab / Math.sqrt(saa * sbb);
}
