import type { HistoricalDistribution } from '../model/schemas.js';

/** One factor's returns by date and the variance forecast for each, made the day before. */
export interface FilteredFactor {
  factor: string;
  returns: Map<string, number>;
  filterVariance: Map<string, number>;
}

/**
 * The filtered-historical-simulation table of a pack: for every date on which every factor has a
 * return and a filter variance (within the window), each factor's return divided by its
 * volatility forecast for that day, z = r / σ_{t|t−1}. The engine rescales z by today's vol.
 */
export function residualTable(factors: readonly FilteredFactor[]): HistoricalDistribution {
  const [first, ...rest] = factors;
  const dates = [...first.filterVariance.keys()]
    .filter((d) => first.returns.has(d) && rest.every((f) => f.returns.has(d) && f.filterVariance.has(d)))
    .sort();
  const residuals = dates.map((d) => factors.map((f) => f.returns.get(d)! / Math.sqrt(f.filterVariance.get(d)!)));
  return { type: 'fhs', factors: factors.map((f) => f.factor), residuals, dates };
}
