/**
 * Correlation of aligned daily returns: sample, EWMA, Ledoit–Wolf shrinkage, repair.
 *
 * References (one-off, numbers below) on the 60 × 4 returns simulateCorrelatedNormals(L(R_TRUE),
 * VOLS, 60, 41) written with toPrecision(17) to corr60.csv, read by Debian's Python 3.11 with
 * numpy 1.24.2, pandas 1.5.3 and scikit-learn 1.2.1 (python3-sklearn):
 *   x = np.loadtxt("corr60.csv", delimiter=","); z = (x - x.mean(0)) / x.std(0)
 *   np.corrcoef(x, rowvar=False)                                # sample
 *   sklearn.covariance.ledoit_wolf(z)                           # identity target: (shrunk, δ)
 *   covCor(z)   # Ledoit & Wolf's own covCor.m (constant-correlation target), transcribed
 *               # line by line into numpy from the authors' published MATLAB code
 *   C_ij = (x_i·x_j).ewm(alpha = 0.06, adjust = True).mean().iloc[-1];  C_ij / √(C_ii C_jj)   # EWMA
 * Agreement achieved: ≤ 1e-15 absolute on every entry and intensity; asserted 1e-13.
 */
import { describe, expect, it } from 'vitest';
import { estimateCorrelation } from '../../../src/calibration/estimators/estimateCorrelation.js';
import { repairCorrelation } from '../../../src/calibration/estimators/repairCorrelation.js';
import { choleskyLower } from '../../../src/linalg/cholesky.js';
import { isPositiveSemidefinite, nearestCorrelation } from '../../../src/linalg/nearestCorrelation.js';
import { symmetricEigen } from '../../../src/linalg/symmetricEigen.js';
import { createPrng } from '../../../src/random/prng.js';
import { expectClose } from '../../helpers/expectClose.js';
import { checkClose } from './report.js';
import { simulateCorrelatedNormals } from './simulate.js';

const R_TRUE = [
  [1, 0.6, 0.3, 0.5],
  [0.6, 1, 0.4, 0.2],
  [0.3, 0.4, 1, 0.1],
  [0.5, 0.2, 0.1, 1],
];
const VOLS = [0.04, 0.05, 0.03, 0.06];
const NAMES = ['A', 'B', 'C', 'D'];
const PAIRS: [number, number][] = [[0, 1], [0, 2], [0, 3], [1, 2], [1, 3], [2, 3]];
const REFERENCE_TOLERANCE = 1e-13;

const NUMPY_CORRCOEF = [0.6491172199582238, 0.2076021909765114, 0.495825079029331, 0.3418397515004183, 0.25029151214365414, 0.016413183622184427];
const PANDAS_EWMA = [0.6862889240398077, 0.3572095627189688, 0.6127479079922465, 0.489388426520392, 0.30314738158315596, 0.09792753569525724];
const SKLEARN_IDENTITY = { intensity: 0.19920900950907597, ab: 0.5198072215150611, cd: 0.013143529569918499 };
const COVCOR_CONSTANT = { intensity: 0.38940874388716484, ab: 0.5236228286484093, cd: 0.13729927635432604 };

const data60 = () => ({ names: NAMES, returns: simulateCorrelatedNormals(choleskyLower(R_TRUE), VOLS, 60, 41) });

describe('estimateCorrelation against numpy, pandas, scikit-learn and Ledoit–Wolf\'s covCor', () => {
  it('the 60 × 4 series written to corr60.csv is unchanged', () => {
    const { returns } = data60();
    expect([returns[0][0], returns[3][59]]).toStrictEqual([-0.028551886743439444, 0.026344162662114663]);
  });

  it('sample correlation equals numpy.corrcoef', () => {
    const out = estimateCorrelation(data60());
    PAIRS.forEach(([i, j], k) => checkClose(`sample ρ(${NAMES[i]}, ${NAMES[j]})`, out.matrix[i][j], NUMPY_CORRCOEF[k], REFERENCE_TOLERANCE));
    expect(out.repair).toBeUndefined();
    expect(out.shrinkageIntensity).toBeUndefined();
  });

  it('EWMA (λ = 0.94, zero mean) equals pandas ewm(adjust=True) of the cross products', () => {
    const out = estimateCorrelation(data60(), { method: 'ewma' });
    PAIRS.forEach(([i, j], k) => checkClose(`EWMA ρ(${NAMES[i]}, ${NAMES[j]})`, out.matrix[i][j], PANDAS_EWMA[k], REFERENCE_TOLERANCE));
  });

  it("Ledoit–Wolf toward the identity equals scikit-learn's ledoit_wolf on the standardized returns", () => {
    const out = estimateCorrelation(data60(), { shrinkage: 'ledoit-wolf', target: 'identity' });
    checkClose('identity-target intensity', out.shrinkageIntensity as number, SKLEARN_IDENTITY.intensity, REFERENCE_TOLERANCE);
    checkClose('identity-target ρ(A, B)', out.matrix[0][1], SKLEARN_IDENTITY.ab, REFERENCE_TOLERANCE);
    checkClose('identity-target ρ(C, D)', out.matrix[2][3], SKLEARN_IDENTITY.cd, REFERENCE_TOLERANCE);
  });

  it("Ledoit–Wolf toward constant correlation (the default) equals the authors' covCor", () => {
    const out = estimateCorrelation(data60(), { shrinkage: 'ledoit-wolf' });
    expect(out.shrinkageTarget).toBe('constant-correlation');
    checkClose('constant-correlation intensity', out.shrinkageIntensity as number, COVCOR_CONSTANT.intensity, REFERENCE_TOLERANCE);
    checkClose('constant-correlation ρ(A, B)', out.matrix[0][1], COVCOR_CONSTANT.ab, REFERENCE_TOLERANCE);
    checkClose('constant-correlation ρ(C, D)', out.matrix[2][3], COVCOR_CONSTANT.cd, REFERENCE_TOLERANCE);
  });

  it("takes src/calibration/history's alignedLogReturns shape ({ assets, dates, returns, spanDays }) as it is", () => {
    const { names, returns } = data60();
    const dates = Array.from({ length: 60 }, (_, t) => `2024-01-${String(t + 1).padStart(2, '0')}`);
    const fromHistory = estimateCorrelation({ assets: names, dates, returns, spanDays: new Int32Array(60).fill(1) } as never);
    expect(fromHistory).toStrictEqual(estimateCorrelation({ names, returns }));
  });

  it('a fixed intensity mixes the estimate with the target: (1 − δ)·R + δ·F', () => {
    const sample = estimateCorrelation(data60());
    const out = estimateCorrelation(data60(), { method: 'sample', shrinkage: { intensity: 0.25 }, target: 'identity' });
    PAIRS.forEach(([i, j]) => expectClose(out.matrix[i][j], 0.75 * sample.matrix[i][j], 1e-16, `shrunk ρ(${i}, ${j})`));
    expect(out.shrinkageIntensity).toBe(0.25);
  });
});

describe('estimateCorrelation recovers a known correlation', () => {
  it('from 20,000 simulated correlated normals, within 4 standard errors (1 − ρ²)/√n', () => {
    const returns = simulateCorrelatedNormals(choleskyLower(R_TRUE), VOLS, 20_000, 7);
    for (const method of ['sample', 'ewma'] as const) {
      // EWMA with λ = 0.999 has an effective sample of (1 + λ)/(1 − λ) ≈ 2000 observations.
      const out = estimateCorrelation({ names: NAMES, returns }, { method, lambda: 0.999 });
      const effectiveN = method === 'sample' ? 20_000 : 1999;
      PAIRS.forEach(([i, j]) => {
        const rho = R_TRUE[i][j];
        checkClose(`${method} ρ(${NAMES[i]}, ${NAMES[j]}) (4 se)`, out.matrix[i][j], rho, (4 * (1 - rho * rho)) / Math.sqrt(effectiveN));
      });
    }
  });
});

describe('repair of an estimate that is not positive semidefinite', () => {
  /** A and B agree in the first third, B and C in the second, A and C move opposite in the last: pairwise ρ ≈ (+1, +1, −1). */
  function mismatchedWindows(): { names: string[]; returns: Float64Array[] } {
    const prng = createPrng(3);
    const returns = [0, 1, 2].map(() => new Float64Array(90).fill(NaN));
    for (let t = 0; t < 90; t++) {
      const common = 0.02 * prng.normal();
      const noise = () => 0.004 * prng.normal();
      if (t < 30) [returns[0][t], returns[1][t]] = [common + noise(), common + noise()];
      else if (t < 60) [returns[1][t], returns[2][t]] = [common + noise(), common + noise()];
      else [returns[0][t], returns[2][t]] = [common + noise(), -common + noise()];
    }
    return { names: ['A', 'B', 'C'], returns };
  }

  it('pairwise correlation on mismatched windows is repaired to the nearest correlation matrix, and says so', () => {
    const data = mismatchedWindows();
    const out = estimateCorrelation(data, { missing: 'pairwise' });
    expect(out.repair, 'a repair is reported').toBeDefined();
    const repair = out.repair!;
    expect(repair.minEigenvalueBefore).toBeLessThan(-0.5);
    expect(repair.converged).toBe(true);
    expect(isPositiveSemidefinite(out.matrix)).toBe(true);
    out.matrix.forEach((row, i) => expect(row[i]).toBe(1));
    // The same repair by src/linalg directly, on the raw pairwise estimate (recomputed here).
    const raw = [[1, 0, 0], [0, 1, 0], [0, 0, 1]].map((row) => row.slice());
    const corr = (a: number, b: number) => {
      const idx = [...Array(90).keys()].filter((t) => !Number.isNaN(data.returns[a][t]) && !Number.isNaN(data.returns[b][t]));
      const x = idx.map((t) => data.returns[a][t]);
      const y = idx.map((t) => data.returns[b][t]);
      const mx = x.reduce((s, v) => s + v, 0) / x.length;
      const my = y.reduce((s, v) => s + v, 0) / y.length;
      const sxy = x.reduce((s, v, k) => s + (v - mx) * (y[k] - my), 0);
      const sxx = x.reduce((s, v) => s + (v - mx) ** 2, 0);
      const syy = y.reduce((s, v) => s + (v - my) ** 2, 0);
      return sxy / Math.sqrt(sxx * syy);
    };
    for (const [a, b] of [[0, 1], [0, 2], [1, 2]]) raw[a][b] = raw[b][a] = corr(a, b);
    const direct = nearestCorrelation(raw);
    checkClose('repair distance vs nearestCorrelation on the raw estimate', repair.distance, direct.distance, 1e-12);
    out.matrix.forEach((row, i) => row.forEach((v, j) => expectClose(v, direct.matrix[i][j], 1e-12, `repaired [${i}][${j}]`)));
  });

  it("repairs Higham's (2002) example to his published nearest correlation matrix", () => {
    const out = repairCorrelation([[1, 1, 0], [1, 1, 1], [0, 1, 1]]);
    expect(out.repair).toBeDefined();
    // Higham (2002), §4: off-diagonals 0.7607, 0.1573, 0.7607 (4 decimals printed).
    expectClose(out.matrix[0][1], 0.7607, 5e-5, 'x12');
    expectClose(out.matrix[0][2], 0.1573, 5e-5, 'x13');
    expectClose(out.matrix[1][2], 0.7607, 5e-5, 'x23');
    expectClose(out.repair!.minEigenvalueBefore, 1 - Math.SQRT2, 1e-12, 'λ_min(A) = 1 − √2');
  });

  it('leaves a PSD estimate alone (no repair field), and floors eigenvalues when asked', () => {
    expect(repairCorrelation(R_TRUE)).toStrictEqual({ matrix: R_TRUE });
    const singular = [[1, 1], [1, 1]];
    expect(repairCorrelation(singular).repair).toBeUndefined();
    const floored = repairCorrelation(singular, 0.01);
    expect(floored.repair).toBeDefined();
    expect(symmetricEigen(floored.matrix).values[0]).toBeGreaterThanOrEqual(0.01 - 1e-12);
  });
});

describe('estimateCorrelation input checks', () => {
  const good = data60();
  it('names what is wrong', () => {
    expect(() => estimateCorrelation({ names: ['A', 'B'], returns: [good.returns[0], good.returns[1].slice(1)] })).toThrow(/returns\[1\] \(B\) has length 59; all series must have the length of returns\[0\] \(60\)/);
    const withNaN = good.returns.map((s) => Float64Array.from(s));
    withNaN[2][17] = NaN;
    expect(() => estimateCorrelation({ names: NAMES, returns: withNaN })).toThrow(/returns\[2\]\[17\] \(C\) is NaN: every return must be a finite number/);
    expect(() => estimateCorrelation({ names: ['A', 'A'], returns: good.returns.slice(0, 2) })).toThrow(/names\[1\] is "A": names must be unique/);
    expect(() => estimateCorrelation({ names: ['A', 'B'], returns: [good.returns[0], new Float64Array(60).fill(0.01)] })).toThrow(/returns\[1\] \(B\) is constant/);
    expect(() => estimateCorrelation({ names: NAMES, returns: good.returns.map((s) => s.slice(0, 20)) })).toThrow(/have 20 dates; need at least 30/);
    expect(() => estimateCorrelation(good, { method: 'ewma', shrinkage: 'ledoit-wolf' })).toThrow(/'ledoit-wolf' estimates its intensity for the sample method/);
    expect(() => estimateCorrelation(good, { shrinkage: { intensity: 1.5 } })).toThrow(/shrinkage.intensity is 1.5/);
    expect(() => estimateCorrelation(good, { method: 'ewma', lambda: 1 })).toThrow(/lambda is 1/);
    expect(() => estimateCorrelation(good, { method: 'ewma', missing: 'pairwise' })).toThrow(/'pairwise' works with method 'sample' only/);
  });
});
