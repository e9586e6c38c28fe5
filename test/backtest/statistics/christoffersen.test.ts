/**
 * Christoffersen's Markov independence and conditional-coverage tests.
 *
 * References: rugarch's VaRTest (fixtures.ts; its cc.LRstat is LR_uc + LR_ind, so LR_ind is the
 * difference of its two statistics), the formula written out a second way on a short sequence,
 * and the conventions for sequences without a transition of some kind (christoffersen.ts).
 */
import { describe, expect, it } from 'vitest';
import { hitSequence } from '../../../src/backtest/statistics/hitSequence.js';
import { christoffersen, countTransitions } from '../../../src/backtest/statistics/christoffersen.js';
import { chiSquareSurvival } from '../../../src/backtest/statistics/chiSquare.js';
import { kupiecPof } from '../../../src/backtest/statistics/kupiecPof.js';
import { createPrng } from '../../../src/random/prng.js';
import { RUGARCH_CASES } from './fixtures.js';
import { checkClose, checkRelClose, hitsOnDays } from './report.js';

/** rugarch divides products of likelihoods; ours sums logs: rounding only. */
const RUGARCH_TOLERANCE = 1e-11;

describe('christoffersen', () => {
  it('agrees with rugarch VaRTest (cc.LRstat, cc.LRp; LR_ind = cc − uc)', () => {
    for (const c of RUGARCH_CASES) {
      const out = christoffersen(hitsOnDays(c.observations, c.days), c.coverage);
      checkRelClose(`${c.name}: LR_cc`, out.conditionalCoverage.statistic, c.cc[0], RUGARCH_TOLERANCE);
      checkRelClose(`${c.name}: LR_cc p-value`, out.conditionalCoverage.pValue, c.cc[1], RUGARCH_TOLERANCE);
      checkRelClose(`${c.name}: LR_uc`, out.unconditionalCoverage.statistic, c.uc[0], RUGARCH_TOLERANCE);
      checkClose(`${c.name}: LR_ind`, out.independence.statistic, c.cc[0] - c.uc[0], 1e-11 * c.cc[0]);
    }
  });

  it('is the likelihood ratio of the two-state Markov chain (written out on a short sequence)', () => {
    // 0 1 1 0 0 0 1 0 0 1: transitions 00: 3, 01: 3, 10: 2, 11: 1.
    const hits = [0, 1, 1, 0, 0, 0, 1, 0, 0, 1].map((h) => h === 1);
    expect(countTransitions(hits)).toEqual({ n00: 3, n01: 3, n10: 2, n11: 1 });
    const [p01, p11, p] = [3 / 6, 1 / 3, 4 / 9];
    const markov = 3 * Math.log(1 - p01) + 3 * Math.log(p01) + 2 * Math.log(1 - p11) + 1 * Math.log(p11);
    const iid = 5 * Math.log(1 - p) + 4 * Math.log(p);
    const out = christoffersen(hits, 0.9);
    checkRelClose('LR_ind on 0110001001', out.independence.statistic, 2 * (markov - iid), 1e-13);
    checkRelClose('its p-value', out.independence.pValue, chiSquareSurvival(2 * (markov - iid), 1), 1e-13);
    const uc = kupiecPof({ exceptions: 4, observations: 10, coverage: 0.9 }).statistic;
    checkRelClose('LR_cc = LR_uc + LR_ind', out.conditionalCoverage.statistic, uc + 2 * (markov - iid), 1e-13);
    checkRelClose('LR_cc p-value from χ²(2)', out.conditionalCoverage.pValue, Math.exp(-(uc + 2 * (markov - iid)) / 2), 1e-13);
  });

  it('states its conventions where a kind of transition is missing', () => {
    // No exception at all (rugarch's VaRTest stops with "subscript out of bounds" here).
    const none = christoffersen(new Array(250).fill(false), 0.99);
    expect(none.independence).toEqual({ statistic: 0, pValue: 1 });
    checkRelClose('no exception: LR_cc = LR_uc = −2T ln(1 − p)', none.conditionalCoverage.statistic, -500 * Math.log(0.99), 1e-14);
    checkRelClose('... referred to χ²(2)', none.conditionalCoverage.pValue, 0.99 ** 250, 1e-12);
    // Every day an exception: π = π11 = 1, nothing to compare.
    expect(christoffersen(new Array(30).fill(true), 0.95).independence).toEqual({ statistic: 0, pValue: 1 });
    // The only exception on the last day: no transition leaves state 1.
    const last = christoffersen(hitsOnDays(250, [250]), 0.99);
    expect(last.transitions).toEqual({ n00: 248, n01: 1, n10: 0, n11: 0 });
    checkClose('only exception last: LR_ind', last.independence.statistic, 0, 1e-12);
    // No exception followed by another (π11 = 0): 0·ln 0 = 0 and the statistic is finite, > 0.
    const isolated = christoffersen(hitsOnDays(250, [20, 80, 150, 220]), 0.99);
    const [n00, n01, n10] = [241, 4, 4];
    const p01 = n01 / (n00 + n01);
    const p = (n01 + 0) / 249;
    const expected = 2 * (n00 * Math.log(1 - p01) + n01 * Math.log(p01) + n10 * Math.log(1) - (n00 + n10) * Math.log(1 - p) - n01 * Math.log(p));
    checkRelClose('π11 = 0: LR_ind', isolated.independence.statistic, expected, 1e-12);
    expect(isolated.independence.statistic).toBeGreaterThan(0);
  });

  it('rejects independence for clustered exceptions (a persistent Markov chain)', () => {
    // P(hit | hit yesterday) = 0.4, P(hit | none) = 0.006: the stationary rate is ≈ 1%, the right
    // coverage, but exceptions come in bursts.
    const prng = createPrng(17);
    let rejected = 0;
    for (let series = 0; series < 50; series++) {
      const hits: boolean[] = [];
      for (let t = 0, prev = false; t < 1000; t++) hits.push((prev = prng.uniform() < (prev ? 0.4 : 0.006)));
      if (christoffersen(hits, 0.99).independence.pValue < 0.05) rejected++;
    }
    console.log(`clustered hits: independence rejected at 5% in ${rejected} of 50 series`);
    // Deterministic (seed 17): 44 of 50. The bound asks for power above 80%, not for these draws.
    expect(rejected).toBeGreaterThanOrEqual(40);
  });

  it('builds hits from losses and VaR (an exception is loss > VaR), and refuses bad input', () => {
    expect(hitSequence([1, 2.5, 3, -1], [2, 2.5, 2.9, 0.5])).toEqual([false, false, true, false]);
    expect(() => hitSequence([1, 2], [1])).toThrow(/hitSequence: valueAtRisk has 1 values; must have 2/);
    expect(() => hitSequence([1, NaN], [1, 1])).toThrow(/losses\[1\] is NaN/);
    expect(() => christoffersen([true, 1 as never], 0.99)).toThrow(/christoffersen: hits\[1\] is 1: every element must be a boolean/);
    expect(() => christoffersen([true], 0.99)).toThrow(/hits has 1 days: needs at least 2/);
    expect(() => christoffersen([true, false], 1)).toThrow(/christoffersen: coverage is 1/);
    expect(() => christoffersen('TFT' as never, 0.99)).toThrow(/hits must be an array of booleans/);
  });
});
