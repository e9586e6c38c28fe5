/**
 * PriceOracle: one FeedState per asset, the parameters validated once. A thin stateful wrapper
 * over the pure functions in feed.ts and marginPrice.ts; every update replaces the asset's
 * state with a new object (states handed out are never mutated afterwards).
 */
import { feedAddOn, feedLiquidationsFrozen, feedMarginPrice } from './marginPrice.js';
import { initialFeedState, updateFeed } from './feed.js';
import { parseOracleParams } from './params.js';
import type { FeedState, FeedStatus, OracleParams, PriceObservation } from './types.js';

export class PriceOracle {
  readonly params: Readonly<OracleParams>;
  private readonly feeds = new Map<string, FeedState>();

  /** Throws InputErrors naming each bad parameter; RangeError for a non-positive initial price. */
  constructor(assets: Record<string, number>, now: number, params: Partial<OracleParams> = {}) {
    this.params = Object.freeze(parseOracleParams(params));
    for (const [asset, price] of Object.entries(assets)) this.feeds.set(asset, initialFeedState(asset, price, now));
  }

  /** Aggregates this update's observations for `asset` and returns (and stores) its new state. */
  update(asset: string, observations: readonly PriceObservation[], now: number): FeedState {
    const next = updateFeed(this.feed(asset), observations, now, this.params);
    this.feeds.set(asset, next);
    return next;
  }

  feed(asset: string): FeedState {
    const state = this.feeds.get(asset);
    if (state === undefined) throw new RangeError(`PriceOracle: unknown asset '${asset}' (known: ${this.assets().join(', ')})`);
    return state;
  }

  assets(): string[] {
    return [...this.feeds.keys()];
  }

  status(asset: string): FeedStatus {
    return this.feed(asset).status;
  }

  /** ok/degraded → mark; halted → lastValidIndex × (1 − exposureSign × haltedPriceBuffer). */
  marginPrice(asset: string, exposureSign: 1 | -1): number {
    return feedMarginPrice(this.feed(asset), exposureSign, this.params);
  }

  /** ok → 0; degraded/halted → degradedAddOnMultiplier × uncertaintyShare × |notional| (USD). */
  addOn(asset: string, notional: number): number {
    return feedAddOn(this.feed(asset), notional, this.params);
  }

  liquidationsFrozen(asset: string): boolean {
    return feedLiquidationsFrozen(this.feed(asset));
  }

  snapshot(): Record<string, FeedState> {
    return Object.fromEntries(this.feeds);
  }
}
