/**
 * Ledoit–Wolf shrinkage of a correlation matrix: (1 − δ)·R + δ·F with the intensity δ that
 * minimizes the expected Frobenius distance to the true matrix, estimated from the data. Both
 * estimators are applied to the standardized returns z_ti (demeaned, unit variance with divisor
 * n), whose covariance S = (1/n)·ZᵀZ is the sample correlation R: shrinking the correlation
 * and leaving each asset's own variance to its volatility model.
 *
 * Targets:
 * - 'identity' (Ledoit & Wolf 2004, "A well-conditioned estimator for large-dimensional
 *   covariance matrices", J. Multivariate Anal. 88, Lemma 3.2–3.4): F = μI, μ = tr(S)/p = 1;
 *     d² = ‖S − μI‖²_F / p,   b̄² = (1/(n²p))·Σ_t ‖z_t z_tᵀ − S‖²_F,   δ = min(b̄², d²) / d²,
 *   the same as scikit-learn's ledoit_wolf on Z (checked in the tests). Pulls every
 *   correlation toward 0.
 * - 'constant-correlation' (Ledoit & Wolf 2004, "Honey, I shrunk the sample covariance
 *   matrix", J. Portfolio Management 30(4), appendix; their covCor.m): F has 1 on the
 *   diagonal and the average off-diagonal correlation r̄ elsewhere;
 *     π = Σ_ij (1/n)Σ_t (z_ti z_tj − s_ij)²,   γ = ‖F − S‖²_F,
 *     ρ = Σ_i π_ii + Σ_{i≠j} (r̄/2)·(θ_ii,ij + θ_jj,ij),  θ_kk,ij = (1/n)Σ_t (z_tk² − 1)(z_ti z_tj − s_ij),
 *     δ = max(0, min(1, (π − ρ) / (γ·n))).
 *   Pulls correlations toward their average, which keeps a market's common factor: the
 *   conservative target for margin (shrinking toward 0 would invent diversification).
 * Either shrunk matrix has unit diagonal and is positive semidefinite (a convex combination of
 * two such matrices).
 */
export type ShrinkageTarget = 'identity' | 'constant-correlation';

/**
 * The Ledoit–Wolf intensity δ in [0, 1] (the weight of the target) for the standardized returns
 * `z` (p columns of n values) whose sample correlation is `s`.
 */
export function ledoitWolfIntensity(z: Float64Array[], s: number[][], target: ShrinkageTarget): number {
  return target === 'identity' ? identityIntensity(z, s) : constantCorrelationIntensity(z, s);
}

/** The target F built from a correlation matrix: I, or 1 on the diagonal and the average off-diagonal entry r̄ elsewhere. */
export function shrinkageTarget(s: number[][], target: ShrinkageTarget): number[][] {
  const p = s.length;
  const rBar = target === 'identity' || p < 2 ? 0 : averageOffDiagonal(s);
  return s.map((row, i) => row.map((_, j) => (i === j ? 1 : rBar)));
}

function averageOffDiagonal(s: number[][]): number {
  const p = s.length;
  let sum = 0;
  for (let i = 0; i < p; i++) for (let j = 0; j < p; j++) if (i !== j) sum += s[i][j];
  return sum / (p * (p - 1));
}

/** (1 − δ)·S + δ·F, exactly symmetric with an exactly unit diagonal. */
export function shrink(s: number[][], target: number[][], intensity: number): number[][] {
  return s.map((row, i) => row.map((value, j) => (i === j ? 1 : (1 - intensity) * value + intensity * target[i][j])));
}

function identityIntensity(z: Float64Array[], s: number[][]): number {
  const p = z.length;
  const n = z[0].length;
  let d2 = 0;
  for (let i = 0; i < p; i++) for (let j = 0; j < p; j++) d2 += (s[i][j] - (i === j ? 1 : 0)) ** 2;
  d2 /= p;
  let b2 = 0;
  for (let i = 0; i < p; i++) {
    for (let j = 0; j < p; j++) {
      for (let t = 0; t < n; t++) b2 += (z[i][t] * z[j][t] - s[i][j]) ** 2;
    }
  }
  b2 /= n * n * p;
  return d2 > 0 ? Math.min(b2, d2) / d2 : 0;
}

function constantCorrelationIntensity(z: Float64Array[], s: number[][]): number {
  const p = z.length;
  const n = z[0].length;
  if (p < 2) return 0;
  const rBar = averageOffDiagonal(s);
  const target = shrinkageTarget(s, 'constant-correlation');
  let pi = 0;
  let rho = 0;
  let gamma = 0;
  for (let i = 0; i < p; i++) {
    for (let j = 0; j < p; j++) {
      let piIj = 0;
      let thetaI = 0;
      let thetaJ = 0;
      for (let t = 0; t < n; t++) {
        const deviation = z[i][t] * z[j][t] - s[i][j];
        piIj += deviation * deviation;
        thetaI += (z[i][t] * z[i][t] - 1) * deviation;
        thetaJ += (z[j][t] * z[j][t] - 1) * deviation;
      }
      pi += piIj / n;
      if (i === j) rho += piIj / n;
      else rho += (rBar / 2) * (thetaI / n + thetaJ / n);
      gamma += (target[i][j] - s[i][j]) ** 2;
    }
  }
  return gamma > 0 ? Math.max(0, Math.min(1, (pi - rho) / gamma / n)) : 0;
}
