import { EstimatorInputError, describe } from './validate.js';

/**
 * Log returns r_t = ln(P_t / P_{t−1}) of a price series, in decimal units (0.01 is a 1% move),
 * the unit every estimator of this folder assumes unless its caller says otherwise. The result
 * has one value fewer than `prices`; r[k] is the return from prices[k] to prices[k + 1].
 *
 * Prices must be finite and > 0 (a zero or negative price has no log return); at least two.
 */
export function logReturns(prices: ArrayLike<number>): Float64Array {
  if (prices === null || typeof prices !== 'object' || typeof prices.length !== 'number') {
    throw new EstimatorInputError('logReturns', 'prices', `must be an array of numbers, got ${describe(prices)}`);
  }
  if (prices.length < 2) {
    throw new EstimatorInputError('logReturns', 'prices', `has ${prices.length} values; needs at least 2 (a return needs two prices)`);
  }
  const out = new Float64Array(prices.length - 1);
  for (let k = 0; k < prices.length; k++) {
    const price = prices[k];
    if (!(typeof price === 'number' && Number.isFinite(price) && price > 0)) {
      throw new EstimatorInputError('logReturns', `prices[${k}]`, `is ${describe(price)}: prices must be finite and > 0`);
    }
    // ln(P_t) − ln(P_{t−1}) would lose digits to cancellation for small moves; ln of the ratio does not.
    if (k > 0) out[k - 1] = Math.log(price / prices[k - 1]);
  }
  return out;
}
