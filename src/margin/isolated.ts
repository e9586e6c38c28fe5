import type { Holding, MarginContext } from './context.js';
import { positionCharge } from './rateSchedule.js';

export interface RuleMargin {
  initial: number;
  maintenance: number;
  /** Part of initial that charges collateral price risk (unified mode; see collateral.ts). */
  collateralCharge: number;
}

/**
 * Isolated margin: every position charged alone by the rate schedule, no offsets between
 * positions, plus (unified mode) the collateral's price-risk charge. The baseline users
 * migrate from: a hedge costs as much margin as the position it hedges.
 */
export function isolatedMargin(ctx: MarginContext, positions: readonly Holding[], collateralCharge: number): RuleMargin {
  let initial = collateralCharge;
  for (const { instrument, quantity } of positions) initial += positionCharge(ctx, instrument, quantity);
  return { initial, maintenance: ctx.params.isolated.maintenanceRatio * initial, collateralCharge };
}
