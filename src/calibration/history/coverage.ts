import { InputError, InputErrors } from '../../model/errors.js';
import { daysBetween } from './dates.js';
import { DEFAULT_MAX_GAP_DAYS, type PriceHistory } from './types.js';

/** What an estimation run needs of a price history. */
export interface CoverageRequirement {
  /** Every asset the book holds (or the calibration covers). */
  assets: readonly string[];
  /** Fewest daily log returns (closes − 1) each asset needs (the estimator's minimum). */
  minReturns: number;
  /**
   * The calibration date. When given, a history whose last close is more than `maxGapDays`
   * before it is refused: the parameters would silently describe an older market.
   */
  asOf?: string;
  /** As in the read options (default 5). */
  maxGapDays?: number;
}

/**
 * Checks that `history` covers the requirement and throws every shortfall at once (one
 * InputError, or InputErrors for several), each naming the asset, its file and the numbers:
 * an asset with no history, too few observations, a history that stops before `asOf`.
 */
export function checkCoverage(history: PriceHistory, requirement: CoverageRequirement): void {
  const { assets, minReturns, asOf } = requirement;
  const maxGapDays = requirement.maxGapDays ?? DEFAULT_MAX_GAP_DAYS;
  const errors: InputError[] = [];
  const known = [...history.assets.keys()].join(', ') || 'nothing';
  for (const asset of assets) {
    const series = history.assets.get(asset);
    if (!series) {
      errors.push(new InputError('price history', 'assets', asset, `no price history for ${asset} (the history has: ${known})`));
      continue;
    }
    const closes = series.dates.length;
    const window = asOf === undefined ? '' : ` up to ${asOf}`;
    if (closes - 1 < minReturns) {
      errors.push(new InputError(series.source, asset, `${closes} closes`, `${closes} closes${window} give ${Math.max(closes - 1, 0)} returns; the estimator needs at least ${minReturns}`));
      continue;
    }
    const last = series.dates[closes - 1];
    if (asOf !== undefined && daysBetween(last, asOf) > maxGapDays) {
      errors.push(new InputError(series.source, asset, last, `the last close is ${daysBetween(last, asOf)} days before asOf ${asOf} (more than maxGapDays = ${maxGapDays}): the parameters would describe an older market`));
    }
  }
  if (errors.length === 1) throw errors[0];
  if (errors.length > 1) throw new InputErrors(errors);
}
