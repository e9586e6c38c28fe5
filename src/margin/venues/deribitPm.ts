import { DAYS_PER_YEAR } from '../../model/time.js';
import type { RiskPlan } from '../../engine/index.js';
import type { Holding, MarginContext } from '../context.js';
import {
  type DeribitPairParams,
  type DeribitPmParams,
  DERIBIT_DTE_FLOOR_DAYS,
  DERIBIT_VEGA_POWER_BOUNDARY_DAYS,
  resolveDeribitPmParams,
} from './deribitPmParams.js';
import { formatMove, type GridShock, holdingsByUnderlying, holdingsValue, isOptionInstrument, UNSHOCKED } from './gridRevaluation.js';

/**
 * Deribit's portfolio margin (sources and parameter values in deribitPmParams.ts), per
 * underlying (Deribit's currency pair):
 *
 *   risk matrix  standard table: 2·B + 1 spot moves over ±price range × vol up, same, down;
 *                extended table: the extended moves with vol up, options revalued at the move,
 *                futures, perpetuals and spot at the edge of the price range (as [D2]'s worked
 *                risk vectors show: a perpetual's extended entries repeat its ±16% values);
 *                the P&L × factor × price range / |move| ([D4]), a loss less the dampener;
 *   worst loss   the largest loss of either table, ≥ 0;
 *   initial      worst loss + roll shock (futures, perpetuals) + options contingency;
 *   maintenance  mm_factor × initial ([D2]: 0.125969249812 = 0.8 × 0.157461562265).
 *
 * Shocks are instantaneous (no time passes), on the engine's valuation of linear (USD-settled)
 * contracts; a coin-settled contract's USD valuation slots into gridRevaluation.ts.
 * Not modelled: the delta shock (its formula is not published; [D2] lists max_delta_shock 0.1
 * above a 20 M USD delta threshold and reports 0 below it), the cross-currency aggregation of
 * X:PM (pnl_offset, correlation contingency): every underlying is margined alone, as S:PM does
 * per settlement currency, and the account's margin is the sum.
 */

export interface DeribitPmUnderlying {
  /** Largest loss over the standard and the (dampened) extended table, ≥ 0, USD. */
  worstLoss: number;
  /** The grid point of that loss, e.g. "-16% vol up" or "extended +500%" ("none": no loss anywhere). */
  worstScenario: string;
  rollShock: number;
  optionContingency: number;
  initial: number;
}

export interface DeribitPmMargin {
  initial: number;
  maintenance: number;
  underlyings: Record<string, DeribitPmUnderlying>;
}

type VolScenario = 'up' | 'same' | 'down';
const VOL_SCENARIOS: readonly VolScenario[] = ['up', 'same', 'down'];

/**
 * Implied-vol multiplier of an option with `days` to expiry and implied vol `vol` in a vol
 * scenario: vol × (1 ± range × (30 / days)^power), the power short-term under 30 days.
 * Vol up is valued at minVolForShockUp at least (our reading of min_volatility_for_shock_up,
 * as Derive documents its minVolShockUp); vol down never below 0.
 */
export function deribitVolMultiplier(pair: DeribitPairParams, days: number, vol: number, scenario: VolScenario): number {
  if (scenario === 'same') return 1;
  const power = days < DERIBIT_VEGA_POWER_BOUNDARY_DAYS ? pair.shortTermVegaPower : pair.longTermVegaPower;
  const weight = (DERIBIT_VEGA_POWER_BOUNDARY_DAYS / Math.max(days, DERIBIT_DTE_FLOOR_DAYS)) ** power;
  if (scenario === 'down') return Math.max(0, 1 - pair.volRangeDown * weight);
  return Math.max(1 + pair.volRangeUp * weight, pair.minVolForShockUp / vol);
}

/** The standard table's spot moves: −range … +range in 2·B even steps, 0 included. */
export function deribitStandardMoves(pair: DeribitPairParams): number[] {
  const moves: number[] = [];
  for (let j = -pair.bucketsPerSide; j <= pair.bucketsPerSide; j++) moves.push((pair.priceRange * j) / pair.bucketsPerSide);
  return moves;
}

/** Roll shock of one future or perpetual: |notional| × max(annualised move risk × years to expiry, minimum). */
export function deribitRollShock(absNotional: number, yearsToExpiry: number, params: Pick<DeribitPmParams, 'annualisedMoveRisk' | 'minAnnualisedMove'>): number {
  return absNotional * Math.max(params.annualisedMoveRisk * yearsToExpiry, params.minAnnualisedMove);
}

/**
 * An extended-table P&L as it counts: a loss × its fraction (factor × price range / |move|),
 * less the dampener (USD), ≥ 0; a gain counts 0 ([D2]: the aggregated extended vector is 0
 * where the per-instrument vectors gain).
 */
export function dampenedExtendedLoss(pnl: number, move: number, pair: Pick<DeribitPairParams, 'priceRange' | 'extendedTableFactor'>, dampener: number): number {
  const fraction = (pair.extendedTableFactor * pair.priceRange) / Math.abs(move);
  return Math.max(0, -fraction * pnl - dampener);
}

function shock(plan: RiskPlan, pair: DeribitPairParams, spotMove: number, scenario: VolScenario): GridShock {
  return { spotMove, volMultiplier: (i) => deribitVolMultiplier(pair, plan.expiryYears[i] * DAYS_PER_YEAR, plan.impliedVol[i], scenario) };
}

/**
 * The two shocks of an extended move: options at the move with vol up, linear holdings
 * (futures, perpetuals, spot) at the edge of the price range with vol unchanged.
 */
export function deribitExtendedShocks(plan: RiskPlan, pair: DeribitPairParams, move: number): { options: GridShock; linear: GridShock } {
  const edge = Math.sign(move) * Math.min(Math.abs(move), pair.priceRange);
  return { options: shock(plan, pair, move, 'up'), linear: shock(plan, pair, edge, 'same') };
}

/**
 * P&L of the holdings with options and linear holdings each at its own shock, against today's
 * values computed once (every grid point of the account reuses them).
 */
function splitPnl(plan: RiskPlan, holdings: readonly Holding[]): (options: GridShock, linear: GridShock) => number {
  const options = holdings.filter((h) => isOptionInstrument(plan, h.instrument));
  const linear = holdings.filter((h) => !isOptionInstrument(plan, h.instrument));
  const optionsToday = holdingsValue(plan, options, UNSHOCKED);
  const linearToday = holdingsValue(plan, linear, UNSHOCKED);
  return (optionsShock, linearShock) =>
    (options.length > 0 ? holdingsValue(plan, options, optionsShock) - optionsToday : 0) +
    (linear.length > 0 ? holdingsValue(plan, linear, linearShock) - linearToday : 0);
}

/** The extended table's P&L at one move, before its fraction and the dampener. */
export function deribitExtendedPnl(plan: RiskPlan, holdings: readonly Holding[], pair: DeribitPairParams, move: number): number {
  const shocks = deribitExtendedShocks(plan, pair, move);
  return splitPnl(plan, holdings)(shocks.options, shocks.linear);
}

/** Worst loss over both tables for one underlying's holdings, and where it happens. */
export function deribitWorstLoss(
  plan: RiskPlan,
  holdings: readonly Holding[],
  pair: DeribitPairParams,
  extended: Pick<DeribitPmParams, 'extendedMoves' | 'extendedDampener'>,
): { loss: number; scenario: string } {
  let worst = { loss: 0, scenario: 'none' };
  const consider = (loss: number, scenario: string) => {
    if (loss > worst.loss) worst = { loss, scenario };
  };
  const pnl = splitPnl(plan, holdings);
  for (const move of deribitStandardMoves(pair)) {
    for (const scenario of VOL_SCENARIOS) {
      const at = shock(plan, pair, move, scenario);
      consider(-pnl(at, at), `${formatMove(move)} vol ${scenario}`);
    }
  }
  for (const move of extended.extendedMoves) {
    const shocks = deribitExtendedShocks(plan, pair, move);
    consider(dampenedExtendedLoss(pnl(shocks.options, shocks.linear), move, pair, extended.extendedDampener), `extended ${formatMove(move)}`);
  }
  return worst;
}

/** Options contingency: per (expiry, strike), net short contracts × multiplier × share × spot. */
export function deribitOptionContingency(plan: RiskPlan, holdings: readonly Holding[], share: number): number {
  const net = new Map<string, number>();
  for (const { instrument, quantity } of holdings) {
    if (!isOptionInstrument(plan, instrument)) continue;
    const key = `${plan.expiryYears[instrument]}|${plan.strike[instrument]}`;
    net.set(key, (net.get(key) ?? 0) + quantity * plan.multiplier[instrument]);
  }
  let short = 0;
  for (const units of net.values()) short += Math.max(0, -units);
  const spot = holdings.length > 0 ? plan.spot[plan.underlyingIndex[holdings[0].instrument]] : 0;
  return short * share * spot;
}

/** Roll shocks of the futures and perpetuals among the holdings (spot and options have none). */
function rollShocks(plan: RiskPlan, holdings: readonly Holding[], params: DeribitPmParams): number {
  let sum = 0;
  for (const { instrument, quantity } of holdings) {
    const kind = plan.instrumentKinds[instrument];
    if (kind !== 'future' && kind !== 'perpetual') continue;
    sum += deribitRollShock(Math.abs(quantity * plan.multiplier[instrument] * plan.basePrice[instrument]), plan.expiryYears[instrument], params);
  }
  return sum;
}

/** Deribit PM of one account's positions. */
export function deribitPmMargin(ctx: MarginContext, positions: readonly Holding[]): DeribitPmMargin {
  const { plan } = ctx;
  const params = resolveDeribitPmParams(plan.underlyings, ctx.params.deribitPm);
  const underlyings: Record<string, DeribitPmUnderlying> = {};
  let initial = 0;
  for (const [u, holdings] of holdingsByUnderlying(plan, positions)) {
    const name = plan.underlyings[u];
    const worst = deribitWorstLoss(plan, holdings, params.pairs[name], params);
    const rollShock = rollShocks(plan, holdings, params);
    const optionContingency = deribitOptionContingency(plan, holdings, params.optionContingency);
    const total = worst.loss + rollShock + optionContingency;
    underlyings[name] = { worstLoss: worst.loss, worstScenario: worst.scenario, rollShock, optionContingency, initial: total };
    initial += total;
  }
  return { initial, maintenance: params.maintenanceFactor * initial, underlyings };
}
