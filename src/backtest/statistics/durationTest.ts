/**
 * Christoffersen & Pelletier's duration-based test of independence (2004, "Backtesting
 * value-at-risk: a duration-based approach", J. Financial Econometrics 2(1)): under a correct VaR
 * the days between exceptions are memoryless; clustered exceptions give too many short and too
 * many long spells. The spells are fitted by a Weibull with shape b (weibullDurationLikelihood.ts)
 * and LR = 2·[ℓ(b̂) − ℓ(1)] tests H0: b = 1 (no duration dependence). The first and last spells
 * are censored as in the paper and in rugarch's VaRDurTest (durationSpells.ts), the scale is
 * profiled out, and b is searched on rugarch's box [0.001, 10], so the two give the same
 * statistic wherever rugarch's code is well defined (with only two spells in all it mis-indexes
 * the middle ones).
 *
 * Two p-values:
 * - `pValue`, by Monte Carlo (Dufour 2006, as Christoffersen & Pelletier do, because the χ²
 *   approximation is poor): `simulations` sequences with the same number of exceptions on days
 *   drawn uniformly at random (every arrangement is equally likely under iid hits), p = (1 +
 *   #{LR* ≥ LR})/(N + 1), ties counted against H0. Conditioning on the count makes it a test of
 *   independence alone, whatever the exception rate (that is Kupiec's question), and exact up to
 *   the Monte Carlo error. Christoffersen & Pelletier draw Bernoulli(1 − coverage) sequences
 *   instead; the conditional draw needs no coverage and no rule for draws with < 2 exceptions.
 * - `asymptoticPValue`: P(χ²(1) > LR), rugarch's LRp. The durations are whole days, not the
 *   continuous exponential of the χ² theory, and the LR detects the difference as T grows: with
 *   iid hits at 5% it rejects at 5% about 11% of the time over 1000 days, more over longer
 *   samples (test/backtest/statistics/durationTest.test.ts). Report it for comparison only.
 *
 * Not testable with fewer than two exceptions (no complete spell): returned, not thrown, so a
 * calm year does not stop a nightly report. `shapeAtBound` says b̂ lies on the box (e.g. evenly
 * spaced exceptions, where ℓ rises without end).
 */
import { createPrng, type Prng } from '../../random/prng.js';
import { chiSquareSurvival } from './chiSquare.js';
import { durationSpells } from './durationSpells.js';
import { assertCount, assertHits, BacktestInputError } from './validate.js';
import { fitWeibullShape, logSpells, profileLogLikelihood, type WeibullShapeFit } from './weibullDurationLikelihood.js';

export interface DurationTestOptions {
  /** Monte Carlo draws N for `pValue`; default 9999. */
  simulations?: number;
  /** Seed of the draws; default 1. */
  seed?: number;
}

export type DurationTest =
  | {
      testable: true;
      statistic: number;
      /** Monte Carlo p-value, conditional on the number of exceptions. */
      pValue: number;
      /** P(χ²(1) > statistic), rugarch's LRp; oversized (see above). */
      asymptoticPValue: number;
      /** The fitted Weibull shape b̂ (1 under H0; < 1 when exceptions cluster). */
      shape: number;
      /** The fitted Weibull scale a at b̂ (per day). */
      scale: number;
      shapeAtBound: boolean;
      /** ℓ(b̂) and ℓ(1), the profile log-likelihoods (rugarch's uLL and rLL). */
      unrestrictedLogLikelihood: number;
      restrictedLogLikelihood: number;
      /** Spells in the likelihood, and how many of them are censored. */
      spells: number;
      censoredSpells: number;
    }
  | { testable: false; reason: string; spells: number; censoredSpells: number };

/** `hits[t]` is true when day t's loss exceeded its VaR (see `hitSequence`). */
export function durationTest(hits: readonly boolean[], opts: DurationTestOptions = {}): DurationTest {
  assertHits(hits, 'durationTest');
  const { simulations = 9999, seed = 1 } = opts;
  assertCount(simulations, 1, 'durationTest', 'simulations');
  if (!Number.isSafeInteger(seed)) throw new BacktestInputError('durationTest', 'seed', `is ${seed}: must be a safe integer`);
  const spells = durationSpells(hits);
  const count = { spells: spells.durations.length, censoredSpells: spells.censored.filter(Boolean).length };
  if (spells.completeCount < 1) {
    const exceptions = hits.filter(Boolean).length;
    return { testable: false, reason: `${exceptions} exception(s) in ${hits.length} days: the duration test needs at least 2`, ...count };
  }
  const { statistic, fit, restricted } = likelihoodRatio(hits);
  return {
    testable: true,
    statistic,
    pValue: monteCarloPValue(hits, statistic, simulations, createPrng(seed)),
    asymptoticPValue: chiSquareSurvival(statistic, 1),
    shape: fit.shape,
    scale: fit.scale,
    shapeAtBound: fit.atBound,
    unrestrictedLogLikelihood: fit.logLikelihood,
    restrictedLogLikelihood: restricted,
    ...count,
  };
}

/** LR = 2[ℓ(b̂) − ℓ(1)] for a sequence with ≥ 2 exceptions. */
function likelihoodRatio(hits: readonly boolean[]): { statistic: number; fit: WeibullShapeFit; restricted: number } {
  const spells = logSpells(durationSpells(hits));
  const fit = fitWeibullShape(spells);
  const restricted = profileLogLikelihood(spells, 1).value;
  // b = 1 is inside the box, so the maximum is ≥ ℓ(1) up to rounding.
  return { statistic: Math.max(0, 2 * (fit.logLikelihood - restricted)), fit, restricted };
}

/** (1 + #{LR* ≥ LR})/(N + 1) over N random rearrangements of the same exceptions. */
function monteCarloPValue(hits: readonly boolean[], observed: number, simulations: number, prng: Prng): number {
  const shuffled = hits.slice();
  // A rearrangement with the same spells in another order gives LR equal up to rounding: a tie.
  const threshold = observed - 1e-9 * Math.max(1, observed);
  let atLeast = 0;
  for (let m = 0; m < simulations; m++) {
    shuffleInPlace(shuffled, prng);
    if (likelihoodRatio(shuffled).statistic >= threshold) atLeast++;
  }
  return (1 + atLeast) / (simulations + 1);
}

/** Fisher–Yates: every permutation equally likely (up to the PRNG's 32-bit resolution). */
function shuffleInPlace(values: boolean[], prng: Prng): void {
  for (let i = values.length - 1; i > 0; i--) {
    const j = Math.floor(prng.uniform() * (i + 1));
    const swap = values[i];
    values[i] = values[j];
    values[j] = swap;
  }
}
