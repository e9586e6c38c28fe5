/**
 * Validated market history, as the parsers in this folder return it. Every value here already
 * passed the checks of the column contract (formats.ts): dates are real `YYYY-MM-DD` dates in
 * strictly increasing order with no gap beyond the tolerance, closes and vols are finite and
 * positive. Estimators may rely on that and need not check again: a NaN cannot come from here.
 */

/** One asset's daily closes. */
export interface AssetHistory {
  asset: string;
  /** Where the closes came from (a file name, or `synthetic`), for messages and provenance. */
  source: string;
  /** Observation dates, `YYYY-MM-DD`, strictly increasing; may be empty (nothing up to `asOf`). */
  dates: string[];
  /** Close on each date (same length as `dates`), finite and > 0. */
  closes: Float64Array;
  /** Physical line of each observation in its file (same length), for messages; 0 when generated. */
  lines: Int32Array;
}

/** Closes of many assets, keyed by asset name. Dates need not be shared across assets. */
export interface PriceHistory {
  assets: Map<string, AssetHistory>;
  /** Things a reader should know that are not errors (a time part converted to a UTC date, ...). */
  warnings: string[];
}

/** One ATM implied-vol series: an asset at one tenor. */
export interface ImpliedVolSeries {
  asset: string;
  /** Tenor in calendar days (30: the 30-day ATM vol). */
  tenorDays: number;
  source: string;
  /** Strictly increasing `YYYY-MM-DD` dates. */
  dates: string[];
  /** Annualized implied vol as a decimal (0.55 = 55%), finite and > 0. */
  vols: Float64Array;
  lines: Int32Array;
}

/** ATM implied vols per asset, one series per tenor, tenors in increasing order. */
export interface ImpliedVolHistory {
  assets: Map<string, ImpliedVolSeries[]>;
  warnings: string[];
}

/** What a reader keeps and how strict it is. All fields optional. */
export interface HistoryReadOptions {
  /**
   * Keep rows dated on or before this `YYYY-MM-DD` date only: a calibration "as of" a past date
   * sees the data up to that date and nothing later. Rows after it are not checked beyond
   * their date.
   */
  asOf?: string;
  /** Keep rows dated on or after this date only (a lookback window); earlier rows are not checked beyond their date. */
  from?: string;
  /**
   * Most calendar days allowed between consecutive observations of one series (default 5:
   * a trading-day series passes weekends and one- or two-day holidays; 1 demands every
   * calendar day, right for 24/7 crypto markets).
   */
  maxGapDays?: number;
  /** Per-asset (OHLCV) form: the asset's name, overriding the one taken from the file name. */
  asset?: string;
}

export const DEFAULT_MAX_GAP_DAYS = 5;

/**
 * Vols are decimals (0.55 = 55%). Crypto's short-dated ATM vols do reach 2–3 in a crash; above
 * 5 (500%) a value is far likelier a percentage written by mistake (55 for 55%): log changes
 * would survive that, but every use of the level (a vol risk premium, a starting vol) would be a
 * hundred times off.
 */
export const MAX_IMPLIED_VOL = 5;
