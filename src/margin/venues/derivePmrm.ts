import type { RiskPlan } from '../../engine/index.js';
import type { Holding, MarginContext } from '../context.js';
import { type DeriveMarketParams, resolveDerivePmParams } from './derivePmrmParams.js';
import { type DeriveBook, deriveBook, deriveForwardPnl, deriveScenarioPnl, deriveShock, deriveSkewPnl, type VolShock } from './deriveScenarios.js';
import { formatMove, holdingsByUnderlying, isOptionInstrument } from './gridRevaluation.js';

/**
 * Derive's PM2 portfolio margin (sources and values in derivePmrmParams.ts):
 *
 *   maxLoss      min(regular, tail, skew, forward) P&L, ≤ 0:
 *                regular: spot −range … +range in quarters × IV up/static/down (±range: up only);
 *                tail: the tail moves with IV up, each × its dampening;
 *                skew: the linear and abs smile shocks, spot unchanged;
 *                forward: spot ± 4.5%, IV static, weighted by (0.5 + 2·τ) per expiry;
 *   initial      imFactor × |maxLoss| + IM contingencies (perpetuals, net short options, spot);
 *   maintenance  mmFactor × |maxLoss| + MM contingencies.
 *
 * Derive states margin as equity less these requirements ([V1]: "Margin = MtM + im_factor ×
 * maxLoss + Contingencies", positive = healthy); here they are the requirements, USD ≥ 0, and
 * equity is the engine's. A PM2 subaccount margins one underlying: each underlying of the
 * account is margined alone and the requirements summed. Derive lists no dated futures: ours
 * are shocked and charged as perpetuals. Collateral does not enter (risk-cancelling collateral
 * and per-asset haircuts are Derive's, not modelled); nor do the oracle-confidence and USDC
 * depeg contingencies, which are 0 with confident feeds and USDC at par.
 */

export interface DerivePmUnderlying {
  /** Worst loss, −maxLoss ≥ 0, USD; its scenario, e.g. "-18% vol up", "tail -66% ×0.21", "skew abs", "forward". */
  maxLoss: number;
  worstScenario: string;
  /** The four candidates, as losses ≥ 0. */
  regularLoss: number;
  tailLoss: number;
  skewLoss: number;
  forwardLoss: number;
  contingency: { initial: number; maintenance: number };
  initial: number;
  maintenance: number;
}

export interface DerivePmMargin {
  initial: number;
  maintenance: number;
  underlyings: Record<string, DerivePmUnderlying>;
}

interface Candidate {
  pnl: number;
  scenario: string;
}

const worse = (a: Candidate, b: Candidate): Candidate => (b.pnl < a.pnl ? b : a);

/** The 23 regular scenarios (±range with IV up only), worst first found. */
export function deriveRegularScenarios(market: DeriveMarketParams): { spotMove: number; vol: VolShock }[] {
  const out: { spotMove: number; vol: VolShock }[] = [];
  for (let j = 4; j >= -4; j--) {
    const spotMove = (market.regularRange * j) / 4;
    const vols: VolShock[] = Math.abs(j) === 4 ? ['up'] : ['up', 'static', 'down'];
    for (const vol of vols) out.push({ spotMove, vol });
  }
  return out;
}

/** The worst of each kind of scenario for one underlying's book, as P&L ≤ 0 (0 when none loses). */
export function deriveLosses(book: DeriveBook): { regular: Candidate; tail: Candidate; skew: Candidate; forward: Candidate } {
  let regular: Candidate = { pnl: 0, scenario: 'none' };
  for (const { spotMove, vol } of deriveRegularScenarios(book.market)) {
    regular = worse(regular, { pnl: deriveScenarioPnl(book, deriveShock(book, spotMove, vol)), scenario: `${formatMove(spotMove)} vol ${vol}` });
  }
  let tail: Candidate = { pnl: 0, scenario: 'none' };
  for (const { spotMove, dampening } of book.market.tailScenarios) {
    tail = worse(tail, { pnl: dampening * deriveScenarioPnl(book, deriveShock(book, spotMove, 'up')), scenario: `tail ${formatMove(spotMove)} ×${dampening}` });
  }
  const skew = worse({ pnl: deriveSkewPnl(book, 'linear'), scenario: 'skew linear' }, { pnl: deriveSkewPnl(book, 'abs'), scenario: 'skew abs' });
  return { regular, tail, skew, forward: { pnl: deriveForwardPnl(book), scenario: 'forward' } };
}

/** Contingencies, USD ≥ 0: perpetuals and futures per unit, net short options per (expiry, strike), spot per unit; × spot. */
export function deriveContingencies(plan: RiskPlan, market: DeriveMarketParams, holdings: readonly Holding[]): { initial: number; maintenance: number } {
  let perpUnits = 0;
  let baseUnits = 0;
  const netOptions = new Map<string, number>();
  for (const { instrument, quantity } of holdings) {
    const units = quantity * plan.multiplier[instrument];
    if (isOptionInstrument(plan, instrument)) {
      const key = `${plan.expiryYears[instrument]}|${plan.strike[instrument]}`;
      netOptions.set(key, (netOptions.get(key) ?? 0) + units);
    } else if (plan.instrumentKinds[instrument] === 'spot') baseUnits += Math.abs(units);
    else perpUnits += Math.abs(units);
  }
  let shortOptions = 0;
  for (const units of netOptions.values()) shortOptions += Math.max(0, -units);
  const spot = holdings.length > 0 ? plan.spot[plan.underlyingIndex[holdings[0].instrument]] : 0;
  const charge = (side: 'initial' | 'maintenance') =>
    spot * (perpUnits * market.perpContingency[side] + shortOptions * market.optionContingency[side] + baseUnits * market.baseContingency[side]);
  return { initial: charge('initial'), maintenance: charge('maintenance') };
}

/** Derive PM2 of one underlying's holdings. */
export function derivePmUnderlying(book: DeriveBook, holdings: readonly Holding[]): DerivePmUnderlying {
  const losses = deriveLosses(book);
  const worst = [losses.regular, losses.tail, losses.skew, losses.forward].reduce(worse);
  const maxLoss = Math.max(0, -worst.pnl);
  const contingency = deriveContingencies(book.plan, book.market, holdings);
  return {
    maxLoss,
    worstScenario: maxLoss > 0 ? worst.scenario : 'none',
    regularLoss: -losses.regular.pnl,
    tailLoss: -losses.tail.pnl,
    skewLoss: -losses.skew.pnl,
    forwardLoss: -losses.forward.pnl,
    contingency,
    initial: book.market.imFactor * maxLoss + contingency.initial,
    maintenance: book.market.mmFactor * maxLoss + contingency.maintenance,
  };
}

/** Derive PM2 of one account's positions. */
export function derivePmMargin(ctx: MarginContext, positions: readonly Holding[]): DerivePmMargin {
  const { plan } = ctx;
  const params = resolveDerivePmParams(plan.underlyings, ctx.params.derivePm);
  const underlyings: Record<string, DerivePmUnderlying> = {};
  let initial = 0;
  let maintenance = 0;
  for (const [u, holdings] of holdingsByUnderlying(plan, positions)) {
    const name = plan.underlyings[u];
    const result = derivePmUnderlying(deriveBook(plan, params, params.markets[name], holdings), holdings);
    underlyings[name] = result;
    initial += result.initial;
    maintenance += result.maintenance;
  }
  return { initial, maintenance, underlyings };
}
