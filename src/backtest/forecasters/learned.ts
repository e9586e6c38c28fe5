import { ridgeFit, ridgePredict, type RidgeFit } from './ridge.js';
import type { CrossAssetContext, VolatilityModel } from './types.js';

/** Tiny variance so that the logarithm of a day without a move stays finite. */
const FLOOR = 1e-10;

function meanSquare(returns: ArrayLike<number>, from: number, to: number): number {
  let sum = 0;
  for (let j = from; j < to; j++) sum += returns[j] * returns[j];
  return sum / (to - from);
}

/**
 * Features of day k, from returns up to k only: the log of the realized variance over the last
 * 1, 5, 22 and 66 days (HAR's long memory, one step further), the day's move in units of the
 * monthly vol (a shock the averages have not absorbed), its downside part (leverage: falls raise
 * vol more than rises), and the mean log 5-day variance of the other assets (contagion).
 */
function features(returns: Float64Array, k: number, context: CrossAssetContext | undefined): Float64Array {
  const monthly = meanSquare(returns, k - 21, k + 1);
  const shock = returns[k] / Math.sqrt(monthly + FLOOR);
  let crossAsset = 0;
  const others = context?.returns.filter((series) => series !== returns) ?? [];
  for (const series of others) crossAsset += Math.log(meanSquare(series, k - 4, k + 1) + FLOOR) / others.length;
  return Float64Array.of(
    Math.log(returns[k] * returns[k] + FLOOR),
    Math.log(meanSquare(returns, k - 4, k + 1) + FLOOR),
    Math.log(monthly + FLOOR),
    Math.log(meanSquare(returns, k - 65, k + 1) + FLOOR),
    Math.abs(shock),
    Math.min(shock, 0),
    others.length > 0 ? crossAsset : 0,
  );
}

/**
 * A learned forecaster: ridge regression (λ = 1 on standardized features, ridge.ts) of the log of
 * the next `horizon` days' mean squared return on the features above, trained walk-forward: at a
 * refit on day k it learns from the days j with j + horizon ≤ k (their targets are known on day k)
 * within the trailing `window`, and forecasts exp(ŷ + s²/2) (the log-normal mean, s² the training
 * residual variance). Refitted every `refitEvery` days; nothing after day k enters day k's forecast.
 */
export function learnedModel(refitEvery = 21, window = 1000, lambda = 1): VolatilityModel {
  return {
    name: 'learned',
    description: `ridge regression of log future variance on lagged realized variances, shocks and cross-asset vol, refitted every ${refitEvery} days`,
    forecast(returns, first, count, horizon, context) {
      const out = new Float64Array(count);
      let fit: RidgeFit | undefined;
      for (let k = first; k < first + count; k++) {
        if ((k - first) % refitEvery === 0) {
          const rows: Float64Array[] = [];
          const targets: number[] = [];
          for (let j = Math.max(66, k - window + 1); j + horizon <= k; j++) {
            rows.push(features(returns, j, context));
            targets.push(Math.log(meanSquare(returns, j + 1, j + 1 + horizon) + FLOOR));
          }
          fit = ridgeFit(rows, targets, lambda);
        }
        out[k - first] = Math.exp(ridgePredict(fit!, features(returns, k, context)) + fit!.residualVariance / 2);
      }
      return out;
    },
  };
}
