/**
 * Expected-shortfall backtests: McNeil–Frey's exceedance residuals and Acerbi–Szekely's Z2.
 *
 * References:
 * - rugarch's ESTest (R/rugarch-tests.R of rugarch 1.5-6, sourced into R 4.2.2; see fixtures.ts)
 *   on the fixed series below: its p.value is our asymptoticPValue, its statistic our t;
 * - R's own bootstrap of the same residuals with B = 10⁶ (set.seed(1); centred residuals
 *   resampled by sample.int, t* ≥ t counted), for our bootstrap p-value;
 * - Acerbi & Szekely (2014): the 5% and 0.01% critical values of Z2 at T = 250 and 97.5%,
 *   0.70 and 1.8 in our sign; R's simulation of 2·10⁵ normal paths gave 0.70339 and 1.7809;
 * - simulation: a correct ES is rejected at about the nominal rate, an understated one often.
 * The R commands are in the comments next to the numbers.
 */
import { describe, expect, it } from 'vitest';
import { acerbiSzekelyZ2 } from '../../../src/backtest/statistics/acerbiSzekelyZ2.js';
import { mcneilFreyTest, type McNeilFreyTest } from '../../../src/backtest/statistics/mcneilFreyTest.js';
import { normalInverseCdf, normalPdf } from '../../../src/pricing/normal.js';
import { createPrng, type Prng } from '../../../src/random/prng.js';
import { checkClose, checkRelClose } from './report.js';

/** 250 days, loss 0.5 except on 12 exception days; VaR 2, ES 2.6 every day (losses positive). */
const T = 250;
const EXCEPTION_DAYS = [9, 31, 32, 77, 101, 140, 141, 142, 188, 203, 231, 249];
const EXCEPTION_LOSSES = [2.31, 3.05, 2.12, 4.4, 2.07, 2.95, 3.61, 2.48, 2.2, 5.1, 2.66, 3.3];
const losses = new Array<number>(T).fill(0.5);
EXCEPTION_DAYS.forEach((day, i) => (losses[day - 1] = EXCEPTION_LOSSES[i]));
const fixed = { losses, valueAtRisk: new Array(T).fill(2), expectedShortfall: new Array(T).fill(2.6), coverage: 0.975 };
/** s_t = 1 + 0.5·sin(t/40), t = 1..T: R's `s <- 1 + 0.5 * sin((1:T) / 40)`. */
const scale = Array.from({ length: T }, (_, i) => 1 + 0.5 * Math.sin((i + 1) / 40));

/** Normal model at 97.5%: VaR = Φ⁻¹(0.975), ES = φ(VaR)/0.025 (per unit of σ). */
const Z_VAR = normalInverseCdf(0.975);
const Z_ES = normalPdf(Z_VAR) / 0.025;

function testable(out: McNeilFreyTest) {
  if (!out.testable) throw new Error(`expected a testable series: ${out.reason}`);
  return out;
}

/** Student-t(ν) draw from normals (ν integer): z / √(χ²_ν / ν). */
function studentT(prng: Prng, nu: number): number {
  let chi = 0;
  for (let k = 0; k < nu; k++) chi += prng.normal() ** 2;
  return prng.normal() / Math.sqrt(chi / nu);
}

describe('mcneilFreyTest', () => {
  it('agrees with rugarch ESTest (statistic and p.value) and with R’s bootstrap', () => {
    // R: e <- ESTest(0.025, -losses, -ES, -VaR); e$p.value = 0.06288354324730272;
    //    z <- exc - 2.6; mean(z) / (sd(z) / sqrt(12)) = 1.5310093311763149.
    const out = testable(mcneilFreyTest(fixed, { bootstrapSamples: 1_000_000 }));
    expect(out.exceptions).toBe(12);
    checkRelClose('t statistic', out.statistic, 1.5310093311763149, 1e-13);
    checkRelClose('asymptotic p (rugarch p.value)', out.asymptoticPValue, 0.06288354324730272, 1e-12);
    checkRelClose('mean residual', out.meanResidual, 0.42083333333333323, 1e-13);
    // R's bootstrap, B = 10⁶: 0.045372954627045374. Monte Carlo sd of each √(p(1 − p)/10⁶) ≈ 2.1e-4,
    // of the difference 2.9e-4; the tolerance is 5 sd.
    checkClose('bootstrap p, B = 10⁶ vs R B = 10⁶', out.pValue, 0.045372954627045374, 0.0015);
  });

  it('standardizes the residuals by the model’s volatility when given', () => {
    // R: zs <- (exc - 2.6) / s[days]; t = 1.3427222421149585, mean 0.56212792561994729,
    //    1 - pnorm(t) = 0.089680964914346073.
    const out = testable(mcneilFreyTest(fixed, { scale, bootstrapSamples: 99 }));
    checkRelClose('scaled t', out.statistic, 1.3427222421149585, 1e-13);
    checkRelClose('scaled mean residual', out.meanResidual, 0.56212792561994729, 1e-13);
    checkRelClose('scaled asymptotic p', out.asymptoticPValue, 0.089680964914346073, 1e-12);
  });

  it('rejects a correct ES at about the nominal rate and an understated ES (t(3) tails, right VaR) often', () => {
    // σ_t varies; the model is right for N(0, σ_t²) losses. 400 series of 1000 days (~25 exceptions).
    // Sampling sd of a 5% rate over 400 series: 0.011.
    const days = 1000;
    const sigma = Array.from({ length: days }, (_, t) => 1 + 0.5 * Math.sin(t / 40));
    const valueAtRisk = sigma.map((s) => s * Z_VAR);
    const expectedShortfall = sigma.map((s) => s * Z_ES);
    // t(3) scaled so that its 97.5% quantile (3.182446) is the normal VaR: the VaR stays right and
    // the true ES is ≈ 2.65σ, 13% above the model's 2.34σ.
    const tScale = Z_VAR / 3.182446305284263;
    const rates = { correct: 0, understated: 0 };
    const prng = createPrng(2024);
    const series = 400;
    for (let k = 0; k < series; k++) {
      const normalLosses = sigma.map((s) => s * prng.normal());
      const fatLosses = sigma.map((s) => s * tScale * studentT(prng, 3));
      for (const [name, path] of [['correct', normalLosses], ['understated', fatLosses]] as const) {
        const out = mcneilFreyTest({ losses: path, valueAtRisk, expectedShortfall, coverage: 0.975 }, { scale: sigma, bootstrapSamples: 199, seed: k + 1 });
        if (out.testable && out.pValue <= 0.05) rates[name]++;
      }
    }
    const correct = rates.correct / series;
    const understated = rates.understated / series;
    console.log(`McNeil–Frey bootstrap at 5%: correct ES rejected ${correct.toFixed(4)}, understated ES (t(3) tails) ${understated.toFixed(4)}`);
    checkClose('rejection rate, correct ES', correct, 0.05, 3 * Math.sqrt((0.05 * 0.95) / series));
    expect(understated).toBeGreaterThan(0.5);
  });

  it('is not testable with fewer than 2 exceptions; refuses inconsistent series', () => {
    const calm = { ...fixed, losses: new Array(T).fill(0.5) };
    expect(mcneilFreyTest(calm)).toEqual({ testable: false, reason: '0 exception(s): the test needs at least 2', exceptions: 0, observations: T });
    expect(() => mcneilFreyTest({ ...fixed, valueAtRisk: [1, 2] })).toThrow(/mcneilFreyTest: valueAtRisk has 2 values; must have 250/);
    expect(() => mcneilFreyTest({ ...fixed, expectedShortfall: new Array(T).fill(1.5) })).toThrow(
      /expectedShortfall\[0\] is 1.5, below valueAtRisk\[0\] = 2: .*ES ≥ VaR/,
    );
    expect(() => mcneilFreyTest({ ...fixed, coverage: 97.5 })).toThrow(/coverage is 97.5/);
    expect(() => mcneilFreyTest(fixed, { scale: [1] })).toThrow(/scale has 1 values/);
    expect(() => mcneilFreyTest(fixed, { bootstrapSamples: 0 })).toThrow(/bootstrapSamples is 0/);
  });
});

describe('acerbiSzekelyZ2', () => {
  /** A 250-day series with Z2 = z: four equal exceptions under the normal model (VaR Z_VAR, ES Z_ES). */
  function seriesWithZ2(z: number) {
    const each = ((z + 1) * T * 0.025 * Z_ES) / 4;
    const path = new Array<number>(T).fill(0);
    for (const day of [10, 70, 130, 190]) path[day] = each;
    return { losses: path, valueAtRisk: new Array(T).fill(Z_VAR), expectedShortfall: new Array(T).fill(Z_ES), coverage: 0.975 };
  }
  const normalQuantile = (_day: number, u: number) => normalInverseCdf(u);

  it('computes Z2 = Σ L·I/(T(1 − c)ES) − 1 (positive when ES is understated)', () => {
    // R: sum(exc / 2.6) / (250 * 0.025) - 1 = 1.2307692307692308.
    const out = acerbiSzekelyZ2(fixed);
    checkRelClose('Z2 on the fixed series', out.statistic, 1.2307692307692308, 1e-14);
    expect(out.pValue).toBeNull();
    expect(out.exceptions).toBe(12);
    expect(acerbiSzekelyZ2({ ...fixed, losses: new Array(T).fill(0) }).statistic).toBe(-1);
  });

  it("reproduces Acerbi–Szekely's critical values by simulation under the normal model", () => {
    const started = performance.now();
    // At the published 5% critical value 0.70 (R's simulated 95% quantile: 0.70339) the p-value is
    // ≈ 5%; sd of our estimate with M = 20 000: 0.0015.
    const atFivePercent = acerbiSzekelyZ2(seriesWithZ2(0.7034), { lossQuantile: normalQuantile, simulations: 20_000 });
    checkClose('p-value at Z2 = 0.7034', atFivePercent.pValue!, 0.05, 0.006);
    // R: mean(z2 >= 0.5) over 2·10⁵ paths = 0.11145.
    const atHalf = acerbiSzekelyZ2(seriesWithZ2(0.5), { lossQuantile: normalQuantile, simulations: 20_000, seed: 3 });
    checkClose('p-value at Z2 = 0.5 vs R', atHalf.pValue!, 0.11145, 0.01);
    // The 0.01% value 1.8: P(Z2 ≥ 1.8) ≈ 1e-4, at most a few of 20 000 paths.
    const atRed = acerbiSzekelyZ2(seriesWithZ2(1.8), { lossQuantile: normalQuantile, simulations: 20_000 });
    expect(atRed.pValue!).toBeLessThan(5e-4);
    console.log(`Z2 p-values at 0.7034, 0.5, 1.8: ${atFivePercent.pValue}, ${atHalf.pValue}, ${atRed.pValue} (${(performance.now() - started).toFixed(0)} ms)`);
  });

  it('rejects a correct ES at about 5% and an understated ES (t(3) tails, right VaR) often, at 0.70', () => {
    // Acerbi–Szekely's fixed threshold (their traffic-light use of Z2), 1000 series of 250 days.
    const prng = createPrng(7);
    const tScale = Z_VAR / 3.182446305284263;
    const counts = { correct: 0, understated: 0 };
    const base = { valueAtRisk: new Array(T).fill(Z_VAR), expectedShortfall: new Array(T).fill(Z_ES), coverage: 0.975 };
    for (let k = 0; k < 1000; k++) {
      if (acerbiSzekelyZ2({ ...base, losses: Array.from({ length: T }, () => prng.normal()) }).statistic >= 0.7034) counts.correct++;
      if (acerbiSzekelyZ2({ ...base, losses: Array.from({ length: T }, () => tScale * studentT(prng, 3)) }).statistic >= 0.7034) counts.understated++;
    }
    console.log(`Z2 ≥ 0.7034: correct ES ${counts.correct / 1000}, understated ES ${counts.understated / 1000}`);
    checkClose('Z2 rejection rate, correct ES', counts.correct / 1000, 0.05, 3 * Math.sqrt((0.05 * 0.95) / 1000));
    expect(counts.understated / 1000).toBeGreaterThan(0.15);
  });

  it('refuses a lossQuantile that is not a function or returns a non-finite loss', () => {
    expect(() => acerbiSzekelyZ2(fixed, { lossQuantile: 3 as never })).toThrow(/lossQuantile must be a function/);
    expect(() => acerbiSzekelyZ2(fixed, { lossQuantile: () => NaN, simulations: 1 })).toThrow(/lossQuantile returned NaN for day 0/);
    expect(() => acerbiSzekelyZ2(fixed, { simulations: 1.5 })).toThrow(/simulations is 1.5/);
  });
});
