import type { EngineSource } from '../engine/index.js';
import type { AccountMargin } from '../margin/accountMargin.js';
import { runMargin } from '../margin/runMargin.js';
import type { MarginSetup } from '../margin/setup.js';
import { buildMarginCache } from '../margin/whatIf.js';
import { DAYS_PER_YEAR } from '../model/time.js';
import { parseInput } from '../model/validate.js';
import type { FeedStatus } from '../oracle/types.js';
import { type CascadeAccount, openAccounts, priceState } from './accounts.js';
import { liquidateStep } from './liquidationStep.js';
import { LiquidationMarket } from './market.js';
import { type CascadeOracle, venueOracle } from './oracleView.js';
import { LiquidationParamsSchema, type LiquidationParams, type LiquidationParamsInput } from './params.js';
import type { CascadeScenario } from './scenarios.js';
import { CascadeState, type StepTally } from './state.js';
import { StepHealth } from './stepHealth.js';
import { StepMarginModel } from './stepMargin.js';
import { settleMarketMove } from './variationMargin.js';

export type { LiquidationEvent } from './events.js';
import type { LiquidationEvent } from './events.js';

export interface StepPrice {
  /** The market price: the path with the accumulated impact of liquidations. */
  market: number;
  /** The path alone: what the price would have been without liquidation impact. */
  withoutImpact: number;
  /** What margin saw (the oracle, neutral side). */
  oracle: number;
  status: FeedStatus;
}

export interface CascadeStep {
  step: number;
  prices: Record<string, StepPrice>;
  liquidatedNotional: number;
  liquidatedAccounts: number;
  closedOutAccounts: number;
  frozenAccounts: number;
  /** Accounts below health 1 at the step's oracle prices, before liquidation. */
  unhealthyAccounts: number;
  closingCosts: number;
  penalties: number;
  badDebt: number;
  insurancePaid: number;
  adlAmount: number;
  insuranceFund: number;
  /** Σ account equity at mark after the step. */
  equity: number;
  marketPnl: number;
  conservationResidual: number;
}

export interface CascadeResult {
  scenario: string;
  description: string;
  accounts: number;
  params: LiquidationParams;
  /** The initial risk run (t0): which backend, and how many accounts it found below health 1. */
  initialRisk: { backend: string; description: string; scenarios: number; liquidatable: number; stepModelMaxRelDiff: number };
  liquidatedNotional: number;
  liquidatedAccounts: number;
  closedOutAccounts: number;
  closingCosts: number;
  penalties: number;
  /** Shortfall of accounts whose equity turned negative, before anyone covered it. */
  badDebt: number;
  insurancePaid: number;
  adlAmount: number;
  /** Bad debt neither the fund nor ADL covered (stays as negative equity). */
  uncoveredBadDebt: number;
  insuranceFundStart: number;
  insuranceFund: number;
  conservationError: number;
  steps: CascadeStep[];
  events: LiquidationEvent[];
}

export interface CascadeOptions {
  /** Overrides over the scenario's parameters. */
  params?: LiquidationParamsInput;
  /** Backend of the initial risk run: an engine (borrowed), a factory (opened and disposed here), or by default the CPU in this thread. */
  engine?: EngineSource;
  /** Progress: risk run scenarios, then one tick per step. */
  onProgress?: (done: number, total: number, stage: 'risk' | 'steps') => void;
}

/**
 * Runs a liquidation cascade over the book of `setup` along the scenario's price path.
 *
 * t0: the margin run on the chosen backend (health of every account), and the cached
 * instrument P&L block (CPU f64) from which every later margin is re-aggregated (StepMarginModel).
 * Each step t: prices move (path × accumulated liquidation impact), variation margin settles,
 * the oracle observes, every account's health is computed at the oracle's prices, accounts
 * below 1 are liquidated worst first (partial, greedy; or closed out when equity ≤ 0, with the
 * insurance fund, then ADL, covering the shortfall), and the step's net liquidation flow moves
 * the next step's price. The steps live in their own modules; this walks the path.
 */
export async function runCascade(setup: MarginSetup, scenario: CascadeScenario, options: CascadeOptions = {}): Promise<CascadeResult> {
  const params = parseInput(LiquidationParamsSchema, { ...scenario.params, ...options.params }, 'liquidation params');
  const S = setup.plan.scenarioCount;
  const totalTicks = S + scenario.path.length;
  const run = await runMargin(setup, { engine: options.engine, attribution: false, onProgress: options.onProgress && ((d) => options.onProgress!(d, totalTicks, 'risk')) });
  const model = new StepMarginModel(buildMarginCache(setup));
  const { ctx } = model;
  const today: Record<string, number> = Object.fromEntries(Object.entries(setup.inputs.market.underlyings).map(([a, u]) => [a, u.spot]));
  const assets = Object.keys(today);
  const clock = stepClock(setup, scenario, params);
  const oracle: CascadeOracle = scenario.oracle ? scenario.oracle(today, clock.startMs) : venueOracle(today, clock.startMs);
  const market = new LiquidationMarket(ctx, params);
  const state = new CascadeState({ ctx, params, accounts: openAccounts(ctx), market, prices: priceState(ctx.plan, today, 0) });
  const stepModelMaxRelDiff = stepModelParity(model, state.accounts, run.margin.accounts);
  const t0Requirement = (a: number) => run.margin.accounts[a].margin[ctx.params.enforced];

  const steps: CascadeStep[] = [];
  for (let t = 0; t < scenario.path.length; t++) {
    state.beginStep(t);
    const elapsed = (clock.timeOf(t) - clock.startMs) / (86_400_000 * DAYS_PER_YEAR);
    const { withoutImpact, marketPrices } = stepPrices(scenario, t, today, market.impact);
    const marketPnl = settleMarketMove(state, priceState(ctx.plan, marketPrices, elapsed), elapsed);
    oracle.observe(t, marketPrices, clock.timeOf(t));
    liquidateStep(state, new StepHealth(state, model, oracle, today, t0Requirement));
    market.endStep();
    const closed = state.closeStep(marketPnl);
    const prices = Object.fromEntries(
      assets.map((asset) => [asset, { market: marketPrices[asset], withoutImpact: withoutImpact[asset], oracle: oracle.price(asset, 0), status: oracle.status(asset) }]),
    );
    steps.push(stepReport(t, prices, closed, state.fund, marketPnl));
    options.onProgress?.(S + t + 1, totalTicks, 'steps');
  }

  const { totals } = state;
  const liquidatable = run.margin.accounts.filter((m) => m.liquidatable).length;
  return {
    scenario: scenario.name,
    description: scenario.description,
    accounts: state.accounts.length,
    params,
    initialRisk: { backend: run.risk.backend, description: run.risk.engine, scenarios: S, liquidatable, stepModelMaxRelDiff },
    liquidatedNotional: totals.liquidatedNotional,
    liquidatedAccounts: state.accounts.filter((acc) => acc.closedOut || state.liquidatedEver.has(acc.index)).length,
    closedOutAccounts: state.accounts.filter((acc) => acc.closedOut).length,
    closingCosts: totals.closingCosts,
    penalties: totals.penalties,
    badDebt: totals.badDebt,
    insurancePaid: totals.insurancePaid,
    adlAmount: totals.adlAmount,
    uncoveredBadDebt: totals.uncovered,
    insuranceFundStart: params.insuranceFund,
    insuranceFund: state.fund,
    conservationError: state.ledger.maxResidual,
    steps,
    events: state.events,
  };
}

/**
 * Largest relative difference between the step model's maintenance margin at t0 (same holdings,
 * ratio 1) and the backend run's: the step model must continue the run it starts from.
 */
function stepModelParity(model: StepMarginModel, accounts: readonly CascadeAccount[], margins: readonly AccountMargin[]): number {
  const unitRatio = Float64Array.from(model.ctx.plan.underlyings, () => 1);
  let worst = 0;
  margins.forEach((m, a) => {
    const acc = accounts[a];
    const req = model.requirement(acc.positions, acc.balances, unitRatio, acc.collateralCharge);
    const ref = m.margin[m.enforced].maintenance;
    if (ref > 0) worst = Math.max(worst, Math.abs(req.maintenance - ref) / ref);
  });
  return worst;
}

/** When each step happens: the scenario's times, or the market's valuation time + t × stepDays. */
function stepClock(setup: MarginSetup, scenario: CascadeScenario, params: LiquidationParams): { startMs: number; timeOf: (t: number) => number } {
  const stepMs = params.stepDays * 86_400_000;
  const startMs = scenario.times?.[0] ?? Date.parse(setup.inputs.market.valuationTime);
  return { startMs, timeOf: (t) => scenario.times?.[t] ?? startMs + t * stepMs };
}

/** Step t's prices per asset: the path alone (today × multiplier), and the market's (× accumulated liquidation impact). */
function stepPrices(scenario: CascadeScenario, t: number, today: Readonly<Record<string, number>>, impact: ReadonlyMap<string, number>) {
  const withoutImpact: Record<string, number> = {};
  const marketPrices: Record<string, number> = {};
  for (const asset of Object.keys(today)) {
    withoutImpact[asset] = today[asset] * (scenario.path[t][asset] ?? lastMultiplier(scenario, t, asset));
    marketPrices[asset] = withoutImpact[asset] * (impact.get(asset) ?? 1);
  }
  return { withoutImpact, marketPrices };
}

function stepReport(step: number, prices: Record<string, StepPrice>, closed: { tally: StepTally; equity: number; residual: number }, insuranceFund: number, marketPnl: number): CascadeStep {
  const { tally } = closed;
  return {
    step,
    prices,
    liquidatedNotional: tally.liquidatedNotional,
    liquidatedAccounts: tally.liquidated.size,
    closedOutAccounts: tally.closedOut,
    frozenAccounts: tally.frozen,
    unhealthyAccounts: tally.unhealthy,
    closingCosts: tally.closingCosts,
    penalties: tally.penalties,
    badDebt: tally.badDebt,
    insurancePaid: tally.insurancePaid,
    adlAmount: tally.adlAmount,
    insuranceFund,
    equity: closed.equity,
    marketPnl,
    conservationResidual: closed.residual,
  };
}

function lastMultiplier(scenario: CascadeScenario, t: number, asset: string): number {
  for (let k = t - 1; k >= 0; k--) {
    const m = scenario.path[k][asset];
    if (m !== undefined) return m;
  }
  return 1;
}
