import { garch11Fit } from '../../calibration/estimators/index.js';
import type { VolatilityModel } from './types.js';

/** Mean of the 1- to H-step GARCH variance forecasts from the one-step forecast `next`. */
function horizonMean(next: number, omega: number, persistence: number, horizon: number): number {
  let h = next;
  let sum = 0;
  for (let j = 0; j < horizon; j++) {
    sum += h;
    h = omega + persistence * h;
  }
  return sum / horizon;
}

/**
 * GARCH(1,1) with standardized Student-t innovations (fGarch's conventions, estimators/
 * garch11Fit): refitted every `refitEvery` days on the trailing `window` returns (a venue refits
 * its model periodically, not daily: a daily refit of ten assets over ten years is 38,000 fits),
 * and filtered every day between refits with the current parameters:
 * h_{k+1} = ω + α·(r_k − μ)² + β·h_k. The forecast is the mean of the 1- to H-step forecasts.
 * A refit that does not converge keeps the previous parameters.
 */
export function garchModel(refitEvery = 63, window = 1000): VolatilityModel {
  return {
    name: 'garch',
    description: `GARCH(1,1)-t, refitted every ${refitEvery} days on ${window} returns, filtered daily`,
    forecast(returns, first, count, horizon) {
      const out = new Float64Array(count);
      let params: { mu: number; omega: number; alpha: number; beta: number } | undefined;
      let h = 0;
      for (let k = first; k < first + count; k++) {
        const fit = (k - first) % refitEvery === 0 ? garch11Fit(returns.subarray(Math.max(0, k - window + 1), k + 1), { distribution: 'student-t' }) : undefined;
        if (fit && (fit.converged || !params)) {
          // A converged fit (or the first one, converged or not: its estimates are the best the
          // optimiser found) replaces the parameters and restarts the filter at its last variance.
          params = fit;
          h = fit.conditionalVariance[fit.conditionalVariance.length - 1];
        } else {
          const e = returns[k - 1] - params!.mu;
          h = params!.omega + params!.alpha * e * e + params!.beta * h;
        }
        // h is the variance of return k; the forecast for k + 1 adds the shock of day k.
        const e = returns[k] - params!.mu;
        const next = params!.omega + params!.alpha * e * e + params!.beta * h;
        out[k - first] = horizonMean(next, params!.omega, params!.alpha + params!.beta, horizon);
      }
      return out;
    },
  };
}
