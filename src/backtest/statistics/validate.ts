/**
 * Input checks shared by the backtest statistics. A backtest verdict goes into a model-approval
 * report, so a count that is not an integer, a coverage of 99 instead of 0.99 or a NaN loss must
 * stop here with a message naming the statistic, the argument, the index and the value, never
 * turn into a p-value.
 */

/** Thrown when a statistic's input is unusable; `statistic` and `field` name what is wrong. */
export class BacktestInputError extends RangeError {
  constructor(
    readonly statistic: string,
    readonly field: string,
    readonly reason: string,
  ) {
    super(`${statistic}: ${field} ${reason}`);
    this.name = 'BacktestInputError';
  }
}

/** Throws unless value is an integer ≥ min. */
export function assertCount(value: unknown, min: number, statistic: string, field: string): asserts value is number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
    throw new BacktestInputError(statistic, field, `is ${describe(value)}: must be an integer ≥ ${min}`);
  }
}

/**
 * Throws unless coverage is a number in (0, 1): the VaR confidence level, e.g. 0.99. A value
 * such as 99 (percent) or 0.01 (the tail probability) is the usual slip; the message says which
 * is expected.
 */
export function assertCoverage(value: unknown, statistic: string, field = 'coverage'): asserts value is number {
  if (!(typeof value === 'number' && value > 0 && value < 1)) {
    throw new BacktestInputError(
      statistic,
      field,
      `is ${describe(value)}: must be the VaR confidence level in (0, 1), e.g. 0.99 (the expected exception rate is 1 − ${field})`,
    );
  }
}

/** Throws unless hits is an array whose every element is a boolean. */
export function assertHits(hits: unknown, statistic: string, field = 'hits'): asserts hits is readonly boolean[] {
  if (!Array.isArray(hits)) {
    throw new BacktestInputError(statistic, field, `must be an array of booleans (true on an exception day), got ${describe(hits)}`);
  }
  for (let i = 0; i < hits.length; i++) {
    if (typeof hits[i] !== 'boolean') {
      throw new BacktestInputError(statistic, `${field}[${i}]`, `is ${describe(hits[i])}: every element must be a boolean`);
    }
  }
}

/**
 * Throws unless values is an array-like of finite numbers, of length `length` when given, and
 * each > 0 when `positive`.
 */
export function assertFiniteSeries(
  values: unknown,
  statistic: string,
  field: string,
  opts: { length?: number; positive?: boolean } = {},
): asserts values is ArrayLike<number> {
  if (values === null || typeof values !== 'object' || typeof (values as ArrayLike<number>).length !== 'number') {
    throw new BacktestInputError(statistic, field, `must be an array of numbers, got ${describe(values)}`);
  }
  const series = values as ArrayLike<unknown>;
  if (opts.length !== undefined && series.length !== opts.length) {
    throw new BacktestInputError(statistic, field, `has ${series.length} values; must have ${opts.length}, one per day of the backtest`);
  }
  for (let i = 0; i < series.length; i++) {
    const value = series[i];
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      throw new BacktestInputError(statistic, `${field}[${i}]`, `is ${describe(value)}: every value must be a finite number`);
    }
    if (opts.positive && !(value > 0)) {
      throw new BacktestInputError(statistic, `${field}[${i}]`, `is ${describe(value)}: every value must be > 0`);
    }
  }
}

/** Throws unless value is a plain object (the options or counts argument). */
export function assertObject(value: unknown, statistic: string, field: string): asserts value is Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new BacktestInputError(statistic, field, `must be an object, got ${describe(value)}`);
  }
}

/** A value as a message shows it: NaN and ±Infinity spelled out, objects abbreviated. */
export function describe(value: unknown): string {
  if (typeof value === 'number') return String(value);
  if (value === undefined || value === null) return String(value);
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) return `an array of length ${value.length}`;
  return typeof value;
}
