import { EstimatorInputError, describe } from './validate.js';

/**
 * Return series of several assets on common dates: returns[i][t] is asset names[i]'s return on
 * date t (dates[t] when given), every series the same length. Log returns in decimal units.
 */
export interface AlignedReturns {
  names: string[];
  returns: ArrayLike<number>[];
  /** Optional labels of the dates (ISO strings), one per return; reported by worstWindow. */
  dates?: string[];
}

/**
 * Checks the shape and the values of aligned returns: at least one asset, unique names, one
 * series per name, equal lengths of at least `minObservations`, dates (if any) of that length.
 * Every value must be finite, except that NaN marks a missing return when `allowMissing`.
 */
export function checkAlignedReturns(data: AlignedReturns, minObservations: number, estimator: string, allowMissing = false): void {
  const { names, returns, dates } = data ?? ({} as AlignedReturns);
  if (!Array.isArray(names) || names.length === 0) throw new EstimatorInputError(estimator, 'names', 'must be a non-empty array of asset names');
  if (!Array.isArray(returns) || returns.length !== names.length) {
    throw new EstimatorInputError(estimator, 'returns', `must hold one series per name (${names.length}), got ${describe(returns)}`);
  }
  const seen = new Set<string>();
  names.forEach((name, i) => {
    if (typeof name !== 'string' || seen.has(name)) throw new EstimatorInputError(estimator, `names[${i}]`, `is ${describe(name)}: names must be unique strings`);
    seen.add(name);
  });
  const length = returns[0]?.length;
  returns.forEach((series, i) => {
    if (series === null || typeof series !== 'object' || series.length !== length) {
      throw new EstimatorInputError(estimator, `returns[${i}] (${names[i]})`, `has length ${series?.length}; all series must have the length of returns[0] (${length}): align them on common dates first`);
    }
    for (let t = 0; t < length; t++) {
      const value = series[t];
      if (allowMissing && Number.isNaN(value)) continue;
      if (typeof value !== 'number' || !Number.isFinite(value)) {
        throw new EstimatorInputError(estimator, `returns[${i}][${t}] (${names[i]})`, `is ${describe(value)}: every return must be a finite number${allowMissing ? ' or NaN for a missing one' : ''}`);
      }
    }
  });
  if (!(length >= minObservations)) {
    throw new EstimatorInputError(estimator, 'returns', `have ${length} dates; need at least ${minObservations}`);
  }
  if (dates !== undefined && (!Array.isArray(dates) || dates.length !== length)) {
    throw new EstimatorInputError(estimator, 'dates', `must label every return (${length}), got ${describe(dates)}`);
  }
}
