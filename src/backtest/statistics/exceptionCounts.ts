/**
 * The `{ exceptions, observations, coverage }` argument of the coverage tests (Kupiec, the Basel
 * traffic light), checked once.
 *
 * Convention: `coverage` is the VaR confidence level (0.99 for a 99% VaR); an exception is a day
 * whose loss exceeds that day's VaR, and under a correct model exceptions are independent
 * Bernoulli draws with probability p = 1 − coverage (Kupiec's p, the "tail probability").
 */
import { assertCount, assertCoverage, assertObject, BacktestInputError } from './validate.js';

export interface ExceptionCounts {
  /** Days whose loss exceeded the VaR: an integer in [0, observations]. */
  exceptions: number;
  /** Days in the backtest: an integer ≥ 1. */
  observations: number;
  /** The VaR confidence level in (0, 1), e.g. 0.99; the expected exception rate is 1 − coverage. */
  coverage: number;
}

/** Validated counts with the exception probability p = 1 − coverage under the null. */
export interface CheckedCounts extends ExceptionCounts {
  exceptionProbability: number;
}

export function checkExceptionCounts(counts: unknown, statistic: string): CheckedCounts {
  assertObject(counts, statistic, 'the argument { exceptions, observations, coverage }');
  const { exceptions, observations, coverage } = counts;
  assertCount(observations, 1, statistic, 'observations');
  assertCount(exceptions, 0, statistic, 'exceptions');
  if (exceptions > observations) {
    throw new BacktestInputError(statistic, 'exceptions', `is ${exceptions}: must be ≤ observations (${observations})`);
  }
  assertCoverage(coverage, statistic);
  return { exceptions, observations, coverage, exceptionProbability: 1 - coverage };
}
