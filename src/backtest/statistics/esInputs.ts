/**
 * The daily series an expected-shortfall backtest reads, checked once: realized losses and the
 * model's VaR and ES for each day, all positive loss levels (loss = −P&L), the same length.
 */
import { assertCoverage, assertFiniteSeries, assertObject, BacktestInputError } from './validate.js';

export interface EsBacktestSeries {
  /** Realized loss of each day (positive = a loss). */
  losses: ArrayLike<number>;
  /** The model's VaR at `coverage` for each day, as a positive loss level. */
  valueAtRisk: ArrayLike<number>;
  /** The model's ES at `coverage` for each day (the mean loss beyond the VaR), ≥ its VaR. */
  expectedShortfall: ArrayLike<number>;
  /** The VaR/ES confidence level in (0, 1), e.g. 0.975. */
  coverage: number;
}

export function checkEsSeries(input: unknown, statistic: string): EsBacktestSeries {
  assertObject(input, statistic, 'the argument');
  const { losses, valueAtRisk, expectedShortfall, coverage } = input;
  assertFiniteSeries(losses, statistic, 'losses');
  if (losses.length < 1) throw new BacktestInputError(statistic, 'losses', 'is empty: needs at least one day');
  assertFiniteSeries(valueAtRisk, statistic, 'valueAtRisk', { length: losses.length });
  assertFiniteSeries(expectedShortfall, statistic, 'expectedShortfall', { length: losses.length, positive: true });
  for (let t = 0; t < losses.length; t++) {
    if (expectedShortfall[t] < valueAtRisk[t]) {
      throw new BacktestInputError(
        statistic,
        `expectedShortfall[${t}]`,
        `is ${expectedShortfall[t]}, below valueAtRisk[${t}] = ${valueAtRisk[t]}: ES is the mean loss beyond the VaR, so ES ≥ VaR`,
      );
    }
  }
  assertCoverage(coverage, statistic);
  return { losses, valueAtRisk, expectedShortfall, coverage };
}
