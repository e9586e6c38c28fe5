import { InputError } from '../../model/errors.js';
import { isIsoDate } from './dates.js';
import { DEFAULT_MAX_GAP_DAYS, type HistoryReadOptions } from './types.js';

/** Read options checked, defaults filled in. */
export interface ResolvedReadOptions {
  asOf: string | undefined;
  from: string | undefined;
  maxGapDays: number;
  asset: string | undefined;
}

/** Checks the options a caller passed (a CLI flag ends up here), naming the bad one. */
export function resolveReadOptions(options: HistoryReadOptions = {}): ResolvedReadOptions {
  const { asOf, from, asset } = options;
  const maxGapDays = options.maxGapDays ?? DEFAULT_MAX_GAP_DAYS;
  if (asOf !== undefined && !isIsoDate(asOf)) throw new InputError('history options', 'asOf', asOf, 'expected a date YYYY-MM-DD');
  if (from !== undefined && !isIsoDate(from)) throw new InputError('history options', 'from', from, 'expected a date YYYY-MM-DD');
  if (from !== undefined && asOf !== undefined && from > asOf) throw new InputError('history options', 'from', from, `after asOf ${asOf}: the window is empty`);
  if (!Number.isInteger(maxGapDays) || maxGapDays < 1) throw new InputError('history options', 'maxGapDays', maxGapDays, 'expected an integer ≥ 1 (calendar days)');
  return { asOf, from, maxGapDays, asset };
}
