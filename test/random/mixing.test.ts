import { describe, expect, it } from 'vitest';
import { expectClose } from '../helpers/expectClose.js';
import { chiSquareMixing, scenarioNormals, studentTScale } from '../../src/random/stream.js';
import { chiSquareCdf, ksCritical1Percent, ksStatistic, moments, studentTCdf } from './stats.js';

const SEED = 977;

function mixingSample(dof: number, n: number): Float64Array {
  const out = new Float64Array(n);
  for (let s = 0; s < n; s++) out[s] = chiSquareMixing(SEED, s, dof);
  return out;
}

/** First normal of each scenario times the scenario's Student-t scale: the engine's usage. */
function studentTSample(dof: number, n: number): Float64Array {
  const out = new Float64Array(n);
  const z = new Float64Array(1);
  for (let s = 0; s < n; s++) {
    scenarioNormals(SEED, s, 1, z, 0);
    out[s] = z[0] * studentTScale(SEED, s, dof);
  }
  return out;
}

describe('chi-square mixing draw (Marsaglia–Tsang)', () => {
  const N = 200_000;

  for (const dof of [3, 4.5, 10, 30]) {
    /**
     * W ~ χ²(ν): mean ν, variance 2ν, fourth central moment 12ν² + 48ν. Standard errors of
     * the sample mean √(2ν/n) and of the sample variance √((μ4 − σ⁴)/n) = √((8ν² + 48ν)/n).
     * Tolerance 5 SE (chance failure ~6e-7 per check).
     */
    it(`ν = ${dof}: mean ν and variance 2ν within 5 standard errors`, () => {
      const m = moments(mixingSample(dof, N));
      expectClose(m.mean, dof, 5 * Math.sqrt((2 * dof) / N), `ν=${dof} mean (tolerance 5·√(2ν/n))`);
      expectClose(
        m.variance,
        2 * dof,
        5 * Math.sqrt((8 * dof * dof + 48 * dof) / N),
        `ν=${dof} variance (tolerance 5·√((8ν²+48ν)/n))`,
      );
    });

    /** KS against the χ²(ν) CDF (regularized incomplete gamma), 1% critical value 1.628/√n. */
    it(`ν = ${dof}: passes a Kolmogorov–Smirnov test against the χ²(ν) CDF at the 1% level`, () => {
      const d = ksStatistic(mixingSample(dof, N), (x) => chiSquareCdf(x, dof));
      expectClose(d, 0, ksCritical1Percent(N), `ν=${dof} KS statistic D vs χ² CDF (tolerance 1.628/√n)`);
    });
  }

  it('is positive and finite for dof just above 2 and for large dof', () => {
    for (const dof of [2 + 1e-9, 2.5, 1000, 1e6]) {
      for (let s = 0; s < 1000; s++) {
        const w = chiSquareMixing(SEED, s, dof);
        if (!(w > 0 && Number.isFinite(w))) throw new Error(`ν=${dof}, scenario ${s}: W = ${w}`);
      }
    }
  });

  it('rejects dof ≤ 2, NaN and infinities with a RangeError', () => {
    for (const dof of [2, 1.5, 0, -3, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]) {
      expect(() => chiSquareMixing(SEED, 0, dof), `dof ${dof}`).toThrow(RangeError);
      expect(() => studentTScale(SEED, 0, dof), `dof ${dof}`).toThrow(RangeError);
    }
  });
});

describe('Student-t scale sqrt((ν − 2) / W)', () => {
  /**
   * Unit variance. For ν = 10 and 30 the t variates have kurtosis κ = 3 + 6/(ν − 4) (4 and
   * 3.23) and a finite eighth moment (ν > 8), so the sample variance has SE √((κ − 1)/n);
   * tolerance 5 SE. Heavier tails (ν ≤ 8) make that SE unreliable: they are checked by the KS
   * test below instead.
   */
  const N_VAR = 1_000_000;
  for (const dof of [10, 30]) {
    it(`ν = ${dof}: the t variates have unit variance (n = 10^6, within 5 SE)`, () => {
      const m = moments(studentTSample(dof, N_VAR));
      const kurtosis = 3 + 6 / (dof - 4);
      const se = Math.sqrt((kurtosis - 1) / N_VAR);
      expectClose(m.variance, 1, 5 * se, `ν=${dof} variance (tolerance 5·√((κ−1)/n), κ = ${kurtosis.toFixed(3)})`);
      expectClose(m.mean, 0, 5 / Math.sqrt(N_VAR), `ν=${dof} mean (tolerance 5·√(1/n))`);
    });
  }

  /**
   * The scaled variate z·sqrt((ν−2)/W) is distributed as T·sqrt((ν−2)/ν) with T a standard
   * Student-t(ν), so its CDF is F(x) = T_ν(x·sqrt(ν/(ν−2))). KS at the 1% level, 1.628/√n.
   * This holds for any ν > 2, including the heavy-tailed ones whose variance test is weak.
   */
  const N_KS = 200_000;
  for (const dof of [3, 5, 10]) {
    it(`ν = ${dof}: passes a Kolmogorov–Smirnov test against the unit-variance Student-t CDF`, () => {
      const stretch = Math.sqrt(dof / (dof - 2));
      const d = ksStatistic(studentTSample(dof, N_KS), (x) => studentTCdf(x * stretch, dof));
      expectClose(d, 0, ksCritical1Percent(N_KS), `ν=${dof} KS statistic D vs unit-variance t CDF (tolerance 1.628/√n)`);
    });
  }
});
