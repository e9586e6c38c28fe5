/**
 * Kupiec's proportion-of-failures test and the Basel traffic light.
 *
 * References: Kupiec's 95% non-rejection regions as Jorion tabulates them (Value at Risk, 3rd
 * ed., Table 6-2, after Kupiec 1995); closed forms at 0 and T exceptions; rugarch's VaRTest
 * (fixtures.ts); the Basel Committee's 1996 backtesting framework, Table 1 (cumulative
 * probabilities at 250 days and 99%); and R 4.2.2's pbinom, run once:
 *   options(digits = 17); pbinom(0:11, 250, 0.01); pbinom(0:25, 500, 0.01)
 *   pbinom(c(5, 6, 9, 10, 11, 12), 250, 0.025)
 */
import { describe, expect, it } from 'vitest';
import { binomialCdf } from '../../../src/backtest/statistics/binomialCdf.js';
import { kupiecPof } from '../../../src/backtest/statistics/kupiecPof.js';
import { exceptionCumulativeProbability, trafficLight } from '../../../src/backtest/statistics/trafficLight.js';
import { BacktestInputError } from '../../../src/backtest/statistics/validate.js';
import { RUGARCH_CASES } from './fixtures.js';
import { checkClose, checkRelClose } from './report.js';

/** rugarch forms the likelihoods as products and divides them; ours sums logs: rounding only. */
const RUGARCH_TOLERANCE = 1e-11;
/** χ²(1) at 95%: qchisq(0.95, 1) in R. */
const CRITICAL_95 = 3.841458820694124;

describe('kupiecPof', () => {
  it('agrees with rugarch VaRTest (uc.LRstat, uc.LRp)', () => {
    for (const c of RUGARCH_CASES) {
      const out = kupiecPof({ exceptions: c.days.length, observations: c.observations, coverage: c.coverage });
      checkRelClose(`${c.name}: LR_uc`, out.statistic, c.uc[0], RUGARCH_TOLERANCE);
      checkRelClose(`${c.name}: p-value`, out.pValue, c.uc[1], RUGARCH_TOLERANCE);
    }
  });

  it("reproduces Kupiec's 95% non-rejection regions (Jorion, Table 6-2)", () => {
    // [p, T, lowest accepted, highest accepted]; Jorion writes e.g. "4 < N < 17".
    const regions: [number, number, number, number][] = [
      [0.01, 510, 2, 10], [0.01, 1000, 5, 16],
      [0.025, 252, 3, 11], [0.025, 510, 7, 20], [0.025, 1000, 16, 35],
      [0.05, 252, 7, 19], [0.05, 510, 17, 35], [0.05, 1000, 38, 64],
      [0.075, 252, 12, 27], [0.075, 510, 28, 50], [0.075, 1000, 60, 91],
      [0.1, 252, 17, 35], [0.1, 510, 39, 64], [0.1, 1000, 82, 119],
    ];
    const accepted = (x: number, T: number, p: number) => kupiecPof({ exceptions: x, observations: T, coverage: 1 - p }).statistic < CRITICAL_95;
    for (const [p, T, lo, hi] of regions) {
      expect([accepted(lo - 1, T, p), accepted(lo, T, p), accepted(hi, T, p), accepted(hi + 1, T, p)], `p = ${p}, T = ${T}`).toEqual([false, true, true, false]);
    }
    // Jorion's cell for 1% and 252 days reads "N < 7": 6 is accepted, 7 is not. Zero exceptions
    // are rejected here (LR = −2·252·ln 0.99 = 5.07 > 3.84): too clean a record for 1% at 252 days.
    expect([accepted(6, 252, 0.01), accepted(7, 252, 0.01), accepted(0, 252, 0.01), accepted(1, 252, 0.01)]).toEqual([true, false, false, true]);
  });

  it('takes 0·ln 0 = 0: closed forms at no exception and at every day an exception', () => {
    const none = kupiecPof({ exceptions: 0, observations: 250, coverage: 0.99 });
    checkRelClose('LR_uc at x = 0: −2T ln(1 − p)', none.statistic, -2 * 250 * Math.log(0.99), 1e-14);
    const all = kupiecPof({ exceptions: 20, observations: 20, coverage: 0.95 });
    checkRelClose('LR_uc at x = T: −2T ln p', all.statistic, -2 * 20 * Math.log(0.05), 1e-14);
    // At x/T = p exactly the statistic is 0 and the p-value 1.
    const exact = kupiecPof({ exceptions: 5, observations: 100, coverage: 0.95 });
    checkClose('LR_uc at x/T = p', exact.statistic, 0, 1e-12);
    checkClose('p-value at x/T = p', exact.pValue, 1, 1e-6);
  });

  it('refuses bad counts and a coverage outside (0, 1), naming the argument', () => {
    const good = { exceptions: 3, observations: 250, coverage: 0.99 };
    expect(() => kupiecPof({ ...good, exceptions: 2.5 })).toThrow(/kupiecPof: exceptions is 2.5: must be an integer ≥ 0/);
    expect(() => kupiecPof({ ...good, exceptions: 251 })).toThrow(/exceptions is 251: must be ≤ observations \(250\)/);
    expect(() => kupiecPof({ ...good, observations: 0, exceptions: 0 })).toThrow(/observations is 0: must be an integer ≥ 1/);
    expect(() => kupiecPof({ ...good, coverage: 99 })).toThrow(/coverage is 99: must be the VaR confidence level in \(0, 1\), e.g. 0.99/);
    expect(() => kupiecPof({ ...good, coverage: NaN })).toThrow(BacktestInputError);
    expect(() => kupiecPof(null as never)).toThrow(/must be an object, got null/);
  });
});

describe('binomialCdf', () => {
  it('matches R pbinom, and stays finite where (1 − p)^n underflows', () => {
    const at250 = [
      0.081058516162181446, 0.28575173879395277, 0.543168973315726111, 0.75811669776488344, 0.892187626903625075,
      0.958816815930151556, 0.986298552144796226, 0.99597466128819212, 0.998943467502643179, 0.999749809931259503,
      0.999946101370952967, 0.999989361192373027,
    ];
    // ~k + 10 roundings in the log-space recurrence and sum.
    at250.forEach((expected, k) => checkRelClose(`P(Bin(250, 0.01) ≤ ${k})`, binomialCdf(k, 250, 0.01), expected, 1e-13));
    // n = 10⁶, p = 0.01: b(0) = e^−10050 underflows. R: pbinom(10000, 1e6, 0.01), pbinom(950, 1e5, 0.01);
    // 10⁴ steps of the recurrence, each rounding ln(n − i)/(i + 1) of size ~5: ~1e-12 relative.
    checkRelClose('P(Bin(1e6, 0.01) ≤ 10000)', binomialCdf(10000, 1e6, 0.01), 0.50265961479951493, 1e-10);
    checkRelClose('P(Bin(1e5, 0.01) ≤ 950)', binomialCdf(950, 1e5, 0.01), 0.056927834566250869, 1e-10);
    expect([binomialCdf(-1, 5, 0.5), binomialCdf(5, 5, 0.5), binomialCdf(2, 5, 0), binomialCdf(2, 5, 1)]).toEqual([0, 1, 1, 0]);
  });
});

describe('trafficLight', () => {
  it("reproduces the Basel Committee's table at 250 days and 99%: 0–4 green, 5–9 yellow, 10+ red", () => {
    // Table 1 of the 1996 framework, cumulative probability in percent, two decimals.
    const table = [8.11, 28.58, 54.32, 75.81, 89.22, 95.88, 98.63, 99.6, 99.89, 99.97, 99.99];
    table.forEach((percent, x) => {
      const probability = exceptionCumulativeProbability({ exceptions: x, observations: 250, coverage: 0.99 });
      checkClose(`Basel table, ${x} exceptions (percent, rounded)`, Math.round(probability * 1e4) / 100, percent, 1e-9);
    });
    const zones = Array.from({ length: 13 }, (_, x) => trafficLight({ exceptions: x, observations: 250, coverage: 0.99 }));
    expect(zones).toEqual(['green', 'green', 'green', 'green', 'green', 'yellow', 'yellow', 'yellow', 'yellow', 'yellow', 'red', 'red', 'red']);
  });

  it('moves the boundaries with the sample: 500 days at 99% (0–8, 9–14, 15+), 250 days at 97.5% (green to 10)', () => {
    // pbinom(8, 500, 0.01) = 0.93289, pbinom(9, ...) = 0.96890; pbinom(14, ...) = 0.999794, pbinom(15, ...) = 0.999939.
    const at500 = (x: number) => trafficLight({ exceptions: x, observations: 500, coverage: 0.99 });
    expect([at500(8), at500(9), at500(14), at500(15)]).toEqual(['green', 'yellow', 'yellow', 'red']);
    checkRelClose('P(Bin(500, 0.01) ≤ 14)', binomialCdf(14, 500, 0.01), 0.9997943221351799359, 1e-13);
    checkRelClose('P(Bin(500, 0.01) ≤ 15)', binomialCdf(15, 500, 0.01), 0.9999385414341841471, 1e-13);
    // pbinom(10, 250, 0.025) = 0.94846, pbinom(11, ...) = 0.97530.
    const at975 = (x: number) => trafficLight({ exceptions: x, observations: 250, coverage: 0.975 });
    expect([at975(10), at975(11)]).toEqual(['green', 'yellow']);
    checkRelClose('P(Bin(250, 0.025) ≤ 10)', binomialCdf(10, 250, 0.025), 0.94846138893751331, 1e-13);
  });

  it('refuses what Kupiec refuses', () => {
    expect(() => trafficLight({ exceptions: -1, observations: 250, coverage: 0.99 })).toThrow(/trafficLight: exceptions is -1/);
    expect(() => trafficLight({ exceptions: 1, observations: 250, coverage: 0 })).toThrow(/trafficLight: coverage is 0/);
  });
});
