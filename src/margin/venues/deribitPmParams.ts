import type { DeribitPmParamsInput } from '../../model/schemas.js';

/**
 * Deribit's portfolio margin (PM) parameters, as published. Sources (read 2026-11-30):
 *
 * [D1] Deribit Support, "Portfolio Margin",
 *      https://support.deribit.com/hc/en-us/articles/25944756247837-Portfolio-Margin
 *      (undated, "Updated"): the price range (e.g. ±16%) cut into 9 evenly spaced buckets with a
 *      bucket at zero; vol up, same and down in every bucket; the extended table (moves −66%,
 *      −33%, +50%, +100%, +200%, +300%, +400%, +500%, vol up only, a fraction of the simulated
 *      P&L, a dampener), "primarily meant to account for large short options positions that are
 *      far out of the money".
 * [D2] Deribit API v2.1.1, private/pme/simulate,
 *      https://docs.deribit.com/api-reference/account-management/private-simulate: the response
 *      example's model_params (timestamp 1718619740501 = 2024-06-17 10:22 UTC), the values
 *      below, and its worked numbers (risk vectors, roll shock, margins), which the tests
 *      reproduce.
 * [D3] Deribit, "Portfolio Margin" (the earlier methodology page),
 *      https://www.deribit.com/pages/docs/portfoliomargin: the options contingency, "0.01 BTC
 *      per option for all net short options per strike", with its example.
 * [D4] Paradex docs, "Portfolio Margin", https://docs.paradex.trade/risk/portfolio-margin: a
 *      scan built on Deribit's grid (±16% in 4% steps, the same eight extended moves) that
 *      publishes the extended moves' weights, 24%, 48%, 32%, 16%, 8%, 5.33%, 4%, 3.2%: exactly
 *      16% / |move|. [D1] says only that "a fraction of simulated P&L" counts; we take that
 *      fraction to be price range / |move| (× extended_table_factor, 1 in [D2]), the scaling
 *      [D4] publishes and Derive's tail dampening follows (0.135 / |move|, rounded up). Our
 *      reading, not Deribit's word: without it a +500% move would charge a short call five
 *      times its notional.
 */

/** Per currency pair ([D2] model_params.currency_pair.btc_usd). */
export interface DeribitPairParams {
  /** Largest spot move of the standard table (price_range). */
  priceRange: number;
  /** Buckets on each side of zero (buckets_count): 4 → 9 buckets over ±priceRange. */
  bucketsPerSide: number;
  /** Relative implied-vol rise at 30 days to expiry (volatility_range_up). */
  volRangeUp: number;
  /** Relative implied-vol fall at 30 days to expiry (volatility_range_down). */
  volRangeDown: number;
  /** Power of 30/days for expiries under 30 days (short_term_vega_power). */
  shortTermVegaPower: number;
  /** Power of 30/days for expiries from 30 days (long_term_vega_power). */
  longTermVegaPower: number;
  /** Least implied vol of the vol-up scenarios (min_volatility_for_shock_up). */
  minVolForShockUp: number;
  /** Scales the extended table's P&L on top of its fraction price range / |move| (extended_table_factor). */
  extendedTableFactor: number;
}

export interface DeribitPmParams {
  /** Per plan underlying name. */
  pairs: Record<string, DeribitPairParams>;
  /** Roll shock per future and perpetual: |notional| × max(annualisedMoveRisk × years, minAnnualisedMove). */
  annualisedMoveRisk: number;
  minAnnualisedMove: number;
  /** USD taken off every extended-table loss (extended_dampener). */
  extendedDampener: number;
  /** Extended-table spot moves, all with vol up ([D1]). */
  extendedMoves: readonly number[];
  /** Options contingency: share of the underlying per net short option contract per strike ([D3]). */
  optionContingency: number;
  /** Maintenance margin / initial margin (mm_factor). */
  maintenanceFactor: number;
}

export const DERIBIT_PAIR_DEFAULTS: Readonly<DeribitPairParams> = Object.freeze({
  priceRange: 0.16,
  bucketsPerSide: 4,
  volRangeUp: 0.5,
  volRangeDown: 0.25,
  shortTermVegaPower: 0.3,
  longTermVegaPower: 0.13,
  minVolForShockUp: 0.5,
  extendedTableFactor: 1,
});

/**
 * Linear contracts settle in USDC: the currency parameters are those [D2] lists for `usd`
 * (annualised_move_risk 0.1, min_annualised_move 0.01, extended_dampener 25,000), not the
 * coin currencies' (btc: 0.075, 0.01, 100,000), which apply to coin-settled contracts.
 */
export const DERIBIT_USD_ANNUALISED_MOVE_RISK = 0.1;
export const DERIBIT_USD_MIN_ANNUALISED_MOVE = 0.01;
export const DERIBIT_USD_EXTENDED_DAMPENER = 25_000;
export const DERIBIT_EXTENDED_MOVES: readonly number[] = Object.freeze([-0.66, -0.33, 0.5, 1, 2, 3, 4, 5]);
export const DERIBIT_OPTION_CONTINGENCY = 0.01;
export const DERIBIT_MM_FACTOR = 0.8;
/** Vega power boundary: expiries under this many days take the short-term power ([D2]'s names). */
export const DERIBIT_VEGA_POWER_BOUNDARY_DAYS = 30;
/**
 * Floor of the days to expiry in 30/days. Deribit publishes none; we take Derive's published
 * DTE_FLOOR of one day (the same formula), so a day-old option's shock stays finite.
 */
export const DERIBIT_DTE_FLOOR_DAYS = 1;

/** The published parameters with params.json's `margin.deribitPm` overrides laid over them. */
export function resolveDeribitPmParams(underlyings: readonly string[], overrides: DeribitPmParamsInput = {}): DeribitPmParams {
  const { underlyings: perUnderlying = {}, annualisedMoveRisk, minAnnualisedMove, extendedDampener, optionContingency, maintenanceFactor, ...pair } = overrides;
  const pairs: Record<string, DeribitPairParams> = {};
  for (const u of underlyings) pairs[u] = { ...DERIBIT_PAIR_DEFAULTS, ...defined(pair), ...defined(perUnderlying[u] ?? {}) };
  return {
    pairs,
    annualisedMoveRisk: annualisedMoveRisk ?? DERIBIT_USD_ANNUALISED_MOVE_RISK,
    minAnnualisedMove: minAnnualisedMove ?? DERIBIT_USD_MIN_ANNUALISED_MOVE,
    extendedDampener: extendedDampener ?? DERIBIT_USD_EXTENDED_DAMPENER,
    extendedMoves: DERIBIT_EXTENDED_MOVES,
    optionContingency: optionContingency ?? DERIBIT_OPTION_CONTINGENCY,
    maintenanceFactor: maintenanceFactor ?? DERIBIT_MM_FACTOR,
  };
}

/** The fields that are set (zod leaves absent optional fields out, but a caller may pass undefined). */
export function defined<T extends object>(values: T): Partial<T> {
  return Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined)) as Partial<T>;
}
