import type { RiskPlan } from '../plan.js';

/**
 * Stress scenarios as moves, the same block on every backend: every underlying's spot and vol
 * moved by ln(1 + move). Revaluation treats them as any scenario's moves: it scales the vol
 * move by each option's term weight (vol × (1 + move)^w) and advances time by the horizon.
 */
export function stressMoves(plan: RiskPlan): Float64Array {
  const f = plan.factorCount;
  const out = new Float64Array(plan.stress.length * f);
  plan.stress.forEach((scenario, row) => {
    for (let u = 0; u < plan.underlyings.length; u++) {
      out[row * f + 2 * u] = Math.log1p(scenario.spotMove);
      out[row * f + 2 * u + 1] = Math.log1p(scenario.volMove);
    }
  });
  return out;
}
