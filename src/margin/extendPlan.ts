import { planRisk, type RiskPlan } from '../engine/index.js';
import { InputError } from '../model/errors.js';
import type { Market, RiskParams } from '../model/schemas.js';
import type { InputSources } from './context.js';

/** The RiskPlan fields that hold one entry per instrument: what appending an instrument extends. */
const INSTRUMENT_FIELDS = [
  'instrumentIds',
  'instrumentKinds',
  'payoff',
  'settlement',
  'underlyingIndex',
  'multiplier',
  'strike',
  'expiryYears',
  'carryYears',
  'forwardDrift',
  'discountRate',
  'impliedVol',
  'volTermWeight',
  'basePrice',
] as const satisfies readonly (keyof RiskPlan)[];

/**
 * The plan with instruments `ids` (listed in `market`, not yet in the plan) appended, on the
 * same factors: the new instruments are resolved by planRisk itself (a one-account plan that
 * holds them), so they carry exactly the fields a full rerun would give them. An instrument on
 * an underlying the plan has no factor for cannot join the cached scenarios: that is refused,
 * naming the trade, since only a rerun with the trade in the book can price it.
 * Returns the extended plan and the slice view (same factors, only the new instruments) to
 * revalue them with.
 */
export function appendInstruments(
  plan: RiskPlan,
  ids: readonly string[],
  market: Market,
  params: RiskParams,
  sources: InputSources,
  describe: (id: string) => { source: string; field: string },
): { plan: RiskPlan; added: RiskPlan } {
  for (const id of ids) {
    if (!market.instruments.some((spec) => spec.id === id)) {
      const at = describe(id);
      throw new InputError(at.source, at.field, id, 'unknown instrument: not listed in the market');
    }
  }
  const holder = { accounts: [{ id: 'what-if', balances: {}, positions: ids.map((instrument) => ({ instrument, quantity: 1 })) }] };
  const mini = planRisk(market, holder, params, sources);
  const underlyingIndex = Uint32Array.from(mini.underlyingIndex, (k, j) => {
    const u = plan.underlyings.indexOf(mini.underlyings[k]);
    if (u < 0) {
      const at = describe(mini.instrumentIds[j]);
      throw new InputError(at.source, at.field, mini.instrumentIds[j], `its underlying ${mini.underlyings[k]} is not in the cached scenarios: add the trade to the book and rerun`);
    }
    return u;
  });
  const added: RiskPlan = { ...plan, ...Object.fromEntries(INSTRUMENT_FIELDS.map((f) => [f, mini[f]])), underlyingIndex };
  const extended: RiskPlan = { ...plan };
  for (const field of INSTRUMENT_FIELDS) (extended as unknown as Record<string, unknown>)[field] = concat(plan[field], added[field]);
  return { plan: extended, added };
}

function concat(a: unknown, b: unknown): unknown {
  if (Array.isArray(a)) return [...a, ...(b as unknown[])];
  const typed = a as Float64Array;
  const out = new (typed.constructor as Float64ArrayConstructor)(typed.length + (b as Float64Array).length);
  out.set(typed);
  out.set(b as Float64Array, typed.length);
  return out;
}
