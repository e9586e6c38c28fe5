import type { Prng } from '../../random/prng.js';

/**
 * The building blocks of the embedded synthetic history (synthetic.ts documents the model):
 * unit-variance Student-t draws, a GARCH(1,1) path with a common factor, jumps and a drawdown,
 * the 30-day variance forecast behind the implied vols, and the stablecoin's peg.
 */

/** A Student-t draw with `dof` (integer > 2) degrees of freedom, scaled to unit variance. */
export function unitStudentT(rng: Prng, dof: number): number {
  let chiSquare = 0;
  for (let k = 0; k < dof; k++) chiSquare += rng.normal() ** 2;
  return rng.normal() * Math.sqrt((dof - 2) / chiSquare);
}

export interface GarchParams {
  /** Long-run daily variance v; ω = v·(1 − α − β). */
  dailyVariance: number;
  alpha: number;
  beta: number;
}

/** Per-day inputs of one coin's path, index t = 1..n−1 (the return from day t−1 to day t). */
export interface PathDrivers {
  /** Unit-variance shock z_t. */
  shocks: Float64Array;
  /** Log jump J_t (0 on most days). */
  jumps: Float64Array;
  /** Drift d_t of the log price (the slow drawdown). */
  drifts: Float64Array;
  /** Vol multiplier k_t (1 outside the drawdown). */
  volMultipliers: Float64Array;
}

export interface GarchPath {
  /** Log returns r_t (index 0 unused, 0). */
  returns: Float64Array;
  /** Conditional variance σ²_t of each day's return, and σ²_n, tomorrow's, at index n. */
  variances: Float64Array;
}

/**
 * r_t = k_t·σ_t·z_t + J_t + d_t with σ²_{t+1} = ω + α·ε_t² + β·σ²_t, ε_t = σ_t·z_t + J_t.
 * The jump feeds the variance (a crash is followed by high vol); the drawdown's multiplier and
 * drift do not (fed back, α·k² + β > 1 would make the variance explode inside the window).
 */
export function garchPath(params: GarchParams, drivers: PathDrivers): GarchPath {
  const n = drivers.shocks.length;
  const { dailyVariance, alpha, beta } = params;
  const omega = dailyVariance * (1 - alpha - beta);
  const returns = new Float64Array(n);
  const variances = new Float64Array(n + 1);
  variances[0] = dailyVariance;
  variances[1] = dailyVariance;
  for (let t = 1; t < n; t++) {
    const sigma = Math.sqrt(variances[t]);
    const epsilon = sigma * drivers.shocks[t] + drivers.jumps[t];
    returns[t] = drivers.volMultipliers[t] * sigma * drivers.shocks[t] + drivers.jumps[t] + drivers.drifts[t];
    variances[t + 1] = omega + alpha * epsilon * epsilon + beta * variances[t];
  }
  return { returns, variances };
}

/**
 * The GARCH forecast of the mean daily variance over the next `days` days, given tomorrow's
 * variance h: v + (h − v)·(1 − φ^days) / (days·(1 − φ)), φ = α + β.
 */
export function meanVarianceForecast(params: GarchParams, tomorrow: number, days: number): number {
  const phi = params.alpha + params.beta;
  return params.dailyVariance + ((tomorrow - params.dailyVariance) * (1 - phi ** days)) / (days * (1 - phi));
}

/**
 * Closes from log returns, running from `firstClose` to `lastClose`: a constant drift
 * (ln(last/first) − Σ r) / (n − 1) is added to every return, so the path keeps its shocks and
 * episodes but starts and ends at plausible levels whatever the draws. Rounded to `digits`
 * significant digits, like a venue's print.
 */
export function closesBetween(returns: Float64Array, firstClose: number, lastClose: number, digits: number): Float64Array {
  const n = returns.length;
  const logLevel = new Float64Array(n);
  for (let t = 1; t < n; t++) logLevel[t] = logLevel[t - 1] + returns[t];
  const drift = (Math.log(lastClose / firstClose) - logLevel[n - 1]) / (n - 1);
  const closes = new Float64Array(n);
  for (let t = 0; t < n; t++) closes[t] = roundSignificant(firstClose * Math.exp(logLevel[t] + drift * t), digits);
  closes[n - 1] = roundSignificant(lastClose, digits); // exactly, whatever exp's last bit did
  return closes;
}

export function roundSignificant(value: number, digits: number): number {
  return Number(value.toPrecision(digits));
}
