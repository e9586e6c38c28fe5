import { choleskyLower, NotPositiveDefiniteError } from '../../linalg/cholesky.js';

/**
 * Minimization of a smooth function on a box l ≤ x ≤ u by a projected quasi-Newton method:
 * Bertsekas' two-metric projection (Bertsekas 1982, "Projected Newton methods for optimization
 * problems with simple constraints", SIAM J. Control Optim. 20) with a BFGS Hessian
 * approximation B and an Armijo backtracking search along the projection arc. For the handful of parameters of a
 * volatility model this is as reliable as L-BFGS-B and a fraction of its code.
 *
 * Each iteration, at x with gradient g:
 * 1. Binding set: the coordinates within ε_i of a bound whose gradient pushes outward, with
 *    ε_i = min(1e-4·(u_i − l_i), ‖x − P(x − g)‖∞) (ε shrinks to 0 near a stationary point, so a
 *    coordinate that should leave its bound is freed). They move by −g_i / B_ii; the free ones
 *    F by the Newton step of the reduced model, −B_FF⁻¹·g_F (Cholesky). A full quasi-Newton step
 *    on a binding coordinate can make the projected step ascend, and the inverse's submatrix
 *    (H_FF ≠ B_FF⁻¹) overshoots when the bound variable is coupled to the free ones.
 * 2. Projection arc: x(a) = P(x + a·d), a = 1, ½, ¼, … until
 *    f(x(a)) ≤ f(x) + 1e-4·gᵀ(x(a) − x)  (Armijo), at most 60 halvings; a non-finite f counts as
 *    a failed trial, so the search backs away from where the objective is undefined.
 * 3. BFGS update B⁺ = B − B s sᵀB / sᵀBs + y yᵀ / yᵀs with s = x⁺ − x, y = g⁺ − g when
 *    sᵀy > 1e-10·‖s‖‖y‖ (otherwise skipped, which keeps B positive definite); before the first
 *    update B is rescaled to yᵀy / sᵀy (Nocedal & Wright, eq. 6.20), so the caller need not
 *    guess the objective's curvature.
 *
 * Stops, converged, when the projected gradient ‖x − P(x − g)‖∞ ≤ gradientTolerance, or when
 * no step decreases f any more while the quasi-Newton step predicted a decrease −gᵀd ≤
 * valueTolerance: then f is within about that of its minimum (for a quadratic, −gᵀd = 2(f − f*)),
 * and the search failed only because the decrease is below the rounding of f (a sum of 10⁴
 * log-densities cannot resolve a 1e-15 change). Otherwise it stops, not converged, on the
 * iteration limit or when even a steepest-descent step from a reset H cannot decrease f, and
 * says which in `reason`. Never throws on a bad objective value: it reports it.
 */
export type ObjectiveWithGradient = (x: Float64Array, gradientOut: Float64Array) => number;

export interface BoxQuasiNewtonOptions {
  /** Converged when ‖x − P(x − ∇f)‖∞ ≤ this. Default 1e-8 (set it for the objective's scale). */
  gradientTolerance?: number;
  /** Converged also when no step decreases f and the quasi-Newton step predicted ≤ this decrease. Default 0 (off). */
  valueTolerance?: number;
  /** Iteration limit; default 500. */
  maxIterations?: number;
}

export interface BoxQuasiNewtonResult {
  x: Float64Array;
  value: number;
  gradient: Float64Array;
  /** ‖x − P(x − ∇f)‖∞ at the result: 0 at a Karush–Kuhn–Tucker point of the box problem. */
  projectedGradientNorm: number;
  iterations: number;
  evaluations: number;
  converged: boolean;
  /** Why it stopped, in words (also when converged). */
  reason: string;
}

export function minimizeInBox(
  objective: ObjectiveWithGradient,
  start: ArrayLike<number>,
  lower: ArrayLike<number>,
  upper: ArrayLike<number>,
  opts: BoxQuasiNewtonOptions = {},
): BoxQuasiNewtonResult {
  const { gradientTolerance = 1e-8, valueTolerance = 0, maxIterations = 500 } = opts;
  const n = start.length;
  const project = (v: Float64Array): Float64Array => v.map((value, i) => Math.min(upper[i], Math.max(lower[i], value)));
  let x: Float64Array = project(Float64Array.from(start));
  let g: Float64Array = new Float64Array(n);
  let f = objective(x, g);
  let evaluations = 1;
  const result = (iterations: number, converged: boolean, reason: string): BoxQuasiNewtonResult => ({
    x, value: f, gradient: g, projectedGradientNorm: projectedGradientNorm(x, g, project), iterations, evaluations, converged, reason,
  });
  if (!Number.isFinite(f) || !g.every(Number.isFinite)) return result(0, false, `the objective is not finite at the start (${f})`);

  let hessian = identityMatrix(n);
  let updated = false;
  for (let iteration = 1; iteration <= maxIterations; iteration++) {
    const pgNorm = projectedGradientNorm(x, g, project);
    if (pgNorm <= gradientTolerance) return result(iteration - 1, true, `projected gradient ${pgNorm.toExponential(2)} ≤ ${gradientTolerance}`);
    const quasiNewton = direction(x, g, hessian, lower, upper, pgNorm);
    let step = searchAlongArc(objective, x, f, g, quasiNewton, project);
    evaluations += step.evaluations;
    if (!step.accepted && updated) {
      const predictedDecrease = -dot(g, quasiNewton);
      if (predictedDecrease <= valueTolerance) {
        return result(iteration - 1, true, `no further decrease at the rounding of f: the quasi-Newton step predicted ${predictedDecrease.toExponential(2)} ≤ ${valueTolerance.toExponential(2)} (projected gradient ${pgNorm.toExponential(2)})`);
      }
      // A stale H can point nearly uphill; one retry by steepest descent from a reset H.
      hessian = identityMatrix(n);
      updated = false;
      step = searchAlongArc(objective, x, f, g, direction(x, g, hessian, lower, upper, pgNorm), project);
      evaluations += step.evaluations;
    }
    if (!step.accepted) {
      return result(iteration - 1, false, `no decrease along the projected steepest descent (projected gradient ${pgNorm.toExponential(2)} > ${gradientTolerance})`);
    }
    const s = step.x.map((value, i) => value - x[i]);
    const y = step.gradient.map((value, i) => value - g[i]);
    if (!updated) hessian = scaledIdentity(n, s, y);
    updated = bfgsUpdate(hessian, s, y) || updated;
    [x, f, g] = [step.x, step.value, step.gradient];
  }
  const pgNorm = projectedGradientNorm(x, g, project);
  if (pgNorm <= gradientTolerance) return result(maxIterations, true, `projected gradient ${pgNorm.toExponential(2)} ≤ ${gradientTolerance}`);
  return result(maxIterations, false, `iteration limit ${maxIterations} reached (projected gradient ${pgNorm.toExponential(2)} > ${gradientTolerance})`);
}

function projectedGradientNorm(x: Float64Array, g: Float64Array, project: (v: Float64Array) => Float64Array): number {
  const moved = project(x.map((value, i) => value - g[i]));
  let norm = 0;
  for (let i = 0; i < x.length; i++) norm = Math.max(norm, Math.abs(moved[i] - x[i]));
  return norm;
}

/** The two-metric direction: −g_i / B_ii on binding coordinates, −B_FF⁻¹·g_F on the free ones. */
function direction(x: Float64Array, g: Float64Array, b: number[][], lower: ArrayLike<number>, upper: ArrayLike<number>, pgNorm: number): Float64Array {
  const n = x.length;
  const free: number[] = [];
  const d = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const epsilon = Math.min(1e-4 * (upper[i] - lower[i]), pgNorm);
    const binding = (x[i] - lower[i] <= epsilon && g[i] > 0) || (upper[i] - x[i] <= epsilon && g[i] < 0);
    if (binding) d[i] = -g[i] / b[i][i];
    else free.push(i);
  }
  const step = solveSymmetricPositiveDefinite(free.map((i) => free.map((j) => b[i][j])), free.map((i) => g[i]));
  free.forEach((i, k) => (d[i] = step ? -step[k] : -g[i] / b[i][i]));
  return d;
}

/** A·v = r for symmetric positive definite A by Cholesky, or null when A is not (then the caller falls back to the diagonal). */
function solveSymmetricPositiveDefinite(a: number[][], r: number[]): number[] | null {
  let l: number[][];
  try {
    l = choleskyLower(a);
  } catch (error) {
    if (error instanceof NotPositiveDefiniteError) return null;
    throw error;
  }
  const n = r.length;
  const w = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    let sum = r[i];
    for (let k = 0; k < i; k++) sum -= l[i][k] * w[k];
    w[i] = sum / l[i][i];
  }
  for (let i = n - 1; i >= 0; i--) {
    let sum = w[i];
    for (let k = i + 1; k < n; k++) sum -= l[k][i] * w[k];
    w[i] = sum / l[i][i];
  }
  return w;
}

interface ArcStep {
  accepted: boolean;
  x: Float64Array;
  value: number;
  gradient: Float64Array;
  evaluations: number;
}

const ARMIJO = 1e-4;
const MAX_HALVINGS = 60;

function searchAlongArc(objective: ObjectiveWithGradient, x: Float64Array, f: number, g: Float64Array, d: Float64Array, project: (v: Float64Array) => Float64Array): ArcStep {
  let a = 1;
  for (let trial = 1; trial <= MAX_HALVINGS; trial++, a *= 0.5) {
    const candidate = project(x.map((value, i) => value + a * d[i]));
    let predicted = 0;
    for (let i = 0; i < x.length; i++) predicted += g[i] * (candidate[i] - x[i]);
    if (!(predicted < 0)) continue; // the step projected to nothing (or uphill): shorten it
    const gradient = new Float64Array(x.length);
    const value = objective(candidate, gradient);
    if (Number.isFinite(value) && gradient.every(Number.isFinite) && value <= f + ARMIJO * predicted) {
      return { accepted: true, x: candidate, value, gradient, evaluations: trial };
    }
  }
  return { accepted: false, x, value: f, gradient: g, evaluations: MAX_HALVINGS };
}

/** B ← B − (Bs)(Bs)ᵀ / sᵀBs + y yᵀ / yᵀs; skipped (false) without enough curvature. Exactly symmetric. */
function bfgsUpdate(b: number[][], s: Float64Array, y: Float64Array): boolean {
  const n = s.length;
  const sy = dot(s, y);
  if (!(sy > 1e-10 * Math.sqrt(dot(s, s) * dot(y, y)))) return false;
  const bs = b.map((row) => dot(row, s));
  const sbs = dot(s, bs);
  if (!(sbs > 0)) return false;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) b[i][j] += -(bs[i] * bs[j]) / sbs + (y[i] * y[j]) / sy;
  }
  return true;
}

/** (yᵀy / sᵀy)·I: the curvature along the first step, as the initial Hessian scale. */
function scaledIdentity(n: number, s: Float64Array, y: Float64Array): number[][] {
  const sy = dot(s, y);
  const scale = sy > 0 ? dot(y, y) / sy : 1;
  return identityMatrix(n).map((row) => row.map((value) => value * scale));
}

function identityMatrix(n: number): number[][] {
  return Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 1 : 0)));
}

function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i] * b[i];
  return sum;
}
