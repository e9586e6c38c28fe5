/**
 * Christoffersen & Pelletier's duration test.
 *
 * References: rugarch's VaRDurTest on the fixtures' hit sequences (its L-BFGS-B stops at a
 * relative change of ~1e-8 in −ln L, so its b is good to ~1e-6 and its uLL to ~1e-11; rLL is a
 * closed form); the spells and the profile likelihood written out by hand; and simulation: iid
 * hits give Monte Carlo p-values that reject at 5% about 5% of the time, clustered hits are
 * rejected.
 */
import { describe, expect, it } from 'vitest';
import { christoffersen } from '../../../src/backtest/statistics/christoffersen.js';
import { durationSpells } from '../../../src/backtest/statistics/durationSpells.js';
import { durationTest } from '../../../src/backtest/statistics/durationTest.js';
import { fitWeibullShape, logSpells, profileLogLikelihood } from '../../../src/backtest/statistics/weibullDurationLikelihood.js';
import { createPrng } from '../../../src/random/prng.js';
import { RUGARCH_CASES } from './fixtures.js';
import { checkClose, checkRelClose, hitsOnDays } from './report.js';

function testable(hits: boolean[], simulations = 99) {
  const out = durationTest(hits, { simulations });
  if (!out.testable) throw new Error(`expected a testable sequence: ${out.reason}`);
  return out;
}

/** iid Bernoulli(p) hits. */
function iidHits(T: number, p: number, prng: ReturnType<typeof createPrng>): boolean[] {
  return Array.from({ length: T }, () => prng.uniform() < p);
}

describe('durationSpells', () => {
  it('censors the first spell when day 1 is calm and the last when day T is calm', () => {
    // Exceptions on days 3, 4, 9 of 12: a censored 3, complete 1 and 5, a censored 12 − 9 = 3.
    const spells = durationSpells(hitsOnDays(12, [3, 4, 9]));
    expect(Array.from(spells.durations)).toEqual([3, 1, 5, 3]);
    expect(spells.censored).toEqual([true, false, false, true]);
    expect(spells.completeCount).toBe(2);
    const uncensored = durationSpells(hitsOnDays(10, [1, 6, 10]));
    expect([Array.from(uncensored.durations), uncensored.censored]).toEqual([[5, 4], [false, false]]);
    expect(durationSpells(new Array(5).fill(false)).durations.length).toBe(0);
  });
});

describe('Weibull profile likelihood', () => {
  it('is the full likelihood maximized over the scale, with the slope and curvature it claims', () => {
    const spells = durationSpells(hitsOnDays(250, RUGARCH_CASES[0].days));
    const logs = logSpells(spells);
    const full = (a: number, b: number) => {
      let sum = 0;
      spells.durations.forEach((d, i) => {
        const cumulativeHazard = (a * d) ** b;
        sum += spells.censored[i] ? -cumulativeHazard : b * Math.log(a) + Math.log(b) + (b - 1) * Math.log(d) - cumulativeHazard;
      });
      return sum;
    };
    for (const b of [0.4, 1, 2.5]) {
      const point = profileLogLikelihood(logs, b);
      const aHat = Math.exp((Math.log(spells.completeCount) - point.logSumPower) / b);
      checkRelClose(`ℓ(${b}) = ln L(â, ${b})`, point.value, full(aHat, b), 1e-13);
      for (const factor of [0.9, 1.1]) expect(full(aHat * factor, b)).toBeLessThan(point.value);
      // Central differences: error ~h²·ℓ‴ plus rounding ~1e-16·|ℓ|/h.
      const h = 1e-5;
      const [up, down] = [profileLogLikelihood(logs, b + h), profileLogLikelihood(logs, b - h)];
      checkRelClose(`ℓ′(${b}) by differences`, point.slope, (up.value - down.value) / (2 * h), 1e-7);
      checkRelClose(`ℓ″(${b}) by differences`, point.curvature, (up.slope - down.slope) / (2 * h), 1e-7);
    }
  });
});

describe('durationTest', () => {
  it('agrees with rugarch VaRDurTest (b, uLL, rLL, LRp)', () => {
    for (const c of RUGARCH_CASES) {
      const out = testable(hitsOnDays(c.observations, c.days));
      checkRelClose(`${c.name}: b`, out.shape, c.duration.b, 1e-5);
      checkRelClose(`${c.name}: uLL`, out.unrestrictedLogLikelihood, c.duration.uLL, 1e-10);
      checkRelClose(`${c.name}: rLL`, out.restrictedLogLikelihood, c.duration.rLL, 1e-13);
      checkRelClose(`${c.name}: asymptotic p (LRp)`, out.asymptoticPValue, c.duration.LRp, 1e-8);
      // Our b̂ is the root of ℓ′ (rugarch's is where L-BFGS-B stopped), or on the box.
      if (!out.shapeAtBound) {
        const slope = profileLogLikelihood(logSpells(durationSpells(hitsOnDays(c.observations, c.days))), out.shape).slope;
        checkClose(`${c.name}: ℓ′(b̂)`, slope, 0, 1e-9);
      }
    }
    // D's evenly spaced exceptions push b̂ to the box's upper end, as in rugarch (b = 10).
    expect(testable(hitsOnDays(250, RUGARCH_CASES[3].days)).shapeAtBound).toBe(true);
  });

  it('is not testable with fewer than two exceptions, and says so', () => {
    expect(durationTest(new Array(250).fill(false))).toEqual({
      testable: false,
      reason: '0 exception(s) in 250 days: the duration test needs at least 2',
      spells: 0,
      censoredSpells: 0,
    });
    expect(durationTest(hitsOnDays(250, [100]))).toMatchObject({ testable: false, spells: 2, censoredSpells: 2 });
    // Two exceptions with censored spells around them: an interior maximum exists.
    expect(testable(hitsOnDays(250, [100, 140])).shapeAtBound).toBe(false);
  });

  it('gives iid hits Monte Carlo p-values that reject at 5% about 5% of the time', () => {
    // 1000 series; with N = 19 draws per series p ≤ 0.05 means the observed LR is the largest of
    // 20 exchangeable values: exactly 5% under H0 (ties aside). Sampling sd √(0.05·0.95/n) ≈ 0.007
    // at 1000 series: the band is ±3 sd.
    const started = performance.now();
    for (const [T, p, seed] of [[1000, 0.05, 1], [250, 0.01, 2]]) {
      const prng = createPrng(seed);
      let tested = 0;
      let rejected = 0;
      let rejectedAsymptotic = 0;
      for (let series = 0; series < 1000; series++) {
        const out = durationTest(iidHits(T, p, prng), { simulations: 19, seed: series + 1 });
        if (!out.testable) continue;
        tested++;
        if (out.pValue <= 0.05) rejected++;
        if (out.asymptoticPValue < 0.05) rejectedAsymptotic++;
      }
      const rate = rejected / tested;
      const band = 3 * Math.sqrt((0.05 * 0.95) / tested);
      console.log(`iid hits, T = ${T}, p = ${p}: ${tested} testable series, Monte Carlo rejection rate ${rate.toFixed(4)} (band ±${band.toFixed(4)}), χ² rejection rate ${(rejectedAsymptotic / tested).toFixed(4)}`);
      checkClose(`Monte Carlo size at T = ${T}, p = ${p}`, rate, 0.05, band);
      // The χ²(1) p-value is oversized on whole-day durations (documented in durationTest.ts).
      if (T === 1000) expect(rejectedAsymptotic / tested).toBeGreaterThan(0.08);
    }
    console.log(`size simulation: ${(performance.now() - started).toFixed(0)} ms`);
  });

  it('rejects clustered exceptions (calm and stressed regimes), more often than the Markov test', () => {
    // Blocks of 25 days, stressed with probability 0.1: hit rate 0.3% calm, 10% stressed
    // (≈ 1.3% overall, ~13 exceptions in 1000 days). Clusters last longer than a day, which the
    // one-day Markov test of Christoffersen sees less of.
    const prng = createPrng(99);
    let rejected = 0;
    let rejectedMarkov = 0;
    for (let series = 0; series < 50; series++) {
      const hits: boolean[] = [];
      for (let block = 0; block < 40; block++) {
        const rate = prng.uniform() < 0.1 ? 0.1 : 0.003;
        for (let t = 0; t < 25; t++) hits.push(prng.uniform() < rate);
      }
      const out = durationTest(hits, { simulations: 99, seed: series });
      if (out.testable && out.pValue <= 0.05) rejected++;
      if (christoffersen(hits, 0.99).independence.pValue < 0.05) rejectedMarkov++;
    }
    console.log(`regime-clustered hits: duration test rejects at 5% in ${rejected} of 50 series, Christoffersen's independence in ${rejectedMarkov}`);
    // Deterministic (seed 99: 35 and 14). The bound asks for power above 50%.
    expect(rejected).toBeGreaterThanOrEqual(25);
  });

  it('is deterministic for a seed, and its Monte Carlo error shrinks as N grows', () => {
    const hits = hitsOnDays(250, RUGARCH_CASES[0].days);
    expect(durationTest(hits, { simulations: 199, seed: 5 })).toEqual(durationTest(hits, { simulations: 199, seed: 5 }));
    const a = testable(hits, 4999).pValue;
    const b = durationTest(hits, { simulations: 4999, seed: 2 });
    // Two independent estimates of the same p: sd of each ≈ √(p(1 − p)/4999) ≤ 0.007.
    if (b.testable) checkClose('Monte Carlo p, two seeds', b.pValue, a, 0.03);
  });

  it('refuses what is not a hit sequence or a valid option', () => {
    expect(() => durationTest([true, null as never])).toThrow(/durationTest: hits\[1\] is null/);
    expect(() => durationTest([true, true], { simulations: 0 })).toThrow(/simulations is 0: must be an integer ≥ 1/);
    expect(() => durationTest([true, true], { seed: 0.5 })).toThrow(/seed is 0.5: must be a safe integer/);
  });
});

describe('fitWeibullShape', () => {
  it('needs a complete spell', () => {
    expect(() => fitWeibullShape(logSpells(durationSpells(hitsOnDays(10, [4]))))).toThrow(/needs at least one complete spell/);
  });
});
