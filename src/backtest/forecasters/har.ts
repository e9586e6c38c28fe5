import { harFit } from '../../calibration/estimators/index.js';
import type { VolatilityModel } from './types.js';

/**
 * Corsi's HAR-RV on squared daily returns (the realized-variance proxy daily closes allow),
 * refitted every `refitEvery` days by OLS on the trailing `window` days (estimators/harFit):
 * forecast = β0 + βd·RV_k + βw·mean(RV_{k−4..k}) + βm·mean(RV_{k−21..k}), flat over the horizon.
 * Squared returns are noisy, so the fitted forecast can come out near zero or negative after a
 * calm spell: it is floored at a tenth of the window's mean squared return (a floor is what a
 * venue would set; the report shows how often it binds).
 */
export function harModel(refitEvery = 21, window = 1000): VolatilityModel {
  return {
    name: 'har',
    description: `HAR-RV on squared returns, refitted every ${refitEvery} days on ${window} days`,
    forecast(returns, first, count) {
      const squared = Float64Array.from(returns, (r) => r * r);
      const out = new Float64Array(count);
      let coefficients = { beta0: 0, betaDaily: 0, betaWeekly: 0, betaMonthly: 0 };
      let floor = 0;
      for (let k = first; k < first + count; k++) {
        if ((k - first) % refitEvery === 0) {
          const start = Math.max(0, k - window + 1);
          coefficients = harFit(squared.subarray(start, k + 1));
          floor = 0.1 * mean(squared, start, k + 1);
        }
        const forecast =
          coefficients.beta0 +
          coefficients.betaDaily * squared[k] +
          coefficients.betaWeekly * mean(squared, k - 4, k + 1) +
          coefficients.betaMonthly * mean(squared, k - 21, k + 1);
        out[k - first] = Math.max(forecast, floor);
      }
      return out;
    },
  };
}

function mean(values: Float64Array, from: number, to: number): number {
  let sum = 0;
  for (let j = from; j < to; j++) sum += values[j];
  return sum / (to - from);
}
