/**
 * Test data with known parameters: GARCH(1,1) paths, HAR-RV paths and correlated normals, drawn
 * from the project's seeded generators (src/random/prng.ts's mulberry32 normals; the Student-t
 * mixing draw of src/random/stream.ts), so every run and every machine sees the same series.
 */
import { createPrng } from '../../../src/random/prng.js';
import { chiSquareMixing } from '../../../src/random/stream.js';

export interface GarchTruth {
  mu: number;
  omega: number;
  alpha: number;
  beta: number;
  /** Student-t ν when the innovations are standardized t; normal otherwise. */
  shape?: number;
}

/**
 * n returns of r_t = μ + √h_t·e_t, h_t = ω + α(r_{t−1} − μ)² + β h_{t−1}, after `burnIn` discarded
 * steps started at the unconditional variance (20·ω when α + β ≥ 1). e_t is N(0, 1), or z·√((ν − 2)/W) with W ~ χ²(ν)
 * (unit-variance Student-t) when truth.shape is set.
 */
export function simulateGarch11(truth: GarchTruth, n: number, seed: number, burnIn = 1000): Float64Array {
  const prng = createPrng(seed);
  const { mu, omega, alpha, beta, shape } = truth;
  // Start at the unconditional variance (or, for a non-stationary truth, at 20·ω).
  let h = alpha + beta < 1 ? omega / (1 - alpha - beta) : 20 * omega;
  let z = 0;
  const out = new Float64Array(n);
  for (let t = -burnIn; t < n; t++) {
    if (t > -burnIn) h = omega + alpha * z * z + beta * h;
    let e = prng.normal();
    if (shape !== undefined) e *= Math.sqrt((shape - 2) / chiSquareMixing(seed, t + burnIn, shape));
    z = Math.sqrt(h) * e;
    if (t >= 0) out[t] = mu + z;
  }
  return out;
}

export interface HarTruth {
  beta0: number;
  betaDaily: number;
  betaWeekly: number;
  betaMonthly: number;
  /** Standard deviation of the iid normal regression error. */
  noise: number;
}

/**
 * n values of RV_{t+1} = β0 + βd·RV_t + βw·mean(RV_{t−4..t}) + βm·mean(RV_{t−21..t}) + ε_{t+1},
 * ε iid N(0, noise²), after `burnIn` steps started at the stationary mean β0 / (1 − Σβ).
 * With β0 = 0.1, Σβ = 0.9 and noise 0.1 the level is 1 and the path stays far from 0.
 */
export function simulateHar(truth: HarTruth, n: number, seed: number, burnIn = 500): Float64Array {
  const prng = createPrng(seed);
  const { beta0, betaDaily, betaWeekly, betaMonthly, noise } = truth;
  const level = beta0 / (1 - betaDaily - betaWeekly - betaMonthly);
  const path: number[] = new Array(22).fill(level);
  const mean = (days: number) => path.slice(-days).reduce((sum, value) => sum + value, 0) / days;
  for (let t = 0; t < burnIn + n; t++) {
    path.push(beta0 + betaDaily * path[path.length - 1] + betaWeekly * mean(5) + betaMonthly * mean(22) + noise * prng.normal());
    if (path.length > 22 + n) path.shift();
  }
  return Float64Array.from(path.slice(-n));
}

/** p series of n independent draws of N(0, Σ) with Σ = D·R·D, from a lower Cholesky factor of R and vols D. */
export function simulateCorrelatedNormals(lowerFactor: number[][], vols: number[], n: number, seed: number): Float64Array[] {
  const prng = createPrng(seed);
  const p = vols.length;
  const out = Array.from({ length: p }, () => new Float64Array(n));
  const z = new Float64Array(p);
  for (let t = 0; t < n; t++) {
    for (let k = 0; k < p; k++) z[k] = prng.normal();
    for (let i = 0; i < p; i++) {
      let sum = 0;
      for (let k = 0; k <= i; k++) sum += lowerFactor[i][k] * z[k];
      out[i][t] = vols[i] * sum;
    }
  }
  return out;
}
