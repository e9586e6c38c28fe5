import { conditionalGaussian } from '../linalg/conditionalGaussian.js';
import type { HistoricalDistribution } from '../model/schemas.js';

/**
 * Filtered historical simulation, planned: the residual table laid out on the plan's factors,
 * and how each scenario turns drawn days into standardized factor shocks z (then, as for every
 * distribution, moves = moveScale ⊙ z, moveScale = today's vol · √h):
 *   - a factor the table holds (historical): z_f = Σ_j table[d_j][f] / √n over the n days
 *     d_1 … d_n the scenario draws (n = round(horizon in days), at least 1), so a 2-day horizon
 *     adds two whole historical days: their joint cross-asset shape and fat tails are kept,
 *     and the sum of n unit-variance days, divided by √n, has unit variance again;
 *   - a factor it does not hold (model): Gaussian, conditioned on the historical shocks through
 *     the factor correlation C: z_M = B·z_H + L·ε with B = C_MH·C_HH⁺ and L the factor of the
 *     conditional covariance (linalg/conditionalGaussian.ts), ε the scenario's normals. So a
 *     vol factor without an implied-vol history still moves with its spot as C says.
 * Expressed for both backends as one product: z = mixing · x, with x_f the historical shock of
 * a historical factor and the normal ε_f of a model factor; `mixing` is the identity on the
 * historical rows and [B | L] on the model rows.
 */
export interface HistoricalDraws {
  /** Days in the table (rows). */
  days: number;
  /** Days each scenario draws and adds up: round(horizon days), at least 1. */
  daysPerScenario: number;
  /** Standardized residuals, day-major on the plan's factors: table[d · F + f]; 0 in model columns. */
  table: Float64Array;
  /** Per plan factor: 1 if drawn from the table, 0 if from the conditional Gaussian model. */
  historical: Uint8Array;
  /** z = mixing · x, row-major F × F (see above). */
  mixing: Float64Array;
  /** Plan factor names drawn from the model (for the run's notes). */
  modelFactors: string[];
}

/** Lays the distribution's table out on the plan's factors and builds the mixing matrix. */
export function planHistoricalDraws(
  distribution: HistoricalDistribution,
  factorNames: readonly string[],
  correlation: readonly (readonly number[])[],
  horizonDays: number,
): HistoricalDraws {
  const f = factorNames.length;
  const column = factorNames.map((name) => distribution.factors.indexOf(name));
  const days = distribution.residuals.length;
  const table = new Float64Array(days * f);
  distribution.residuals.forEach((row, d) => {
    column.forEach((c, k) => {
      if (c >= 0) table[d * f + k] = row[c];
    });
  });
  const historical = Uint8Array.from(column, (c) => (c >= 0 ? 1 : 0));
  const given = column.flatMap((c, k) => (c >= 0 ? [k] : []));
  const free = column.flatMap((c, k) => (c < 0 ? [k] : []));
  const { regression, lower } = conditionalGaussian(correlation, given, free);
  const mixing = new Float64Array(f * f);
  for (const k of given) mixing[k * f + k] = 1;
  free.forEach((row, i) => {
    given.forEach((col, j) => (mixing[row * f + col] = regression[i][j]));
    free.forEach((col, j) => (mixing[row * f + col] = lower[i][j]));
  });
  return {
    days,
    daysPerScenario: Math.max(1, Math.round(horizonDays)),
    table,
    historical,
    mixing,
    modelFactors: free.map((k) => factorNames[k]),
  };
}
