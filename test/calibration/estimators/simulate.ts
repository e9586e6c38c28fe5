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
