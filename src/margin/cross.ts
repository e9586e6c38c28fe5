import type { Holding, MarginContext } from './context.js';
import type { RuleMargin } from './isolated.js';
import { isOption, linearNotional, linearRate, optionCharge } from './rateSchedule.js';

/**
 * Cross margin: one collateral pool for the account; linear positions (spot, perpetuals,
 * futures) netted per underlying, options charged by the isolated rules.
 *
 * Per underlying u the charge is |Σ n_p| · r̄_u, with n_p the signed notionals and r̄_u their
 * gross-notional-weighted rate Σ r_p|n_p| / Σ |n_p|. With one rate this is rate × |net
 * notional|; with mixed rates it stays ≤ the isolated Σ r_p|n_p| (triangle inequality), so
 * cross never charges more than isolated.
 */
export function crossMargin(ctx: MarginContext, positions: readonly Holding[], collateralCharge: number): RuleMargin {
  const net = new Map<number, { net: number; gross: number; rated: number }>();
  let initial = collateralCharge;
  for (const { instrument, quantity } of positions) {
    if (isOption(ctx, instrument)) {
      initial += optionCharge(ctx, instrument, quantity);
      continue;
    }
    const u = ctx.plan.underlyingIndex[instrument];
    const n = linearNotional(ctx, instrument, quantity);
    const entry = net.get(u) ?? { net: 0, gross: 0, rated: 0 };
    entry.net += n;
    entry.gross += Math.abs(n);
    entry.rated += linearRate(ctx, instrument) * Math.abs(n);
    net.set(u, entry);
  }
  for (const entry of net.values()) {
    if (entry.gross > 0) initial += (Math.abs(entry.net) * entry.rated) / entry.gross;
  }
  return { initial, maintenance: ctx.params.cross.maintenanceRatio * initial, collateralCharge };
}
