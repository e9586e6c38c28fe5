/**
 * Kupiec's proportion-of-failures test (Kupiec 1995, "Techniques for verifying the accuracy of
 * risk measurement models", J. Derivatives 3(2)): is the exception rate x/T consistent with the
 * VaR's tail probability p = 1 − coverage?
 *
 *   LR_uc = −2 ln[(1 − p)^(T−x) p^x] + 2 ln[(1 − x/T)^(T−x) (x/T)^x]  ~  χ²(1) under H0,
 *
 * with 0·ln 0 = 0, so x = 0 gives LR_uc = −2T·ln(1 − p) and x = T gives −2T·ln p: both finite.
 * The test is two-sided: too few exceptions (an over-conservative margin) is rejected as well.
 */
import { chiSquareSurvival } from './chiSquare.js';
import { checkExceptionCounts, type ExceptionCounts } from './exceptionCounts.js';
import { bernoulliLogLikelihood } from './logLikelihood.js';

/** A likelihood-ratio statistic with its asymptotic χ² p-value, P(χ² > statistic). */
export interface LikelihoodRatioTest {
  statistic: number;
  pValue: number;
}

export function kupiecPof(counts: ExceptionCounts): LikelihoodRatioTest {
  const { exceptions, observations, exceptionProbability } = checkExceptionCounts(counts, 'kupiecPof');
  const statistic = kupiecStatistic(exceptions, observations, exceptionProbability);
  return { statistic, pValue: chiSquareSurvival(statistic, 1) };
}

/** LR_uc for validated counts (shared with the conditional-coverage test). Never negative. */
export function kupiecStatistic(exceptions: number, observations: number, exceptionProbability: number): number {
  const underNull = bernoulliLogLikelihood(exceptions, observations, exceptionProbability);
  const atEstimate = bernoulliLogLikelihood(exceptions, observations, exceptions / observations);
  // At x/T = p the two agree up to rounding; the maximum likelihood cannot be below the null's.
  return Math.max(0, 2 * (atEstimate - underNull));
}
