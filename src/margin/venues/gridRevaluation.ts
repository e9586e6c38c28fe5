import { PayoffCode, type RiskPlan, valueInstrument } from '../../engine/index.js';
import type { Holding } from '../context.js';

/**
 * The one grid-revaluation helper the venue margin models share. A venue model is a
 * deterministic grid of instantaneous shocks (a relative move of the underlying's price and,
 * per option, a multiplier of its implied vol); every grid point is valued with the engine's
 * one valuation formula, so a venue column and our Monte Carlo column can differ only by
 * their methodology, never by their pricing.
 */

/**
 * Value of one unit of instrument i (before its multiplier), in USD, at spot `spot`, its
 * implied vol × `volMultiplier`, `elapsedYears` after valuation. The default is the engine's
 * `valueInstrument` (linear, USD-settled contracts). Why a parameter: a coin-settled (inverse)
 * contract's USD value under the same shock slots in here without touching the venue models.
 */
export type UnitValuation = (plan: RiskPlan, i: number, spot: number, volMultiplier: number, elapsedYears: number) => number;

/** One point of a venue grid: the underlying's price × (1 + spotMove), each option's vol × volMultiplier(i). */
export interface GridShock {
  spotMove: number;
  volMultiplier: (i: number) => number;
}

export interface GridValuationOptions {
  valuation?: UnitValuation;
  /**
   * Per instrument, the time at which the venue values it, as years after valuation. 0 (the
   * default) values at today's time to expiry; a venue with another day count (Derive's
   * 365-day year) shifts it so the option is priced at the venue's own time to expiry.
   */
  elapsedYears?: (i: number) => number;
}

/** Today, as a grid point: no move, vols as marked. */
export const UNSHOCKED: GridShock = { spotMove: 0, volMultiplier: () => 1 };

export function isOptionInstrument(plan: RiskPlan, i: number): boolean {
  return plan.payoff[i] !== PayoffCode.linear;
}

/** Unit value of instrument i under a shock (see UnitValuation). */
export function unitValueUnder(plan: RiskPlan, i: number, shock: GridShock, options: GridValuationOptions = {}): number {
  const valuation = options.valuation ?? valueInstrument;
  const spot = plan.spot[plan.underlyingIndex[i]] * (1 + shock.spotMove);
  const volMultiplier = isOptionInstrument(plan, i) ? shock.volMultiplier(i) : 1;
  return valuation(plan, i, spot, volMultiplier, options.elapsedYears?.(i) ?? 0);
}

/** Σ q·m·V(shock): what the holdings are worth at the grid point. */
export function holdingsValue(plan: RiskPlan, holdings: readonly Holding[], shock: GridShock, options: GridValuationOptions = {}): number {
  let sum = 0;
  for (const { instrument, quantity } of holdings) sum += quantity * plan.multiplier[instrument] * unitValueUnder(plan, instrument, shock, options);
  return sum;
}

/** Σ q·m·(V(shock) − V(today)): the holdings' P&L at the grid point, today valued the same way. */
export function holdingsPnl(plan: RiskPlan, holdings: readonly Holding[], shock: GridShock, options: GridValuationOptions = {}): number {
  return holdingsValue(plan, holdings, shock, options) - holdingsValue(plan, holdings, UNSHOCKED, options);
}

/**
 * The forward the venue shocks for instrument i: spot carried over the time left after
 * `elapsedYears` (the future's expiry for futures and options on futures, the option's expiry
 * for options on spot, 0 for spot and perpetuals), as the engine's valuation carries it.
 */
export function forwardOf(plan: RiskPlan, i: number, elapsedYears = 0): number {
  const u = plan.underlyingIndex[i];
  return plan.spot[u] * Math.exp((plan.rate - plan.carry[u]) * Math.max(plan.carryYears[i] - elapsedYears, 0));
}

/**
 * The account's holdings per underlying (plan underlying index → holdings), in the order the
 * plan lists the underlyings: every venue model here margins one underlying at a time.
 */
export function holdingsByUnderlying(plan: RiskPlan, holdings: readonly Holding[]): Map<number, Holding[]> {
  const groups = new Map<number, Holding[]>();
  for (const holding of holdings) {
    if (holding.quantity === 0) continue;
    const u = plan.underlyingIndex[holding.instrument];
    const group = groups.get(u);
    if (group) group.push(holding);
    else groups.set(u, [holding]);
  }
  return new Map([...groups].sort(([a], [b]) => a - b));
}

/** Relative move as a label: 0.16 → "+16%", −0.045 → "-4.5%". */
export function formatMove(move: number): string {
  const percent = Math.round(move * 1e6) / 1e4;
  return `${percent > 0 ? '+' : ''}${percent}%`;
}
