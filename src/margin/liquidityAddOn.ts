import type { Holding, MarginContext } from './context.js';
import { liquidationCostShare } from './marketImpact.js';

export interface LiquidityAddOn {
  total: number;
  /** Per underlying: net delta exposure in USD and its closing cost. */
  byUnderlying: Record<string, { exposure: number; cost: number }>;
}

/**
 * Liquidity and concentration add-on of portfolio margin: what closing the account's net
 * exposure costs beyond the mid. Per underlying, the net delta exposure X = |Σ q·Δ|·S in USD
 * (a hedged book has little to unwind; a large one-way book pays more than in proportion) is
 * charged X·(spread/2 + Y·σ_daily·√(X / daily volume)). `vols` are the annual vols per plan
 * underlying (the scenario vols, or the stressed ones for the floor).
 */
export function liquidityAddOn(ctx: MarginContext, positions: readonly Holding[], vols: Float64Array = ctx.underlyingVol): LiquidityAddOn {
  const { plan } = ctx;
  const delta = new Map<number, number>();
  for (const { instrument, quantity } of positions) {
    const u = plan.underlyingIndex[instrument];
    delta.set(u, (delta.get(u) ?? 0) + quantity * ctx.deltaPerContract[instrument]);
  }
  let total = 0;
  const byUnderlying: LiquidityAddOn['byUnderlying'] = {};
  for (const [u, d] of delta) {
    const exposure = Math.abs(d) * plan.spot[u];
    const cost = exposure * liquidationCostShare(exposure, ctx.underlyingLiquidity[u], vols[u], ctx.params.portfolio.impactCoefficient);
    byUnderlying[plan.underlyings[u]] = { exposure, cost };
    total += cost;
  }
  return { total, byUnderlying };
}
