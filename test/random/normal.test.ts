import { describe, it } from 'vitest';
import { expectClose } from '../helpers/expectClose.js';
import { boxMuller, boxMullerCos, normalsFromBlock } from '../../src/random/normal.js';
import { scenarioNormals } from '../../src/random/stream.js';
import { uniformFromWord } from '../../src/random/uniform.js';
import { correlation, ksCritical1Percent, ksStatistic, moments, normalCdf } from './stats.js';

const SEED = 20240611;
const SCENARIOS = 1000;
const PER_SCENARIO = 1000;
const N = SCENARIOS * PER_SCENARIO;

/** 10^6 normals: normals 0..999 of scenarios 0..999, scenario-major. */
function drawNormals(): Float64Array {
  const out = new Float64Array(N);
  for (let s = 0; s < SCENARIOS; s++) scenarioNormals(SEED, s, PER_SCENARIO, out, s * PER_SCENARIO);
  return out;
}

describe('Box–Muller normals from the scenario stream (10^6 draws)', () => {
  const sample = drawNormals();

  /**
   * Moments of n iid N(0, 1) draws have standard errors
   *   mean √(1/n), variance √(2/n), skewness √(6/n), excess kurtosis √(24/n)
   * (n = 10^6: 0.0010, 0.0014, 0.0024, 0.0049). Tolerance 5 SE: a correct generator fails one
   * such two-sided check with probability ~6e-7, while a wrong transform (e.g. a lost factor 2
   * in r, or u2 on [0, ½)) misses by hundreds of SE.
   */
  it('mean, variance, skewness and excess kurtosis are within 5 standard errors of N(0, 1)', () => {
    const m = moments(sample);
    const se = (k: number) => 5 * Math.sqrt(k / N);
    expectClose(m.mean, 0, se(1), 'mean (tolerance 5·√(1/n))');
    expectClose(m.variance, 1, se(2), 'variance (tolerance 5·√(2/n))');
    expectClose(m.skewness, 0, se(6), 'skewness (tolerance 5·√(6/n))');
    expectClose(m.excessKurtosis, 0, se(24), 'excess kurtosis (tolerance 5·√(24/n))');
  });

  /**
   * The two normals of a Box–Muller pair, and the two pairs of a block, are independent:
   * sample correlation of n' = n/4 independent pairs has SE 1/√n'; tolerance 5 SE.
   */
  it('normals within a Philox block are uncorrelated (pairs and across pairs)', () => {
    const blocks = N / 4;
    const lanes = [0, 1, 2, 3].map(() => new Float64Array(blocks));
    for (let b = 0; b < blocks; b++) for (let l = 0; l < 4; l++) lanes[l][b] = sample[4 * b + l];
    const tol = 5 / Math.sqrt(blocks);
    expectClose(correlation(lanes[0], lanes[1]), 0, tol, 'corr(z0, z1) (same pair; tolerance 5/√n)');
    expectClose(correlation(lanes[2], lanes[3]), 0, tol, 'corr(z2, z3) (same pair; tolerance 5/√n)');
    expectClose(correlation(lanes[0], lanes[2]), 0, tol, 'corr(z0, z2) (across pairs; tolerance 5/√n)');
    expectClose(correlation(lanes[1], lanes[3]), 0, tol, 'corr(z1, z3) (across pairs; tolerance 5/√n)');
  });

  /**
   * KS statistic against Φ below the asymptotic 1% critical value 1.628/√n (= 0.0016).
   * Φ here is erf via the regularized incomplete gamma P(½, x²/2), accurate to ~1e-13, which is
   * negligible next to the threshold. Box–Muller's truncation at |z| ≤ 5.77 (u1 ≥ 2^-24) moves
   * the CDF by < 1e-8, also negligible.
   */
  it('passes a Kolmogorov–Smirnov test against the normal CDF at the 1% level', () => {
    const d = ksStatistic(Float64Array.from(sample), normalCdf);
    expectClose(d, 0, ksCritical1Percent(N), 'KS statistic D vs Φ (tolerance 1.628/√n)');
  });
});

describe('Box–Muller transform', () => {
  /** Tolerance 0: the same f64 operations in the same order must give the same bits. */
  it('follows the specified formula and word-pair layout exactly', () => {
    const words = Uint32Array.of(0x00000000, 0x40000000, 0x9e3779b9, 0xfffffe00);
    const out = new Float64Array(4);
    normalsFromBlock(words, 0, out, 0);
    for (let pair = 0; pair < 2; pair++) {
      const u1 = uniformFromWord(words[2 * pair]);
      const u2 = uniformFromWord(words[2 * pair + 1]);
      const r = Math.sqrt(-2 * Math.log(u1));
      const theta = Math.PI * (2 * u2 - 1);
      expectClose(out[2 * pair], r * Math.cos(theta), 0, `z${2 * pair}`);
      expectClose(out[2 * pair + 1], r * Math.sin(theta), 0, `z${2 * pair + 1}`);
    }
    // Word 0 gives the largest radius sqrt(−2 ln 2^-24) = sqrt(48 ln 2); u2 = ¼ + 2^-24.
    expectClose(Math.hypot(out[0], out[1]), Math.sqrt(48 * Math.LN2), 1e-14, 'maximal radius (tolerance: a few f64 ulps of 5.77)');

    const pair = new Float64Array(2);
    boxMuller(words[2], words[3], pair, 0);
    expectClose(boxMullerCos(words[2], words[3]), pair[0], 0, 'boxMullerCos = z0 of boxMuller');
  });

  it('a truncated block writes only the first count normals, with the same values', () => {
    const words = Uint32Array.of(0x12345678, 0x9abcdef0, 0x0fedcba9, 0x87654321);
    const full = new Float64Array(4);
    normalsFromBlock(words, 0, full, 0, 4);
    for (let count = 1; count <= 4; count++) {
      const out = new Float64Array(5).fill(Number.NaN);
      normalsFromBlock(words, 0, out, 1, count);
      for (let i = 0; i < count; i++) expectClose(out[1 + i], full[i], 0, `count ${count}, normal ${i}`);
      for (let i = count; i < 4; i++) {
        if (!Number.isNaN(out[1 + i])) throw new Error(`count ${count}: out[${1 + i}] written (${out[1 + i]})`);
      }
      if (!Number.isNaN(out[0])) throw new Error(`count ${count}: out[0] written before the offset`);
    }
  });
});
