import { isInverse } from '../engine/index.js';
import type { Holding, MarginContext } from './context.js';
import type { MarginModelName } from './marginModels.js';
import { positionValue } from './markToMarket.js';

/**
 * An account's figures in a coin it holds inverse (coin-settled) contracts in, as a
 * coin-margined venue shows them: every USD figure over today's index. The USD figures already
 * count the coin's own fall in the scenarios (the coin collateral moves with the positions), so
 * the coin margin is the number of coins that covers the USD requirement today.
 */
export interface CoinFigures {
  asset: string;
  /** Today's index, USD per coin. */
  index: number;
  /** The mark of the account's inverse positions on this coin, in coin (options at V/S; futures 0). */
  inversePositionsValue: number;
  equity: number;
  freeCollateral: number;
  /** Initial and maintenance margin of every model computed (the engine's three, and venue models asked for), in coin. */
  margin: Partial<Record<MarginModelName, { initial: number; maintenance: number }>>;
}

export interface UsdFigures {
  equity: number;
  freeCollateral: number;
  margin: Partial<Record<MarginModelName, { initial: number; maintenance: number }>>;
}

/** Coin figures for each coin the account's inverse positions settle in (none: an empty list). */
export function coinFigures(ctx: MarginContext, positions: readonly Holding[], usd: UsdFigures): CoinFigures[] {
  const { plan } = ctx;
  const byCoin = new Map<number, number>();
  for (const holding of positions) {
    if (!isInverse(plan, holding.instrument)) continue;
    const u = plan.underlyingIndex[holding.instrument];
    byCoin.set(u, (byCoin.get(u) ?? 0) + positionValue(plan, holding));
  }
  return [...byCoin].map(([u, value]) => {
    const index = plan.spot[u];
    return {
      asset: plan.underlyings[u],
      index,
      inversePositionsValue: value / index,
      equity: usd.equity / index,
      freeCollateral: usd.freeCollateral / index,
      margin: Object.fromEntries(
        Object.entries(usd.margin).map(([m, figures]) => [m, { initial: figures!.initial / index, maintenance: figures!.maintenance / index }]),
      ),
    };
  });
}
