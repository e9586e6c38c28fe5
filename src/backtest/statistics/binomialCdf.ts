/**
 * P(X ≤ k) for X ~ Binomial(n, p): the cumulative probability of the Basel traffic light.
 *
 * The terms are summed in logs: ln b(0) = n·ln(1 − p) underflows for a long backtest (n = 10⁵,
 * p = 0.01 gives e^−1005), and the recurrence b(i + 1) = b(i)·(n − i)/(i + 1)·p/(1 − p) is exact
 * up to one rounding per step, so the sum keeps ~k ulps of relative error.
 */
export function binomialCdf(k: number, n: number, p: number): number {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`binomialCdf: n must be an integer ≥ 0, got ${n}`);
  if (!Number.isInteger(k)) throw new RangeError(`binomialCdf: k must be an integer, got ${k}`);
  if (!(p >= 0 && p <= 1)) throw new RangeError(`binomialCdf: p must be in [0, 1], got ${p}`);
  if (k < 0) return 0;
  if (k >= n || p === 0) return 1;
  if (p === 1) return 0; // all n draws succeed and k < n
  const logOdds = Math.log(p) - Math.log1p(-p);
  const logTerms = new Float64Array(k + 1);
  logTerms[0] = n * Math.log1p(-p);
  let largest = logTerms[0];
  for (let i = 0; i < k; i++) {
    logTerms[i + 1] = logTerms[i] + Math.log((n - i) / (i + 1)) + logOdds;
    if (logTerms[i + 1] > largest) largest = logTerms[i + 1];
  }
  let sum = 0;
  for (let i = 0; i <= k; i++) sum += Math.exp(logTerms[i] - largest);
  return Math.min(1, Math.exp(largest + Math.log(sum)));
}
