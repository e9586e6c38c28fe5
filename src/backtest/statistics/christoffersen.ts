/**
 * Christoffersen's Markov test of independence and of conditional coverage (Christoffersen 1998,
 * "Evaluating interval forecasts", International Economic Review 39(4)).
 *
 * The hit sequence is taken as a two-state Markov chain. From its T − 1 transitions n_ij (state
 * i on day t − 1, state j on day t; 1 = exception):
 *   π01 = n01/(n00 + n01), π11 = n11/(n10 + n11), π = (n01 + n11)/(T − 1),
 *   LR_ind = −2 ln[(1 − π)^(n00+n10) π^(n01+n11)] + 2 ln[(1 − π01)^n00 π01^n01 (1 − π11)^n10 π11^n11]
 * ~ χ²(1) under independence, and LR_cc = LR_uc + LR_ind ~ χ²(2) with LR_uc Kupiec's statistic
 * over all T days (as rugarch's VaRTest and most texts do; Christoffersen's exact decomposition
 * conditions on the first day, a difference of one observation).
 *
 * Conventions (0·ln 0 = 0, and a row of the transition matrix with no transitions out of it
 * contributes nothing, since it has no likelihood to maximize):
 * - no exception at all: π = π01 = 0 and no transition leaves state 1, so LR_ind = 0 (p = 1);
 *   LR_cc is then Kupiec's statistic, referred to χ²(2);
 * - no exception followed by another (n11 = 0): π11 = 0 and n11·ln π11 = 0, LR_ind is finite
 *   and > 0 (isolated exceptions are evidence against independence too: the test is two-sided);
 * - only exceptions: π = π11 = 1, LR_ind = 0;
 * - the only exception on the last day: no transition leaves state 1, LR_ind = 0 up to rounding.
 * rugarch's VaRTest agrees with these wherever it returns a number; it stops with an error when a
 * state never occurs among the first or last T − 1 days (R's table() then lacks a row).
 */
import { chiSquareSurvival } from './chiSquare.js';
import { kupiecStatistic, type LikelihoodRatioTest } from './kupiecPof.js';
import { bernoulliLogLikelihood } from './logLikelihood.js';
import { assertCoverage, assertHits, BacktestInputError } from './validate.js';

/** Counts of consecutive pairs (day t − 1, day t), t = 1 .. T − 1; 1 is an exception. */
export interface HitTransitions {
  n00: number;
  n01: number;
  n10: number;
  n11: number;
}

export interface ChristoffersenTest {
  /** LR_ind ~ χ²(1): exceptions independent of whether yesterday had one. */
  independence: LikelihoodRatioTest;
  /** LR_cc = LR_uc + LR_ind ~ χ²(2): the right rate and independent. */
  conditionalCoverage: LikelihoodRatioTest;
  /** Kupiec's LR_uc on the same hits (χ²(1)), the other half of LR_cc. */
  unconditionalCoverage: LikelihoodRatioTest;
  transitions: HitTransitions;
}

/**
 * `hits[t]` is true when day t's loss exceeded its VaR (see `hitSequence`); `coverage` the VaR
 * confidence (0.99), the exception probability under H0 being 1 − coverage. At least 2 days.
 */
export function christoffersen(hits: readonly boolean[], coverage: number): ChristoffersenTest {
  assertHits(hits, 'christoffersen');
  assertCoverage(coverage, 'christoffersen');
  if (hits.length < 2) {
    throw new BacktestInputError('christoffersen', 'hits', `has ${hits.length} days: needs at least 2 (one transition)`);
  }
  const transitions = countTransitions(hits);
  const independenceStatistic = independenceLr(transitions);
  const exceptions = hits.reduce((count, hit) => count + (hit ? 1 : 0), 0);
  const ucStatistic = kupiecStatistic(exceptions, hits.length, 1 - coverage);
  const ccStatistic = ucStatistic + independenceStatistic;
  return {
    independence: { statistic: independenceStatistic, pValue: chiSquareSurvival(independenceStatistic, 1) },
    conditionalCoverage: { statistic: ccStatistic, pValue: chiSquareSurvival(ccStatistic, 2) },
    unconditionalCoverage: { statistic: ucStatistic, pValue: chiSquareSurvival(ucStatistic, 1) },
    transitions,
  };
}

export function countTransitions(hits: readonly boolean[]): HitTransitions {
  const counts: HitTransitions = { n00: 0, n01: 0, n10: 0, n11: 0 };
  for (let t = 1; t < hits.length; t++) {
    if (hits[t - 1]) {
      if (hits[t]) counts.n11++;
      else counts.n10++;
    } else if (hits[t]) counts.n01++;
    else counts.n00++;
  }
  return counts;
}

/** LR_ind from the transition counts, with the conventions above. Never negative. */
function independenceLr({ n00, n01, n10, n11 }: HitTransitions): number {
  const fromCalm = n00 + n01;
  const fromException = n10 + n11;
  const transitions = fromCalm + fromException;
  const markov = rowLogLikelihood(n01, fromCalm) + rowLogLikelihood(n11, fromException);
  const iid = rowLogLikelihood(n01 + n11, transitions);
  // The Markov chain nests the iid model: its maximum is ≥ the iid one up to rounding.
  return Math.max(0, 2 * (markov - iid));
}

/** The maximized log-likelihood of `ones` in `trials` draws (p = ones/trials); 0 for no trials. */
function rowLogLikelihood(ones: number, trials: number): number {
  return trials === 0 ? 0 : bernoulliLogLikelihood(ones, trials, ones / trials);
}
