import { EstimatorInputError, describe } from './validate.js';

/**
 * Return series of several assets on common dates: returns[i][t] is asset names[i]'s return on
 * date t (dates[t] when given), every series the same length. Log returns in decimal units.
 */
export interface ReturnsByAsset {
  names: string[];
  returns: ArrayLike<number>[];
  /** Optional labels of the dates (ISO strings), one per return; reported by worstWindow. */
  dates?: string[];
}

/**
 * The same with the assets under `assets`: the shape of src/calibration/history's
 * alignedLogReturns ({ assets, dates, returns, spanDays }), accepted as it is. Its spanDays
 * are not used: a return spanning a weekend gap counts as one observation.
 */
export interface ReturnsByAssetFromHistory {
  assets: string[];
  returns: ArrayLike<number>[];
  dates?: string[];
}

export type ReturnsInput = ReturnsByAsset | ReturnsByAssetFromHistory;

/**
 * Checks the shape and the values of returns by asset: at least one asset, unique names, one
 * series per name, equal lengths of at least `minObservations`, dates (if any) of that length.
 * Every value must be finite, except that NaN marks a missing return when `allowMissing`.
 * Returns the input as a ReturnsByAsset (names from `names` or `assets`).
 */
export function checkReturnsByAsset(data: ReturnsInput, minObservations: number, estimator: string, allowMissing = false): ReturnsByAsset {
  const given = (data ?? {}) as Partial<ReturnsByAsset & ReturnsByAssetFromHistory>;
  const { returns, dates } = given;
  const names = given.names ?? given.assets;
  if (!Array.isArray(names) || names.length === 0) throw new EstimatorInputError(estimator, 'names', 'must be a non-empty array of asset names (or `assets`, as alignedLogReturns gives them)');
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
  return { names, returns, ...(dates ? { dates } : {}) };
}
