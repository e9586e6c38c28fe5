import { minimizeInBox } from './boxQuasiNewton.js';
import { hessianFromGradient, inverseSymmetricPositiveDefinite } from './covarianceFromHessian.js';
import {
  ALPHA, BETA, GARCH_MIN_OBSERVATIONS, MU, OMEGA, SHAPE,
  garch11ConditionalVariances, garch11LogLikelihoodAndGradient, type GarchDistribution,
} from './garch11LogLikelihood.js';
import { EstimatorInputError, assertFiniteSeries, assertInteger } from './validate.js';

export interface Garch11FitOptions {
  /** Innovation law: 'normal' (default) or fGarch's standardized 'student-t' (cond.dist = "std"). */
  distribution?: GarchDistribution;
  /** Optimiser iteration limit; default 500 (a fit takes 20–60). */
  maxIterations?: number;
}

export interface Garch11StandardErrors {
  mu: number;
  omega: number;
  alpha: number;
  beta: number;
  shape?: number;
}

export interface Garch11Fit {
  distribution: GarchDistribution;
  mu: number;
  omega: number;
  alpha: number;
  beta: number;
  /** Student-t degrees of freedom ν (only for 'student-t'). */
  shape?: number;
  /** ln L at the estimates, in the units of the returns (fGarch's −fit@fit$llh). */
  logLikelihood: number;
  /** α + β. */
  persistence: number;
  /** ω / (1 − α − β), or null when persistence ≥ 1 (no stationary variance exists). */
  unconditionalVariance: number | null;
  /** True only when the optimiser met its gradient test with no parameter on a bound. */
  converged: boolean;
  /** Why the optimiser stopped, and every reason the fit is not to be trusted. */
  reason: string;
  /** Names of the parameters that ended on a bound of the search box (empty when none). */
  parametersAtBounds: string[];
  /** √diag of `covariance`, or null when the Hessian is not positive definite (said in `reason`). */
  standardErrors: Garch11StandardErrors | null;
  /** Inverse Hessian of −ln L, in the order of `parameterNames`, in the units of the returns. */
  covariance: number[][] | null;
  parameterNames: string[];
  observations: number;
  iterations: number;
  evaluations: number;
  /** h_1..h_n: the fitted conditional variance of each return (per period, not annualized). */
  conditionalVariance: Float64Array;
  /**
   * Variance of the return `horizon` periods after the last one, given all returns:
   * h_{n+1} = ω + α·z_n² + β·h_n, then h_{n+k} = ω + (α + β)·h_{n+k−1}.
   */
  forecastVariance(horizon: number): number;
}

const NAMES = ['mu', 'omega', 'alpha', 'beta', 'shape'];

/**
 * GARCH(1,1) with constant mean by maximum likelihood, reproducing R fGarch's garchFit
 * (`garchFit(~garch(1, 1), data = x, cond.dist = "norm" | "std")`, its defaults otherwise; the
 * model and likelihood are in garch11LogLikelihood.ts). What is taken from fGarch:
 * - the fit runs on x / sd(x) (fGarch's xscale) and μ, ω are scaled back (μ·s, ω·s²); the
 *   MLE is scale-equivariant, so this changes only the optimiser's conditioning;
 * - starting point (scaled units): μ = mean, ω = 0.1·var = 0.1, α = 0.1, β = 0.8, ν = 4;
 * - search box (scaled units): ω ∈ [1e-6, 100], α, β ∈ [1e-8, 1 − 1e-8], ν ≤ 10; no α + β < 1
 *   constraint (persistence ≥ 1 is reported, with unconditionalVariance null).
 * Where it departs, and why: μ ∈ ±max(10·|mean|, 10/√n) rather than ±10·|mean| (fGarch's box
 * pins μ when the sample mean is near 0; ours also spans 10 standard errors of the mean), and
 * ν ≥ 2.01 rather than ≥ 1 (ν ≤ 2 has no unit-variance t; fGarch patches its NaNs with penalties).
 * Fits agree with fGarch's whenever neither box binds (test/calibration/estimators).
 *
 * Optimiser: our projected BFGS (boxQuasiNewton.ts) on the mean negative log-likelihood with
 * its analytic gradient, stopping at a projected gradient ≤ 1e-9 or when ln L cannot gain 1e-8
 * more (fGarch uses nlminb). Standard
 * errors: inverse of the Hessian of −ln L by central differences of the analytic gradient.
 *
 * A failed fit is returned, not thrown, and never silently: `converged` is false and `reason`
 * says why when the optimiser hits its iteration limit, cannot decrease the objective, meets a
 * non-finite likelihood, or ends with a parameter on a bound; a Hessian that is not positive
 * definite leaves standardErrors null and says so. Throws only on unusable input: fewer than
 * 100 returns (below that α and β are not separately identified: their standard errors exceed
 * the estimates; a year of daily data is the practical minimum), a non-finite return, or a
 * constant series.
 */
export function garch11Fit(returns: ArrayLike<number>, opts: Garch11FitOptions = {}): Garch11Fit {
  const { distribution = 'normal', maxIterations = 500 } = opts;
  if (distribution !== 'normal' && distribution !== 'student-t') {
    throw new EstimatorInputError('garch11Fit', 'distribution', `is ${JSON.stringify(distribution)}: must be 'normal' or 'student-t'`);
  }
  assertInteger(maxIterations, 1, 'garch11Fit', 'maxIterations');
  assertFiniteSeries(returns, GARCH_MIN_OBSERVATIONS, 'garch11Fit', 'returns', 'GARCH(1,1) needs about a year of daily returns to separate α from β');
  const setup = scaledProblem(returns, distribution);
  const n = returns.length;
  const meanNegativeLogLikelihood = (theta: Float64Array, gradient: Float64Array): number => {
    const value = -garch11LogLikelihoodAndGradient(setup.scaled, theta, distribution, gradient) / n;
    for (let i = 0; i < gradient.length; i++) gradient[i] = -gradient[i] / n;
    return value;
  };
  // Converged at a projected gradient of 1e-9 per observation, or when no step improves ln L by
  // more than 1e-8 in total (the rounding of a sum of n log-densities): ln L then is within ~1e-8
  // of its maximum and the estimates within ~1e-4 standard errors of the maximizer.
  const optimum = minimizeInBox(meanNegativeLogLikelihood, setup.start, setup.lower, setup.upper, {
    gradientTolerance: 1e-9,
    valueTolerance: 1e-8 / n,
    maxIterations,
  });
  const atBounds = boundParameters(optimum.x, setup.lower, setup.upper);
  const theta = unscale(optimum.x, setup.scale);
  const names = NAMES.slice(0, theta.length);
  const covariance = covarianceOf(meanNegativeLogLikelihood, optimum.x, setup, n);
  const reasons = [optimum.reason];
  if (atBounds.length > 0) reasons.push(`on a bound of the search box: ${atBounds.map((i) => `${names[i]} = ${theta[i]}`).join(', ')}`);
  if (!covariance) reasons.push('the Hessian of −ln L is not positive definite at the estimate: no standard errors');
  const logLikelihood = garch11LogLikelihoodAndGradient(returns, theta, distribution, null);
  if (!Number.isFinite(logLikelihood)) reasons.push(`the log-likelihood is not finite at the estimate (${logLikelihood})`);
  const conditionalVariance = garch11ConditionalVariances(returns, theta);
  const persistence = theta[ALPHA] + theta[BETA];
  return {
    distribution,
    mu: theta[MU],
    omega: theta[OMEGA],
    alpha: theta[ALPHA],
    beta: theta[BETA],
    ...(distribution === 'student-t' ? { shape: theta[SHAPE] } : {}),
    logLikelihood,
    persistence,
    unconditionalVariance: persistence < 1 ? theta[OMEGA] / (1 - persistence) : null,
    converged: optimum.converged && atBounds.length === 0 && Number.isFinite(logLikelihood),
    reason: reasons.join('; '),
    parametersAtBounds: atBounds.map((i) => names[i]),
    standardErrors: covariance ? standardErrorsOf(covariance, names) : null,
    covariance,
    parameterNames: names,
    observations: n,
    iterations: optimum.iterations,
    evaluations: optimum.evaluations,
    conditionalVariance,
    forecastVariance: varianceForecaster(returns, theta, conditionalVariance),
  };
}

interface ScaledProblem {
  scaled: Float64Array;
  scale: number;
  start: Float64Array;
  lower: Float64Array;
  upper: Float64Array;
}

/** The series divided by its sample sd, fGarch's starting point and our search box, in scaled units. */
function scaledProblem(returns: ArrayLike<number>, distribution: GarchDistribution): ScaledProblem {
  const n = returns.length;
  let mean = 0;
  for (let t = 0; t < n; t++) mean += returns[t];
  mean /= n;
  let sumSquares = 0;
  for (let t = 0; t < n; t++) sumSquares += (returns[t] - mean) ** 2;
  const scale = Math.sqrt(sumSquares / (n - 1));
  // Relative to the mean: a constant series leaves a rounding-level spread, not exactly 0.
  if (!(scale > 1e-12 * Math.abs(mean))) throw new EstimatorInputError('garch11Fit', 'returns', `are constant (all ${returns[0]} to rounding): no variance to model`);
  const scaled = Float64Array.from(returns, (r) => r / scale);
  const scaledMean = mean / scale;
  const muBound = Math.max(10 * Math.abs(scaledMean), 10 / Math.sqrt(n));
  const start = [scaledMean, 0.1, 0.1, 0.8];
  const lower = [-muBound, 1e-6, 1e-8, 1e-8];
  const upper = [muBound, 100, 1 - 1e-8, 1 - 1e-8];
  if (distribution === 'student-t') {
    start.push(4);
    lower.push(2.01);
    upper.push(10);
  }
  return { scaled, scale, start: Float64Array.from(start), lower: Float64Array.from(lower), upper: Float64Array.from(upper) };
}

/** Back to the units of the returns: μ·s, ω·s²; α, β and ν are scale-free. */
function unscale(theta: Float64Array, scale: number): Float64Array {
  const out = Float64Array.from(theta);
  out[MU] *= scale;
  out[OMEGA] *= scale * scale;
  return out;
}

/** Indices of the parameters on (within 1e-9 of the width of) a bound of the box. */
function boundParameters(x: Float64Array, lower: Float64Array, upper: Float64Array): number[] {
  const out: number[] = [];
  x.forEach((value, i) => {
    const slack = 1e-9 * (upper[i] - lower[i]);
    if (value - lower[i] <= slack || upper[i] - value <= slack) out.push(i);
  });
  return out;
}

/**
 * Covariance of the estimates in the units of the returns: the inverse Hessian of −ln L (= n ×
 * the mean's Hessian) in scaled units, then C = D·C_scaled·D with D = diag(s, s², 1, 1, 1).
 */
function covarianceOf(
  meanNll: (theta: Float64Array, gradient: Float64Array) => number,
  optimum: Float64Array,
  setup: ScaledProblem,
  n: number,
): number[][] | null {
  const typical = Float64Array.from(optimum, (_, i) => (i === MU ? 1 / Math.sqrt(n) : i === OMEGA ? 0.01 : 0.01));
  const hessian = hessianFromGradient((theta, out) => void meanNll(theta, out), optimum, typical, setup.lower, setup.upper);
  const inverse = inverseSymmetricPositiveDefinite(hessian.map((row) => row.map((value) => value * n)));
  if (!inverse) return null;
  const unit = Float64Array.from(optimum, (_, i) => (i === MU ? setup.scale : i === OMEGA ? setup.scale * setup.scale : 1));
  return inverse.map((row, i) => row.map((value, j) => value * unit[i] * unit[j]));
}

function standardErrorsOf(covariance: number[][], names: string[]): Garch11StandardErrors {
  const entries = names.map((name, i) => [name, Math.sqrt(covariance[i][i])] as const);
  return Object.fromEntries(entries) as unknown as Garch11StandardErrors;
}

function varianceForecaster(returns: ArrayLike<number>, theta: Float64Array, h: Float64Array): (horizon: number) => number {
  const last = returns.length - 1;
  const z = returns[last] - theta[MU];
  const nextVariance = theta[OMEGA] + theta[ALPHA] * z * z + theta[BETA] * h[last];
  const persistence = theta[ALPHA] + theta[BETA];
  // The recursion solved: h_{n+k} = ω·(1 + p + … + p^{k−2}) + p^{k−1}·h_{n+1}, p = α + β (any p ≥ 0).
  return (horizon: number): number => {
    assertInteger(horizon, 1, 'garch11Fit.forecastVariance', 'horizon');
    const steps = horizon - 1;
    const decay = persistence ** steps;
    const geometricSum = persistence === 1 ? steps : (1 - decay) / (1 - persistence);
    return theta[OMEGA] * geometricSum + decay * nextVariance;
  };
}
