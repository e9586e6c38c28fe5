/**
 * HAR-RV by OLS (Corsi 2009).
 *
 * References:
 * - R 4.2.2's lm (one-off) on the 300 values simulateHar(TRUTH, 300, 31) written with
 *   toPrecision(17) to har300.csv:
 *     rv <- scan("har300.csv"); n <- length(rv)
 *     w <- stats::filter(rv, rep(1/5, 5), sides = 1); m <- stats::filter(rv, rep(1/22, 22), sides = 1)
 *     t <- 22:(n - 1)   # R is 1-based: our t = 21 .. n − 2
 *     f <- lm(y ~ d + w + m, data.frame(y = rv[t + 1], d = rv[t], w = w[t], m = m[t]))
 *     coef(f); summary(f)$r.squared; summary(f)$sigma^2
 *     sum(coef(f) * c(1, rv[n], mean(rv[(n-4):n]), mean(rv[(n-21):n])))
 *   Agreement achieved: ≤ 4e-15 relative; asserted 1e-12 (our QR vs R's Householder QR (LINPACK
 *   dqrdc2), both backward stable on the same well-conditioned design).
 * - Simulation recovery: n = 20,000 from known coefficients with iid errors, so the textbook
 *   OLS standard errors σ̂²(XᵀX)⁻¹ (computed here, through src/linalg's Cholesky) are valid;
 *   each coefficient within 4 of them.
 */
import { describe, expect, it } from 'vitest';
import { harFit } from '../../../src/calibration/estimators/harFit.js';
import { leastSquares, RankDeficientError } from '../../../src/calibration/estimators/leastSquares.js';
import { choleskyLower } from '../../../src/linalg/cholesky.js';
import { expectClose } from '../../helpers/expectClose.js';
import { checkClose, checkRelClose } from './report.js';
import { simulateHar, type HarTruth } from './simulate.js';

const TRUTH: HarTruth = { beta0: 0.1, betaDaily: 0.4, betaWeekly: 0.3, betaMonthly: 0.2, noise: 0.1 };
const R_LM = {
  beta0: 0.159528466495539, betaDaily: 0.359017242788431, betaWeekly: 0.238091210855074, betaMonthly: 0.246259708861321,
  rSquared: 0.377375673420584, residualVariance: 0.0113870307372639, forecast: 1.06662821867951,
};
const NAMES = ['beta0', 'betaDaily', 'betaWeekly', 'betaMonthly'] as const;

describe('harFit', () => {
  it("equals R's lm on the same 300 numbers", () => {
    const rv = simulateHar(TRUTH, 300, 31);
    expect([rv[0], rv[299]]).toStrictEqual([1.2053209628497221, 1.1916725149940306]); // the series R read
    const fit = harFit(rv);
    expect(fit.observations).toBe(278);
    for (const name of [...NAMES, 'rSquared', 'residualVariance', 'forecast'] as const) {
      checkRelClose(`HAR ${name} vs R lm`, fit[name], R_LM[name], 1e-12);
    }
  });

  it('recovers the coefficients of a simulated HAR process within 4 OLS standard errors (n = 20,000)', () => {
    const rv = simulateHar(TRUTH, 20_000, 32);
    const fit = harFit(rv);
    const se = olsStandardErrors(rv, fit.residualVariance);
    NAMES.forEach((name, k) => checkClose(`HAR ${name} (4 se)`, fit[name], TRUTH[name], 4 * se[k]));
    checkRelClose('HAR residual variance vs noise² = 0.01', fit.residualVariance, 0.01, 0.05);
  });

  it('forecasts β0 + βd·RV_n + βw·(5-day mean) + βm·(22-day mean) (closed form on a short series)', () => {
    const rv = Array.from({ length: 40 }, (_, t) => 1 + 0.3 * Math.sin(t) + 0.1 * Math.cos(3 * t));
    const fit = harFit(rv);
    const mean = (days: number) => rv.slice(-days).reduce((a, b) => a + b, 0) / days;
    const expected = fit.beta0 + fit.betaDaily * rv[39] + fit.betaWeekly * mean(5) + fit.betaMonthly * mean(22);
    expectClose(fit.forecast, expected, 1e-14, 'forecast');
    expect(fit.observations).toBe(18);
  });

  it('refuses too few, negative, non-finite and constant realized variances, naming them', () => {
    const rv = simulateHar(TRUTH, 60, 5);
    expect(() => harFit(rv.slice(0, 26))).toThrow(/realizedVariance has 26 values; needs at least 27/);
    expect(() => harFit(rv.map((v, t) => (t === 7 ? -0.1 : v)))).toThrow(/realizedVariance\[7\] is -0.1: a realized variance is ≥ 0/);
    expect(() => harFit(rv.map((v, t) => (t === 9 ? Infinity : v)))).toThrow(/realizedVariance\[9\] is Infinity/);
    expect(() => harFit(new Array(40).fill(0.5))).toThrow(/leaves the HAR regression unidentified/);
  });
});

describe('leastSquares (Householder QR)', () => {
  it('recovers exact coefficients from a consistent system, and throws on dependent columns', () => {
    const design = Array.from({ length: 8 }, (_, i) => [1, i, i * i]);
    const y = design.map(([, x, x2]) => 2 - 3 * x + 0.5 * x2);
    const out = leastSquares(design, y);
    [2, -3, 0.5].forEach((value, k) => expectClose(out.coefficients[k], value, 1e-13, `coefficient ${k}`));
    expectClose(out.rSquared, 1, 1e-14, 'R² of an exact fit');
    expect(() => leastSquares(design.map(([one, x]) => [one, x, 2 * x]), y)).toThrow(RankDeficientError);
    expect(() => leastSquares([[1, 2]], [1])).toThrow(/needs more rows/);
  });
});

/** √diag(σ̂²·(XᵀX)⁻¹) of the HAR design, by the normal equations (a second route to the regression). */
function olsStandardErrors(rv: ArrayLike<number>, residualVariance: number): number[] {
  const xtx = Array.from({ length: 4 }, () => new Array<number>(4).fill(0));
  for (let t = 21; t <= rv.length - 2; t++) {
    const mean = (days: number) => {
      let sum = 0;
      for (let j = 0; j < days; j++) sum += rv[t - j];
      return sum / days;
    };
    const row = [1, rv[t], mean(5), mean(22)];
    for (let i = 0; i < 4; i++) for (let j = 0; j < 4; j++) xtx[i][j] += row[i] * row[j];
  }
  const l = choleskyLower(xtx);
  // diag((L Lᵀ)⁻¹)_k = ‖L⁻¹ e_k‖² summed over rows: solve L·w = e_k, then Lᵀ·v = w, take v_k.
  return [0, 1, 2, 3].map((k) => {
    const w = [0, 0, 0, 0];
    for (let i = 0; i < 4; i++) {
      let sum = i === k ? 1 : 0;
      for (let j = 0; j < i; j++) sum -= l[i][j] * w[j];
      w[i] = sum / l[i][i];
    }
    const v = [0, 0, 0, 0];
    for (let i = 3; i >= 0; i--) {
      let sum = w[i];
      for (let j = i + 1; j < 4; j++) sum -= l[j][i] * v[j];
      v[i] = sum / l[i][i];
    }
    return Math.sqrt(residualVariance * v[k]);
  });
}
