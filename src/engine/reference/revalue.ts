import type { RiskPlan } from '../plan.js';
import { valueInstrument } from './valuation.js';

/**
 * Full revaluation: P&L per contract (multiplier included) of every plan instrument in every
 * scenario, from a block of moves (count × factorCount). `out` is instrument-major
 * (instrumentCount × count), the InstrumentPnlBlock that aggregation and what-if read: an
 * instrument's P&L over consecutive scenarios is contiguous, as on the GPU.
 * Options see their vol scaled by exp(vol move × term weight) and time advanced by the horizon.
 */
export function revalueInstruments(plan: RiskPlan, moves: Float64Array, count: number, out: Float64Array): void {
  const f = plan.factorCount;
  const n = plan.instrumentIds.length;
  const u = plan.underlyings.length;
  const shockedSpot = new Float64Array(u);
  for (let s = 0; s < count; s++) {
    for (let k = 0; k < u; k++) shockedSpot[k] = plan.spot[k] * Math.exp(moves[s * f + 2 * k]);
    for (let i = 0; i < n; i++) {
      const k = plan.underlyingIndex[i];
      const weight = plan.volTermWeight[i];
      const volMultiplier = weight === 0 ? 1 : Math.exp(moves[s * f + 2 * k + 1] * weight);
      const price = valueInstrument(plan, i, shockedSpot[k], volMultiplier, plan.horizonYears);
      out[i * count + s] = plan.multiplier[i] * (price - plan.basePrice[i]);
    }
  }
}
