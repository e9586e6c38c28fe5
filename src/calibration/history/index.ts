/** Price and implied-vol history: parsing, validation, alignment (runtime-neutral). */
export type { AssetHistory, PriceHistory, ImpliedVolSeries, ImpliedVolHistory, HistoryReadOptions } from './types.js';
export { DEFAULT_MAX_GAP_DAYS, MAX_IMPLIED_VOL } from './types.js';
export { parsePriceHistory } from './parsePriceHistory.js';
export { parseImpliedVolHistory, impliedVolSeries } from './parseImpliedVolHistory.js';
export { mergePriceHistories, mergeImpliedVolHistories } from './mergeHistories.js';
export { checkCoverage, type CoverageRequirement } from './coverage.js';
export { commonDates, alignedLogReturns, type AlignedReturns, type AlignWindow } from './align.js';
export { realizedVolProxy, realizedVolProxyWarning } from './realizedVolProxy.js';
export { assetNameFromFileName } from './assetName.js';
export { HISTORY_FORMATS, HISTORY_COLUMN_CONTRACT, type HistoryFormat } from './formats.js';
export { formatPriceHistoryCsv, formatImpliedVolHistoryCsv } from './writeCsv.js';
export { parseHistoryDate, daysBetween, addDays } from './dates.js';
export {
  syntheticHistory,
  SYNTHETIC_SEED,
  SYNTHETIC_END_DATE,
  SYNTHETIC_DAYS,
  SYNTHETIC_COINS,
  SYNTHETIC_EPISODES,
  SYNTHETIC_MODEL,
  SYNTHETIC_IV_TENOR_DAYS,
  type SyntheticHistory,
} from './synthetic.js';
