/**
 * What margin and liquidation read from a feed, as pure functions of a FeedState (PriceOracle
 * wraps them; a cascade simulation can call them on snapshots).
 *
 * - marginPrice: ok/degraded → the mark; halted → the last valid index moved against the
 *   holder by haltedPriceBuffer (long exposure: lower, short exposure: higher).
 * - addOn: ok → 0; degraded or halted → degradedAddOnMultiplier × uncertaintyShare × |notional|
 *   (halted keeps the uncertainty of the last valid update; the halted buffer is charged through
 *   marginPrice, not here, so it is not counted twice).
 * - liquidationsFrozen: halted only.
 */
import type { FeedState, OracleParams } from './types.js';

export function feedMarginPrice(state: FeedState, exposureSign: 1 | -1, params: OracleParams): number {
  if (exposureSign !== 1 && exposureSign !== -1) {
    throw new RangeError(`marginPrice(${state.asset}): exposureSign must be 1 or -1, got ${String(exposureSign)}`);
  }
  if (state.status === 'halted') return state.lastValidIndex * (1 - exposureSign * params.haltedPriceBuffer);
  return state.mark;
}

export function feedAddOn(state: FeedState, notional: number, params: OracleParams): number {
  if (!Number.isFinite(notional)) throw new RangeError(`addOn(${state.asset}): notional must be finite, got ${notional}`);
  if (state.status === 'ok') return 0;
  return params.degradedAddOnMultiplier * state.uncertaintyShare * Math.abs(notional);
}

export function feedLiquidationsFrozen(state: FeedState): boolean {
  return state.status === 'halted';
}
