/** Records of the margin store (see schema.ts for the tables behind them). */
export type PackStatus = 'published' | 'candidate';

/** A named number of a pack, for series over time: `BTC.vol`, `BTC.spot~ETH.spot`. */
export interface PackParameter {
  name: string;
  value: number;
  standardError?: number;
}

export interface PackInput {
  /** The calibration's as-of date, `YYYY-MM-DD` (data up to and including it). */
  asOf: string;
  /** Content hash of `params`: same hash, same pack. */
  hash: string;
  status: PackStatus;
  /** The parameter pack as JSON text (stored as given; must parse). */
  params: string;
  /** Its provenance as JSON text: inputs and their hashes, code version, options. */
  provenance: string;
  parameters: readonly PackParameter[];
}

export interface PackRecord extends PackInput {
  parameters: PackParameter[];
  /** When this row was written (ISO 8601). */
  recordedAt: string;
}

export interface PublishOptions {
  /**
   * Replace a published pack of the same date whose hash differs (default false: refused).
   * That night's margins computed with the replaced pack are deleted with it.
   */
  replace?: boolean;
}

/** One account's margins on one night. */
export interface MarginRowInput {
  account: string;
  initial: number;
  maintenance: number;
  equity: number;
  /** equity / maintenance; null when no maintenance margin is required (unbounded), as in src/margin/health.ts. */
  healthFactor: number | null;
  liquidatable: boolean;
}

export interface AccountPoint extends MarginRowInput {
  asOf: string;
  packHash: string;
}

export interface ParameterPoint {
  asOf: string;
  hash: string;
  value: number;
  standardError?: number;
}

/** Dates of a series to return, both ends included. */
export interface SeriesWindow {
  from?: string;
  to?: string;
}
