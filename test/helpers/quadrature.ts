/**
 * Adaptive Simpson quadrature (absolute tolerance), for test references that have no closed
 * form (Student-t tail expectations). Independent of the engine's code.
 */
export function integrate(f: (x: number) => number, a: number, b: number, tolerance = 1e-13, depth = 60): number {
  const simpson = (fa: number, fm: number, fb: number, h: number) => (h / 6) * (fa + 4 * fm + fb);
  const recurse = (a: number, b: number, fa: number, fm: number, fb: number, whole: number, tol: number, d: number): number => {
    const m = (a + b) / 2;
    const lm = (a + m) / 2;
    const rm = (m + b) / 2;
    const flm = f(lm);
    const frm = f(rm);
    const left = simpson(fa, flm, fm, m - a);
    const right = simpson(fm, frm, fb, b - m);
    if (d <= 0 || Math.abs(left + right - whole) <= 15 * tol) return left + right + (left + right - whole) / 15;
    return recurse(a, m, fa, flm, fm, left, tol / 2, d - 1) + recurse(m, b, fm, frm, fb, right, tol / 2, d - 1);
  };
  const fa = f(a);
  const fb = f(b);
  const fm = f((a + b) / 2);
  return recurse(a, b, fa, fm, fb, simpson(fa, fm, fb, b - a), tolerance, depth);
}

/** ∫_{-∞}^{upper} g(x) dx by the map x = upper − tan θ, θ ∈ [0, π/2). */
export function integrateLowerTail(g: (x: number) => number, upper: number, tolerance = 1e-13): number {
  return integrate(
    (theta) => {
      if (theta >= Math.PI / 2) return 0;
      const c = Math.cos(theta);
      return g(upper - Math.tan(theta)) / (c * c);
    },
    0,
    Math.PI / 2,
    tolerance,
  );
}

function logGamma(x: number): number {
  // Lanczos (g = 7, n = 9): ~1e-15 relative, plenty for a test density.
  const c = [0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
    12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7];
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  x -= 1;
  let a = c[0];
  const t = x + 7.5;
  for (let i = 1; i < 9; i++) a += c[i] / (x + i);
  return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(a);
}

/** Density of the standard Student-t with ν degrees of freedom. */
export function studentTPdf(x: number, dof: number): number {
  const logNorm = logGamma((dof + 1) / 2) - logGamma(dof / 2) - 0.5 * Math.log(dof * Math.PI);
  return Math.exp(logNorm - ((dof + 1) / 2) * Math.log1p((x * x) / dof));
}

export function studentTCdf(x: number, dof: number): number {
  return integrateLowerTail((t) => studentTPdf(t, dof), x, 1e-15);
}

/** Inverse CDF by bisection on the integrated CDF (slow, exact to ~1e-12: fine for a test). */
export function studentTQuantile(p: number, dof: number): number {
  let lo = -200;
  let hi = 200;
  for (let i = 0; i < 100 && hi - lo > 1e-12; i++) {
    const mid = (lo + hi) / 2;
    if (studentTCdf(mid, dof) < p) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

export const standardNormalPdf = (x: number) => Math.exp(-0.5 * x * x) / Math.sqrt(2 * Math.PI);
