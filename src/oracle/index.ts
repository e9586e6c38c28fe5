/** Price oracle: aggregation, feed status, EMA mark, margin price and add-on, failure replays. */
export type {
  Aggregation, DropReason, DroppedObservation, FeedState, FeedStatus, HistoryPoint, OracleParams, PriceObservation,
} from './types.js';
export { DEFAULT_ORACLE_PARAMS, OracleParamsSchema, parseOracleParams } from './params.js';
export { aggregateObservations } from './aggregate.js';
export { median } from './median.js';
export { timeWeightedMedian, trimHistory } from './twap.js';
export { clampMark, emaAlpha, initialFeedState, updateFeed } from './feed.js';
export { feedAddOn, feedLiquidationsFrozen, feedMarginPrice } from './marginPrice.js';
export { PriceOracle } from './oracle.js';
export {
  honestFeedReplay, manipulationSpike, slowDrift, stablecoinDepeg, staleFeed,
  type DepegOptions, type DriftOptions, type HonestOptions, type OracleReplay, type SpikeOptions, type StaleOptions,
} from './replays.js';
export { runReplay, type ReplayStep } from './runReplay.js';
