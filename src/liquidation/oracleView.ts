import { PriceOracle } from '../oracle/oracle.js';
import type { OracleReplay } from '../oracle/replays.js';
import type { FeedStatus, OracleParams, PriceObservation } from '../oracle/types.js';

/**
 * What a cascade needs from the venue's price oracle (src/oracle/): feed it each step's
 * market prices, read back the price margin uses, the feed's status, the degraded add-on and
 * whether liquidations on the asset are frozen.
 */
export interface CascadeOracle {
  /** Called once per step, before health is computed, with the market prices (after impact). */
  observe(step: number, market: Readonly<Record<string, number>>, nowMs: number): void;
  /** The price margin uses; exposureSign +1 long, −1 short (halted: moved against the holder), 0: the mark. */
  price(asset: string, exposureSign: number): number;
  status(asset: string): FeedStatus;
  /** Degraded or halted feed: an add-on on the exposure's notional (USD). */
  addOn(asset: string, notional: number): number;
  /** Liquidations on accounts exposed to this asset must wait (halted feed). */
  frozen(asset: string): boolean;
}

/** An oracle failure replay laid onto one asset of the book (prices scaled to its price today). */
export interface ReplayOnAsset {
  replay: OracleReplay;
  asset: string;
}

export interface VenueOracleOptions {
  params?: Partial<OracleParams>;
  /** Honest sources per asset (default 5). */
  sources?: number;
  /** The oracle is updated at least this often (ms) between steps, on prices interpolated geometrically (default 5 min). */
  updateEveryMs?: number;
  replay?: ReplayOnAsset;
}

/**
 * The venue's PriceOracle fed by honest sources that print the market price (± 0.05%
 * confidence) at every update, and, for one asset, optionally by a failure replay's sources
 * instead. Between two steps the oracle is updated every `updateEveryMs` on prices interpolated
 * geometrically from the last step's to this step's, so a daily replay step does not reach the
 * oracle as one jump (which its TWAP guard would halt). The oracle lags by construction: its
 * mark is an EMA of the index, within ±1% of it (src/oracle defaults).
 */
export function venueOracle(today: Readonly<Record<string, number>>, startMs: number, options: VenueOracleOptions = {}): CascadeOracle {
  const oracle = new PriceOracle({ ...today }, startMs, options.params ?? {});
  const sources = Array.from({ length: options.sources ?? 5 }, (_, j) => `venue-${j + 1}`);
  const every = options.updateEveryMs ?? 5 * 60_000;
  const replay = options.replay;
  const scale = replay ? today[replay.asset] / replay.replay.initialPrice : 1;
  let lastMs = startMs;
  let last: Record<string, number> = { ...today };
  const feed = (asset: string, price: number, time: number) => {
    const observations: PriceObservation[] =
      replay && asset === replay.asset
        ? replay.replay.observationsAt(time).map((o) => ({ ...o, price: o.price * scale, confidence: o.confidence * scale }))
        : sources.map((source) => ({ source, price, timestamp: time, confidence: price * 0.0005 }));
    oracle.update(asset, observations, time);
  };
  return {
    observe(_step, market, nowMs) {
      const n = Math.max(1, Math.ceil((nowMs - lastMs) / every));
      for (let k = 1; k <= n; k++) {
        const time = nowMs > lastMs ? lastMs + ((nowMs - lastMs) * k) / n : nowMs;
        for (const [asset, price] of Object.entries(market)) feed(asset, last[asset] * (price / last[asset]) ** (k / n), time);
      }
      lastMs = nowMs;
      last = { ...market };
    },
    price(asset, sign) {
      if (sign === 1 || sign === -1) return oracle.marginPrice(asset, sign);
      const state = oracle.feed(asset);
      return state.status === 'halted' ? state.lastValidIndex : state.mark;
    },
    status: (asset) => oracle.status(asset),
    addOn: (asset, notional) => oracle.addOn(asset, notional),
    frozen: (asset) => oracle.liquidationsFrozen(asset),
  };
}
