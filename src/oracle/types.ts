/**
 * Price-oracle data types. Pure data: every function in src/oracle/ takes these and returns new
 * values, never mutating its inputs, so a FeedState can be shared, snapshotted and replayed.
 * The rules and the defaults are explained in docs/oracle.md.
 */

/** One print from one source. */
export interface PriceObservation {
  /** Source id (venue, publisher). One vote per source per update: duplicates keep the newest. */
  source: string;
  /** Price in USD; must be finite and > 0. */
  price: number;
  /** When the source observed the price, ms since the epoch. */
  timestamp: number;
  /** ± absolute price uncertainty reported by the source (same unit as price); finite, ≥ 0. */
  confidence: number;
}

export type FeedStatus = 'ok' | 'degraded' | 'halted';

export interface OracleParams {
  /** A print older than this (now − timestamp > maxAgeMs) is stale and dropped. */
  maxAgeMs: number;
  /** Drop sources farther than this share from the median of the fresh sources. */
  bandShare: number;
  /** Fewer valid sources than this ⇒ degraded. */
  minSources: number;
  /** Fewer valid sources than this ⇒ halted (1: halted only when no source survives). */
  haltBelowSources: number;
  /** Half-life of the EMA mark price, ms (0: mark = index). */
  emaHalfLifeMs: number;
  /** Clamp |mark/index − 1| to this. */
  maxMarkIndexDivergence: number;
  /** Median confidence/price of the valid sources above this ⇒ degraded. */
  maxConfidenceShare: number;
  /** Largest |price/index − 1| among the valid sources above this ⇒ degraded (sources disagree). */
  maxDispersionShare: number;
  /** Window of the TWAP reference (a time-weighted median of the aggregated index), ms. */
  twapWindowMs: number;
  /** |index/twap − 1| above this ⇒ degraded. */
  maxTwapGapShare: number;
  /** |index/twap − 1| above this ⇒ halted (e.g. a +1300% print that survives filtering). */
  haltTwapGapShare: number;
  /** Degraded add-on = multiplier × uncertaintyShare × |exposure notional|. */
  degradedAddOnMultiplier: number;
  /** Halted: margin uses the last valid index moved against the holder by this share. */
  haltedPriceBuffer: number;
}

export type DropReason = 'stale' | 'outlier' | 'invalid';

export interface DroppedObservation {
  source: string;
  reason: DropReason;
}

/** The result of one aggregation round (see aggregate.ts). */
export interface Aggregation {
  /** Median of the valid sources, or null when fewer than max(1, haltBelowSources) survive. */
  index: number | null;
  /** The observations that survived (input order). */
  used: PriceObservation[];
  dropped: DroppedObservation[];
  /** Median of confidence/price over `used` (0 when none). */
  medianConfidenceShare: number;
  /** max |price/index − 1| over `used` (0 when none). */
  dispersionShare: number;
}

export interface HistoryPoint {
  time: number;
  index: number;
}

export interface FeedState {
  asset: string;
  /** Time of the last update (ms); updates must not go back in time. */
  time: number;
  /** Last aggregated index; when halted, the last valid index. */
  index: number;
  /** EMA mark price, within index·(1 ± maxMarkIndexDivergence); frozen while halted. */
  mark: number;
  lastValidIndex: number;
  /** Time of the last update that was not halted (the EMA's clock). */
  lastValidTime: number;
  status: FeedStatus;
  /** Why the status is what it is (empty when ok). */
  reasons: string[];
  /**
   * max(median confidence share, dispersion share, TWAP gap) of the last valid update; the
   * degraded add-on is proportional to it. Kept from the last valid update while halted.
   */
  uncertaintyShare: number;
  /** TWAP reference: time-weighted median of `history` over the window. */
  twap: number;
  /**
   * Aggregated index per update (halted-by-gap prints included, so a sustained real move is
   * eventually accepted), the points inside the TWAP window plus the one in force at its start.
   */
  history: HistoryPoint[];
  /** Sources that survived aggregation in the last update. */
  validSources: number;
  /** What the last aggregation dropped, and why. */
  dropped: DroppedObservation[];
}
