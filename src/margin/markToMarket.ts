import { positionMark, type RiskPlan, valueInstrument } from '../engine/index.js';
import type { Holding } from './context.js';

/** Mark-to-market of one position today: q·m·price for spot and options, 0 for futures and perpetuals. */
export function positionValue(plan: RiskPlan, holding: Holding): number {
  const i = holding.instrument;
  return positionMark(plan, i, holding.quantity, plan.basePrice[i], plan.basePrice[i]);
}

/**
 * Mark-to-market of one position with its underlying's spot at `spot` (vol and time unchanged):
 * the value for spot and options, the variation margin q·m·(V(spot) − V(today)) for futures
 * and perpetuals. Uses the engine's one valuation formula.
 */
export function positionValueAt(plan: RiskPlan, holding: Holding, spot: number): number {
  const i = holding.instrument;
  return positionMark(plan, i, holding.quantity, valueInstrument(plan, i, spot, 1, 0), plan.basePrice[i]);
}

export function positionsValue(plan: RiskPlan, positions: readonly Holding[]): number {
  let sum = 0;
  for (const holding of positions) sum += positionValue(plan, holding);
  return sum;
}
