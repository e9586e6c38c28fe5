import { holdsValue, type RiskPlan, valueInstrument } from '../engine/index.js';
import type { Holding } from './context.js';

/**
 * Mark of `quantity` contracts of instrument i worth `value` per unit: q·m·value for spot and
 * options, the unsettled variation margin q·m·(value − settled) for futures and perpetuals.
 */
export function positionMark(plan: RiskPlan, i: number, quantity: number, value: number, settled: number): number {
  const m = quantity * plan.multiplier[i];
  return holdsValue(plan, i) ? m * value : m * (value - settled);
}

/** Mark-to-market of one position today: q·m·price for spot and options, 0 for futures and perpetuals. */
export function positionValue(plan: RiskPlan, holding: Holding): number {
  const i = holding.instrument;
  return holdsValue(plan, i) ? holding.quantity * plan.multiplier[i] * plan.basePrice[i] : 0;
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
