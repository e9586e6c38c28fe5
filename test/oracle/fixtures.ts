import { DEFAULT_ORACLE_PARAMS, type OracleParams, type PriceObservation } from '../../src/oracle/index.js';

export const T0 = Date.UTC(2024, 0, 1);
export const MINUTE = 60_000;

export function params(overrides: Partial<OracleParams> = {}): OracleParams {
  return { ...DEFAULT_ORACLE_PARAMS, ...overrides };
}

/** Observations from `prices`, all stamped `timestamp` with confidence = price × confidenceShare. */
export function prints(prices: readonly number[], timestamp: number, confidenceShare = 0.001): PriceObservation[] {
  return prices.map((price, i) => ({ source: `s${i + 1}`, price, timestamp, confidence: price * confidenceShare }));
}
