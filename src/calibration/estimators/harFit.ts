import { leastSquares, RankDeficientError } from './leastSquares.js';
import { EstimatorInputError, assertFiniteSeries, describe } from './validate.js';

/** Days in Corsi's weekly and monthly averages. */
export const HAR_WEEK = 5;
export const HAR_MONTH = 22;
/** Fewest observations: 22 to form the first monthly average, then more regression rows (5) than coefficients (4). */
export const HAR_MIN_OBSERVATIONS = HAR_MONTH + 5;

export interface HarFit {
  beta0: number;
  betaDaily: number;
  betaWeekly: number;
  betaMonthly: number;
  /** β0 + βd·RV_n + βw·mean(RV_{n−4..n}) + βm·mean(RV_{n−21..n}): the next period's realized variance. */
  forecast: number;
  /** Regression rows: observations − 22. */
  observations: number;
  rSquared: number;
  /** Unbiased variance of the regression errors. */
  residualVariance: number;
}

/**
 * Corsi's HAR-RV (Corsi 2009, "A simple approximate long-memory model of realized volatility",
 * J. Financial Econometrics 7(2), eq. 8), by ordinary least squares:
 *   RV_{t+1} = β0 + βd·RV_t + βw·RV_t^(w) + βm·RV_t^(m) + ε_{t+1},
 *   RV_t^(w) = (1/5)·Σ_{j=0..4} RV_{t−j},   RV_t^(m) = (1/22)·Σ_{j=0..21} RV_{t−j},
 * on every t from the 22nd observation to the second-to-last (0-based t = 21 .. n − 2), so
 * n − 22 rows. The regressors are in the units of the input (realized variances, e.g. daily
 * sums of squared intraday returns; squared daily returns are a noisy proxy).
 *
 * Input: at least 27 finite realized variances ≥ 0 (22 for the first monthly average, then more
 * rows than the 4 coefficients; a year or more in practice). A series without variation
 * (e.g. constant) leaves the coefficients unidentified and throws, as does any negative value.
 * The OLS standard errors are not reported: the overlapping averages make the errors serially
 * correlated, so the textbook ones are wrong; Corsi uses Newey–West.
 */
export function harFit(realizedVariance: ArrayLike<number>): HarFit {
  assertFiniteSeries(realizedVariance, HAR_MIN_OBSERVATIONS, 'harFit', 'realizedVariance', 'the monthly average needs 22 days and the regression more rows than its 4 coefficients');
  for (let t = 0; t < realizedVariance.length; t++) {
    if (realizedVariance[t] < 0) {
      throw new EstimatorInputError('harFit', `realizedVariance[${t}]`, `is ${describe(realizedVariance[t])}: a realized variance is ≥ 0`);
    }
  }
  const n = realizedVariance.length;
  const design: number[][] = [];
  const target: number[] = [];
  for (let t = HAR_MONTH - 1; t <= n - 2; t++) {
    design.push(harRegressors(realizedVariance, t));
    target.push(realizedVariance[t + 1]);
  }
  let fit;
  try {
    fit = leastSquares(design, target);
  } catch (error) {
    if (error instanceof RankDeficientError) {
      throw new EstimatorInputError('harFit', 'realizedVariance', `leaves the HAR regression unidentified: ${error.message}`);
    }
    throw error;
  }
  const [beta0, betaDaily, betaWeekly, betaMonthly] = fit.coefficients;
  const last = harRegressors(realizedVariance, n - 1);
  return {
    beta0, betaDaily, betaWeekly, betaMonthly,
    forecast: beta0 + betaDaily * last[1] + betaWeekly * last[2] + betaMonthly * last[3],
    observations: design.length,
    rSquared: fit.rSquared,
    residualVariance: fit.residualVariance,
  };
}

/** [1, RV_t, RV_t^(w), RV_t^(m)] at t (needs t ≥ 21). */
function harRegressors(rv: ArrayLike<number>, t: number): number[] {
  const average = (days: number): number => {
    let sum = 0;
    for (let j = 0; j < days; j++) sum += rv[t - j];
    return sum / days;
  };
  return [1, rv[t], average(HAR_WEEK), average(HAR_MONTH)];
}
