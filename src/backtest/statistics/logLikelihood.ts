/**
 * The Bernoulli log-likelihood pieces the likelihood-ratio tests share, with the convention
 * 0·ln 0 = 0: a probability of 0 (or 1) estimated from a count of 0 contributes nothing, which
 * is the limit of n·ln(n/m) as n → 0 and what R's 0^0 = 1 gives in rugarch's products.
 */

/** count · ln(probability), 0 when count is 0 (whatever the probability, 0 included). */
export function countLog(count: number, probability: number): number {
  return count === 0 ? 0 : count * Math.log(probability);
}

/**
 * The log-likelihood of `successes` in `trials` Bernoulli draws with probability p:
 * s·ln p + (t − s)·ln(1 − p), each term 0 when its count is 0. ln(1 − p) by log1p, so that a
 * small p keeps its digits.
 */
export function bernoulliLogLikelihood(successes: number, trials: number, p: number): number {
  const failures = trials - successes;
  return countLog(successes, p) + (failures === 0 ? 0 : failures * Math.log1p(-p));
}
