import { digamma, logGamma } from './specialFunctions.js';
import { EstimatorInputError, assertFiniteSeries, describe } from './validate.js';

/**
 * GARCH(1,1) with a constant mean, in R fGarch's conventions (garchFit, init.rec = "mci"):
 *   r_t = μ + z_t,   z_t = √h_t · e_t,   e_t iid with mean 0 and variance 1,
 *   h_1 = ω + (α + β)·M  with M = mean over the whole sample of z_t²   ("mci")
 *   h_t = ω + α·z_{t−1}² + β·h_{t−1}  for t ≥ 2,
 *   ln L = Σ_t [ ln f(z_t / √h_t) − ½ ln h_t ]  over every t (fGarch's llh.start = 1),
 * f the standard normal density or the *standardized* Student-t (unit variance, ν > 2):
 *   f(e; ν) = dt(e·s, ν)·s,  s = √(ν / (ν − 2))   (fGarch's dstd).
 * The log-likelihood is in the units of the returns given (it shifts by −n·ln c when the returns
 * are multiplied by c), exactly what fGarch reports as `fit@fit$llh` (negated).
 */
export type GarchDistribution = 'normal' | 'student-t';

export interface Garch11Params {
  mu: number;
  omega: number;
  alpha: number;
  beta: number;
  /** Student-t degrees of freedom ν > 2; present exactly when the innovations are Student-t. */
  shape?: number;
}

/** Parameter vector layout used by the fit and the optimiser: [μ, ω, α, β] or [μ, ω, α, β, ν]. */
export const MU = 0;
export const OMEGA = 1;
export const ALPHA = 2;
export const BETA = 3;
export const SHAPE = 4;

/** Fewest returns a GARCH(1,1) likelihood is computed on (see garch11Fit for why). */
export const GARCH_MIN_OBSERVATIONS = 100;

const HALF_LOG_TWO_PI = 0.5 * Math.log(2 * Math.PI);

/**
 * The GARCH(1,1) log-likelihood of `returns` at `params` (Student-t when params.shape is given,
 * normal otherwise). Throws on non-finite returns, fewer than 2 returns, or parameters outside
 * the model (ω ≤ 0, α < 0, β < 0, ν ≤ 2); a likelihood that is not finite (a variance that
 * overflows) is returned as −Infinity rather than NaN.
 */
export function garch11LogLikelihood(returns: ArrayLike<number>, params: Garch11Params): number {
  assertFiniteSeries(returns, 2, 'garch11LogLikelihood', 'returns', 'the recursion needs a lagged return');
  const theta = paramsToVector(params, 'garch11LogLikelihood');
  const value = garch11LogLikelihoodAndGradient(returns, theta, params.shape === undefined ? 'normal' : 'student-t', null);
  return Number.isFinite(value) ? value : -Infinity;
}

/** Checks the parameters of the model and packs them as [μ, ω, α, β(, ν)]. */
export function paramsToVector(params: Garch11Params, estimator: string): Float64Array {
  const { mu, omega, alpha, beta, shape } = params;
  const check = (ok: boolean, field: string, value: number, rule: string): void => {
    if (!ok) throw new EstimatorInputError(estimator, `params.${field}`, `is ${describe(value)}: ${rule}`);
  };
  check(Number.isFinite(mu), 'mu', mu, 'must be finite');
  check(Number.isFinite(omega) && omega > 0, 'omega', omega, 'must be finite and > 0');
  check(Number.isFinite(alpha) && alpha >= 0, 'alpha', alpha, 'must be finite and ≥ 0');
  check(Number.isFinite(beta) && beta >= 0, 'beta', beta, 'must be finite and ≥ 0');
  if (shape === undefined) return Float64Array.of(mu, omega, alpha, beta);
  check(Number.isFinite(shape) && shape > 2, 'shape', shape, 'must be finite and > 2 (the standardized t needs a variance)');
  return Float64Array.of(mu, omega, alpha, beta, shape);
}

/**
 * The conditional variances h_1..h_n of the mci recursion (see the top of this file), in the
 * units of the returns squared. h_t is the variance of r_t given the returns before t.
 */
export function garch11ConditionalVariances(returns: ArrayLike<number>, theta: ArrayLike<number>): Float64Array {
  const n = returns.length;
  const [mu, omega, alpha, beta] = [theta[MU], theta[OMEGA], theta[ALPHA], theta[BETA]];
  let sumSquares = 0;
  for (let t = 0; t < n; t++) sumSquares += (returns[t] - mu) ** 2;
  const h = new Float64Array(n);
  h[0] = omega + (alpha + beta) * (sumSquares / n);
  for (let t = 1; t < n; t++) h[t] = omega + alpha * (returns[t - 1] - mu) ** 2 + beta * h[t - 1];
  return h;
}

/**
 * ln L at theta = [μ, ω, α, β(, ν)] and, when `gradient` is given, ∂ln L/∂theta written into it.
 * One pass: the derivatives of h_t follow their own recursions,
 *   ∂h_t/∂ω = 1 + β·∂h_{t−1}/∂ω,  ∂h_t/∂α = z_{t−1}² + β·∂h_{t−1}/∂α,  ∂h_t/∂β = h_{t−1} + β·∂h_{t−1}/∂β,
 *   ∂h_t/∂μ = −2α·z_{t−1} + β·∂h_{t−1}/∂μ,  from ∂h_1/∂(ω, α, β, μ) = (1, M, M, (α + β)·∂M/∂μ),
 * and an analytic gradient lets the optimiser stop on a tight projected-gradient test (finite
 * differences would floor it at ~1e-6 relative). No input checks: callers check once.
 */
export function garch11LogLikelihoodAndGradient(
  returns: ArrayLike<number>,
  theta: ArrayLike<number>,
  distribution: GarchDistribution,
  gradient: Float64Array | null,
): number {
  const n = returns.length;
  const [mu, omega, alpha, beta] = [theta[MU], theta[OMEGA], theta[ALPHA], theta[BETA]];
  const density = distribution === 'normal' ? normalLogDensity : studentTLogDensity(theta[SHAPE]);
  let sumSquares = 0;
  let sumDeviations = 0;
  for (let t = 0; t < n; t++) {
    const z = returns[t] - mu;
    sumSquares += z * z;
    sumDeviations += z;
  }
  const meanSquare = sumSquares / n;
  let h = omega + (alpha + beta) * meanSquare;
  let dhMu = (alpha + beta) * ((-2 * sumDeviations) / n);
  let [dhOmega, dhAlpha, dhBeta] = [1, meanSquare, meanSquare];
  let logLikelihood = 0;
  const g = [0, 0, 0, 0, 0];
  const terms = { logDensity: 0, dByH: 0, dByZ: 0, dByShape: 0 };
  for (let t = 0; t < n; t++) {
    const z = returns[t] - mu;
    density(z, h, terms);
    logLikelihood += terms.logDensity;
    if (gradient) {
      g[MU] += terms.dByH * dhMu - terms.dByZ; // ∂z/∂μ = −1
      g[OMEGA] += terms.dByH * dhOmega;
      g[ALPHA] += terms.dByH * dhAlpha;
      g[BETA] += terms.dByH * dhBeta;
      g[SHAPE] += terms.dByShape;
      dhMu = -2 * alpha * z + beta * dhMu;
      dhOmega = 1 + beta * dhOmega;
      dhAlpha = z * z + beta * dhAlpha;
      dhBeta = h + beta * dhBeta;
    }
    h = omega + alpha * z * z + beta * h;
  }
  if (gradient) for (let i = 0; i < gradient.length; i++) gradient[i] = g[i];
  return logLikelihood;
}

interface DensityTerms {
  /** ln f(z/√h) − ½ ln h */
  logDensity: number;
  /** its partial derivatives in h, z and the shape ν */
  dByH: number;
  dByZ: number;
  dByShape: number;
}

function normalLogDensity(z: number, h: number, out: DensityTerms): void {
  const ratio = (z * z) / h;
  out.logDensity = -HALF_LOG_TWO_PI - 0.5 * Math.log(h) - 0.5 * ratio;
  out.dByH = (ratio - 1) / (2 * h);
  out.dByZ = -z / h;
  out.dByShape = 0;
}

/**
 * The standardized Student-t term: with q = z² / (h·(ν − 2)),
 *   ln f = C(ν) − ½ ln h − (ν + 1)/2 · ln(1 + q),  C(ν) = ln Γ((ν+1)/2) − ln Γ(ν/2) − ½ ln(π(ν − 2)),
 * (dt(e·s, ν)·s with s = √(ν/(ν−2)) simplifies to this: (e·s)²/ν = e²/(ν − 2)). The constant and
 * its derivative C′(ν) = ½ψ((ν+1)/2) − ½ψ(ν/2) − 1/(2(ν − 2)) are computed once per evaluation.
 */
function studentTLogDensity(shape: number): (z: number, h: number, out: DensityTerms) => void {
  const constant = logGamma((shape + 1) / 2) - logGamma(shape / 2) - 0.5 * Math.log(Math.PI * (shape - 2));
  const constantSlope = 0.5 * digamma((shape + 1) / 2) - 0.5 * digamma(shape / 2) - 0.5 / (shape - 2);
  const halfShapePlusOne = 0.5 * (shape + 1);
  return (z, h, out) => {
    const q = (z * z) / (h * (shape - 2));
    const log1pQ = Math.log1p(q);
    const share = q / (1 + q);
    out.logDensity = constant - 0.5 * Math.log(h) - halfShapePlusOne * log1pQ;
    out.dByH = (-0.5 + halfShapePlusOne * share) / h;
    out.dByZ = (-(shape + 1) * z) / (h * (shape - 2) * (1 + q));
    out.dByShape = constantSlope - 0.5 * log1pQ + (halfShapePlusOne * share) / (shape - 2);
  };
}
