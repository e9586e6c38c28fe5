/**
 * Input checks shared by the estimators. An estimator's output goes into a parameter pack that
 * margins every account, so a NaN or an infinity must stop at the door with a message naming the
 * estimator, the argument, the index and the value, never propagate into a variance.
 */

/** Thrown when an estimator's input is unusable; `estimator` and `field` name what is wrong. */
export class EstimatorInputError extends RangeError {
  constructor(
    readonly estimator: string,
    readonly field: string,
    readonly reason: string,
  ) {
    super(`${estimator}: ${field} ${reason}`);
    this.name = 'EstimatorInputError';
  }
}

/** A series of numbers as the estimators accept it: a plain array or a typed array. */
export type Series = ArrayLike<number>;

/**
 * Throws unless `values` is an array-like of at least `minLength` finite numbers. `why` says
 * why that many are needed (it goes into the message: "needs at least 31 returns (30 to seed
 * the variance and one to update it)").
 */
export function assertFiniteSeries(values: Series, minLength: number, estimator: string, field: string, why: string): void {
  if (values === null || typeof values !== 'object' || typeof values.length !== 'number') {
    throw new EstimatorInputError(estimator, field, `must be an array of numbers, got ${describe(values)}`);
  }
  if (values.length < minLength) {
    throw new EstimatorInputError(estimator, field, `has ${values.length} values; needs at least ${minLength} (${why})`);
  }
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      throw new EstimatorInputError(estimator, `${field}[${i}]`, `is ${describe(value)}: every value must be a finite number`);
    }
  }
}

/** Throws unless lo < value < hi (open interval) and value is a finite number. */
export function assertInOpenInterval(value: number, lo: number, hi: number, estimator: string, field: string): void {
  if (!(typeof value === 'number' && value > lo && value < hi)) {
    throw new EstimatorInputError(estimator, field, `is ${describe(value)}: must be a number in (${lo}, ${hi})`);
  }
}

/** Throws unless value is an integer ≥ min. */
export function assertInteger(value: number, min: number, estimator: string, field: string): void {
  if (!Number.isInteger(value) || value < min) {
    throw new EstimatorInputError(estimator, field, `is ${describe(value)}: must be an integer ≥ ${min}`);
  }
}

/** Throws unless value is a finite number > 0. */
export function assertPositive(value: number, estimator: string, field: string): void {
  if (!(typeof value === 'number' && Number.isFinite(value) && value > 0)) {
    throw new EstimatorInputError(estimator, field, `is ${describe(value)}: must be a finite number > 0`);
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
