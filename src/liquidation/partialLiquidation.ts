import type { ModelRequirement } from '../margin/health.js';
import type { CascadeAccount } from './accounts.js';
import type { LiquidationParams } from './params.js';
import type { CascadeState } from './state.js';
import type { HealthGauge } from './stepHealth.js';
import { tradeAtMark } from './variationMargin.js';

/** A bound on slices per account and step: a liquidation that needs more is left for the next step. */
const MAX_ITERATIONS_PER_ACCOUNT = 400;
/** Halvings of the last slice: it closes at most 2^-12 of a slice more than the target needs. */
const BISECTION_STEPS = 12;
/** Slices evaluated exactly per iteration, best ranked first (each costs a full margin evaluation). */
const SHORTLIST = 3;

/** The equity a liquidation restores: initial margin, or the target health × maintenance. */
export function targetEquity(params: LiquidationParams, requirement: ModelRequirement): number {
  return params.target === 'initial' ? requirement.initial : params.target * requirement.maintenance;
}

export function meetsTarget(params: LiquidationParams, equity: number, requirement: ModelRequirement): boolean {
  return equity >= targetEquity(params, requirement);
}

/** Where a partial liquidation left the account. */
export interface PartialOutcome {
  equity: number;
  requirement: ModelRequirement;
  /** No slice reduced the shortfall to the target: what is left hedges, or costs more than it frees. */
  stuck: boolean;
}

/**
 * Partially liquidates an account back to the target, greedily in slices: rank the positions by
 * risk per USD of notional, evaluate a slice of the best few exactly, close the one that lowers
 * the shortfall (target − equity) most per USD closed, bisect the slice that reaches the target
 * so no more is closed than needed, pay its penalty to the fund, and repeat. Stops at the target,
 * when no slice helps (`stuck`), when equity falls to 0, or at the iteration bound; the caller
 * decides what follows (close-out, or a `stopped` event).
 */
export function partiallyLiquidate(
  state: CascadeState,
  account: CascadeAccount,
  gauge: HealthGauge,
  marketHealth: number,
  start: { equity: number; requirement: ModelRequirement },
): PartialOutcome {
  const { params } = state;
  // Slices are shares of each position's size when this liquidation started, so they do not shrink as it proceeds.
  const startSize = new Map(account.positions.map((h) => [h.instrument, Math.abs(h.quantity)]));
  let { equity, requirement } = start;
  for (let iter = 0; iter < MAX_ITERATIONS_PER_ACCOUNT && !meetsTarget(params, equity, requirement) && account.positions.length > 0; iter++) {
    const slicer: Slicer = { state, account, gauge, startSize, gap: targetEquity(params, requirement) - equity };
    const best = bestSlice(slicer);
    if (!best) return { equity, requirement, stuck: true };
    const dq = best.meets ? bisectSlice(slicer, best.j) : best.dq;
    const healthBefore = equity / requirement.maintenance;
    const { instrument, notional, cost } = state.closeAtMarket(account, best.j, dq);
    const penalty = params.penaltyRate * notional;
    state.payPenalty(account, penalty);
    requirement = gauge.requirement(account);
    equity = gauge.equity(account);
    const healthAfter = requirement.maintenance > 0 ? equity / requirement.maintenance : Infinity;
    state.events.push({ step: state.step, kind: 'partial', account: account.id, instrument, quantity: dq, notional, cost, penalty, healthBefore, healthAfter, marketHealth });
    if (equity <= 0) break;
  }
  return { equity, requirement, stuck: false };
}

/** One iteration's inputs: the account, its gauge, the sizes slices are shares of, the shortfall now. */
interface Slicer {
  state: CascadeState;
  account: CascadeAccount;
  gauge: HealthGauge;
  startSize: Map<number, number>;
  gap: number;
}

interface SliceTrial {
  dq: number;
  notional: number;
  /** How much the slice lowers the shortfall (target − equity), its cost and penalty included. */
  relief: number;
  meets: boolean;
}

/** The signed contracts of `fraction` of position j's slice (sliceFraction of its start size, at most what is left). */
function sliceDq(s: Slicer, j: number, fraction: number): number {
  const h = s.account.positions[j];
  const size = Math.min(Math.abs(h.quantity), s.state.params.sliceFraction * (s.startSize.get(h.instrument) ?? Math.abs(h.quantity)));
  return -Math.sign(h.quantity) * size * fraction;
}

/** Evaluates closing `fraction` of position j's slice exactly (margin and equity after its cost and penalty), then restores the account. */
function trySlice(s: Slicer, j: number, fraction: number): SliceTrial {
  const { state, account, gauge } = s;
  const { params } = state;
  const h = account.positions[j];
  const dq = sliceDq(s, j, fraction);
  const { notional, cost } = state.quote(account, j, dq);
  const saved = { quantity: h.quantity, cash: account.cash };
  tradeAtMark(state, account, j, dq);
  account.cash -= cost + params.penaltyRate * notional;
  const after = gauge.requirement(account);
  const equity = gauge.equity(account);
  h.quantity = saved.quantity;
  account.cash = saved.cash;
  return { dq, notional, relief: s.gap - (targetEquity(params, after) - equity), meets: equity >= targetEquity(params, after) };
}

/**
 * The slice to close: positions ranked by risk contribution per USD of notional (the risk each
 * dollar closed removes), the best SHORTLIST evaluated exactly (all the others only if none of
 * them lowers the shortfall), and of those the largest relief per USD closed.
 */
function bestSlice(s: Slicer): (SliceTrial & { j: number }) | undefined {
  const { state, account } = s;
  const risk = s.gauge.riskContributions(account);
  const order = account.positions
    .map((h, j) => ({ j, score: risk[j] / state.notional(h.instrument, h.quantity) }))
    .sort((x, y) => y.score - x.score)
    .map(({ j }) => j);
  let best: (SliceTrial & { j: number }) | undefined;
  for (const group of [order.slice(0, SHORTLIST), order.slice(SHORTLIST)]) {
    for (const j of group) {
      const trial = trySlice(s, j, 1);
      if (trial.relief > 0 && (!best || trial.relief / trial.notional > best.relief / best.notional)) best = { j, ...trial };
    }
    if (best) break;
  }
  return best;
}

/** The smallest share of position j's slice that still meets the target (bisection), as contracts. */
function bisectSlice(s: Slicer, j: number): number {
  let lo = 0;
  let hi = 1;
  for (let k = 0; k < BISECTION_STEPS; k++) {
    const mid = (lo + hi) / 2;
    if (trySlice(s, j, mid).meets) hi = mid;
    else lo = mid;
  }
  return sliceDq(s, j, hi);
}
