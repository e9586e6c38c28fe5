import { DAYS_PER_YEAR } from '../../model/time.js';
import type { RiskPlan } from '../../engine/index.js';
import type { Holding } from '../context.js';
import {
  type DeriveMarketParams,
  type DerivePmParams,
  type DeriveSkewParams,
  DERIVE_DAYS_PER_YEAR,
  DERIVE_VEGA_POWER_BOUNDARY_YEARS,
} from './derivePmrmParams.js';
import { forwardOf, type GridShock, type GridValuationOptions, holdingsPnl, holdingsValue, isOptionInstrument, UNSHOCKED } from './gridRevaluation.js';

/**
 * The scenario P&L of Derive's PM2 ([V1] in derivePmrmParams.ts) for one underlying's
 * holdings: options grouped by expiry, each expiry's shocked value discounted (or marked up)
 * as a whole, linear holdings (perpetuals, futures, spot) shocked with the forward.
 * Losses are returned as negative P&L, as Derive writes them.
 */

export type VolShock = 'up' | 'static' | 'down';
export type SkewKind = 'linear' | 'abs';

/** Derive's time to expiry of instrument i: the same instant in 365-day years. */
export function deriveYears(plan: RiskPlan, i: number): number {
  return (plan.expiryYears[i] * DAYS_PER_YEAR) / DERIVE_DAYS_PER_YEAR;
}

/** Multiplicative IV shock: 1 ± range × ((30/365) / max(floor, τ))^power; never below 0. */
export function deriveVolShockMultiplier(params: DerivePmParams, market: DeriveMarketParams, tau: number, shock: VolShock): number {
  if (shock === 'static') return 1;
  const power = tau < DERIVE_VEGA_POWER_BOUNDARY_YEARS ? params.shortTermPower : params.longTermPower;
  const weight = (DERIVE_VEGA_POWER_BOUNDARY_YEARS / Math.max(params.dteFloorYears, tau)) ** power;
  return shock === 'up' ? 1 + market.volRangeUp * weight : Math.max(0, 1 - market.volRangeDown * weight);
}

/**
 * The factor on an expiry's (shocked) value: a positive value is discounted,
 * STATIC_SCALE_POS·exp(−(r·longMult + longAdd)·τ); a negative one marked up,
 * min(1 / exp(−r·τ), STATIC_SCALE_NEG / exp(−(r·shortMult + shortAdd)·τ)).
 */
export function deriveDiscount(params: DerivePmParams, rate: number, tau: number, value: number): number {
  if (value > 0) return params.staticScalePos * Math.exp(-(rate * params.longRateMultScale + params.longRateAddScale) * tau);
  return Math.min(1 / Math.exp(-rate * tau), params.staticScaleNeg / Math.exp(-(rate * params.shortRateMultScale + params.shortRateAddScale) * tau));
}

/**
 * Skew scenario IV multiplier of a strike at log-moneyness k = ln(K/F): linear tilts the smile
 * (k/k*), abs tightens it (|k|/k*), capped at ± the expiry's cap, cap = base + cBase·√τ,
 * k* = max(minKStar, widthScale·√τ·(volStatic + volScale·√τ)).
 */
export function deriveSkewMultiplier(skew: DeriveSkewParams, kind: SkewKind, k: number, tau: number): number {
  const root = Math.sqrt(tau);
  const cap = kind === 'linear' ? skew.linearBaseCap + skew.linearCBase * root : skew.absBaseCap + skew.absCBase * root;
  const kStar = Math.max(skew.minKStar, skew.widthScale * root * (skew.volParameterStatic + skew.volParameterScale * root));
  const x = (kind === 'linear' ? k : Math.abs(k)) / kStar;
  return 1 + (x > 0 ? Math.min(cap * x, cap) : Math.max(cap * x, -cap));
}

/** One underlying's holdings, as Derive's scenarios read them. */
export interface DeriveBook {
  plan: RiskPlan;
  params: DerivePmParams;
  market: DeriveMarketParams;
  linear: Holding[];
  expiries: { tau: number; holdings: Holding[]; value: number }[];
  /** Options are valued at Derive's τ: `elapsed` = engine T − τ (a 0.07% shift of the day count). */
  options: GridValuationOptions;
}

export function deriveBook(plan: RiskPlan, params: DerivePmParams, market: DeriveMarketParams, holdings: readonly Holding[]): DeriveBook {
  const options: GridValuationOptions = { elapsedYears: (i) => (isOptionInstrument(plan, i) ? plan.expiryYears[i] - deriveYears(plan, i) : 0) };
  const byExpiry = new Map<number, Holding[]>();
  const linear: Holding[] = [];
  for (const h of holdings) {
    if (!isOptionInstrument(plan, h.instrument)) linear.push(h);
    else byExpiry.set(plan.expiryYears[h.instrument], [...(byExpiry.get(plan.expiryYears[h.instrument]) ?? []), h]);
  }
  const expiries = [...byExpiry.values()].map((group) => ({
    tau: deriveYears(plan, group[0].instrument),
    holdings: group,
    value: holdingsValue(plan, group, UNSHOCKED, options),
  }));
  return { plan, params, market, linear, expiries, options };
}

/** Σ over expiries of (discount × shocked value − value) + the linear holdings' P&L, at one shock. */
export function deriveScenarioPnl(book: DeriveBook, shock: GridShock): number {
  const { plan, params } = book;
  let pnl = holdingsPnl(plan, book.linear, shock);
  for (const expiry of book.expiries) {
    const shocked = holdingsValue(plan, expiry.holdings, shock, book.options);
    pnl += deriveDiscount(params, plan.rate, expiry.tau, shocked) * shocked - expiry.value;
  }
  return pnl;
}

/** A spot move with every option's IV shocked (vol up at least minVolShockUp). */
export function deriveShock(book: DeriveBook, spotMove: number, vol: VolShock): GridShock {
  const { plan, params, market } = book;
  return {
    spotMove,
    volMultiplier: (i) => {
      const m = deriveVolShockMultiplier(params, market, deriveYears(plan, i), vol);
      return vol === 'up' ? Math.max(m, market.minVolShockUp / plan.impliedVol[i]) : m;
    },
  };
}

/** Skew scenario P&L: Σ over expiries of −|discount × skewed value − value| (a loss either way), dampened. */
export function deriveSkewPnl(book: DeriveBook, kind: SkewKind): number {
  const { plan, params } = book;
  let pnl = 0;
  for (const expiry of book.expiries) {
    const shock: GridShock = {
      spotMove: 0,
      volMultiplier: (i) => {
        const elapsed = book.options.elapsedYears!(i);
        return deriveSkewMultiplier(params.skew, kind, Math.log(plan.strike[i] / forwardOf(plan, i, elapsed)), expiry.tau);
      },
    };
    const shocked = holdingsValue(plan, expiry.holdings, shock, book.options);
    pnl -= Math.abs(deriveDiscount(params, plan.rate, expiry.tau, shocked) * shocked - expiry.value);
  }
  return (kind === 'linear' ? params.skew.linearDampening : params.skew.absDampening) * pnl;
}

/** Weight of an expiry's basis loss in the forward loss: ADD_FACTOR + MULT_FACTOR·τ. */
export function deriveForwardWeight(params: Pick<DerivePmParams, 'forwardAddFactor' | 'forwardMultFactor'>, tau: number): number {
  return params.forwardAddFactor + params.forwardMultFactor * tau;
}

/**
 * Forward (basis) loss: per expiry the worse of spot × (1 ± move) with IVs static (no
 * discounting), floored at 0 gain, weighted (add + mult·τ), summed over expiries.
 */
export function deriveForwardPnl(book: DeriveBook): number {
  const { plan, params } = book;
  let pnl = 0;
  for (const expiry of book.expiries) {
    const up = holdingsValue(plan, expiry.holdings, { spotMove: params.forwardMove, volMultiplier: () => 1 }, book.options) - expiry.value;
    const down = holdingsValue(plan, expiry.holdings, { spotMove: -params.forwardMove, volMultiplier: () => 1 }, book.options) - expiry.value;
    pnl += deriveForwardWeight(params, expiry.tau) * Math.min(0, up, down);
  }
  return pnl;
}
