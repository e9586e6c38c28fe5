import type { VolatilityModel } from './types.js';
import { TRAINING_DAYS } from './types.js';

/**
 * The reactive and the static references of the comparison.
 * - static: one variance for the whole backtest, the mean squared return of the TRAINING_DAYS
 *   before its first day (the calibration a venue would freeze; no later data);
 * - ewma: RiskMetrics, v_k = λ·v_{k−1} + (1 − λ)·r_k², λ = 0.94, seeded with the mean squared
 *   return of the training days; the forecast is flat over the horizon.
 */
export const staticModel: VolatilityModel = {
  name: 'static',
  description: 'one variance for the whole window: the mean squared return of the 500 days before it',
  forecast(returns, first, count) {
    let sum = 0;
    for (let j = first - TRAINING_DAYS + 1; j <= first; j++) sum += returns[j] * returns[j];
    return new Float64Array(count).fill(sum / TRAINING_DAYS);
  },
};

export function ewmaModel(lambda = 0.94): VolatilityModel {
  return {
    name: 'ewma',
    description: `EWMA of squared returns, λ = ${lambda} (reactive)`,
    forecast(returns, first, count) {
      let v = 0;
      for (let j = first - TRAINING_DAYS + 1; j <= first - 1; j++) v += returns[j] * returns[j];
      v /= TRAINING_DAYS - 1;
      const out = new Float64Array(count);
      for (let k = first; k < first + count; k++) {
        v = lambda * v + (1 - lambda) * returns[k] * returns[k];
        out[k - first] = v;
      }
      return out;
    },
  };
}
