import type { EngineSource } from '../engine/index.js';
import type { AccountMargin } from '../margin/accountMargin.js';
import { runMargin } from '../margin/runMargin.js';
import type { MarginSetup } from '../margin/setup.js';
import { buildMarginCache } from '../margin/whatIf.js';
import { DAYS_PER_YEAR } from '../model/time.js';
import { parseInput } from '../model/validate.js';
import type { FeedStatus } from '../oracle/types.js';
import { type CascadeAccount, priceState } from './accounts.js';
import { cascadeAccounts } from './cascadeAccounts.js';
import { type LendingLeg, liquidateLending } from './lendingLiquidation.js';
import { assetLiquidity } from '../margin/assets.js';
import type { ModelRequirement } from '../margin/health.js';
import type { MarginRun } from '../margin/runMargin.js';
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
  /** Books with lending legs: the step's liquidation calls, debt repaid and collateral seized (USD at the oracle). */
  lending?: { calls: number; repaid: number; seized: number };
}

/** Books with lending legs (accounts across venues): what the protocols' liquidations did over the run. */
export interface LendingCascade {
  /** Lending legs with debt at the start, and how many were liquidated at least once. */
  legs: number;
  liquidatedLegs: number;
  calls: number;
  /** Debt repaid and collateral seized (and sold into the market) by liquidators, USD at the oracle. */
  repaid: number;
  seized: number;
  /** What the liquidators took from the accounts (the bonus, at market prices). */
  liquidatorGain: number;
  /** Debt left on legs with no collateral left: the protocol's bad debt, USD at the last step's prices. */
  badDebt: number;
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
  /** Books with lending legs only. */
  lending?: LendingCascade;
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
  const { accounts, lending } = cascadeAccounts(ctx);
  const state = new CascadeState({ ctx, params, accounts, market, prices: priceState(ctx.plan, today, 0) });
  const t0Requirement = t0Requirements(run, ctx.params.enforced);
  const legIndices = new Set(lending.map((leg) => leg.account.index));
  const stepModelMaxRelDiff = stepModelParity(model, state.accounts.filter((acc) => !legIndices.has(acc.index)), t0Requirement);
  // Liquidators trade what has a market move of its own; stablecoins they repay and receive at par.
  const tradable = (asset: string) => asset in ctx.riskParams.underlyings && assetLiquidity(ctx.params, asset).depegStress === undefined;
  const lendingLegs = lending.filter((leg) => Object.values(leg.account.balances).some((amount) => amount < 0));

  const steps: CascadeStep[] = [];
  for (let t = 0; t < scenario.path.length; t++) {
    state.beginStep(t);
    const elapsed = (clock.timeOf(t) - clock.startMs) / (86_400_000 * DAYS_PER_YEAR);
    const { withoutImpact, marketPrices } = stepPrices(scenario, t, today, market.impact);
    const marketPnl = settleMarketMove(state, priceState(ctx.plan, marketPrices, elapsed), elapsed);
    oracle.observe(t, marketPrices, clock.timeOf(t));
    // The protocols first: their liquidations are on-chain calls any bot sends as soon as the oracle moves.
    if (lendingLegs.length > 0) liquidateLending(state, lendingLegs, (asset) => oracle.price(asset, 0), tradable);
    liquidateStep(state, new StepHealth(state, model, oracle, today, t0Requirement));
    market.endStep();
    const closed = state.closeStep(marketPnl);
    const prices = Object.fromEntries(
      assets.map((asset) => [asset, { market: marketPrices[asset], withoutImpact: withoutImpact[asset], oracle: oracle.price(asset, 0), status: oracle.status(asset) }]),
    );
    const report = stepReport(t, prices, closed, state.fund, marketPnl);
    if (lendingLegs.length > 0) report.lending = { calls: closed.tally.lendingCalls, repaid: closed.tally.lendingRepaid, seized: closed.tally.lendingSeized };
    steps.push(report);
    options.onProgress?.(S + t + 1, totalTicks, 'steps');
  }

  const { totals } = state;
  const liquidatable = liquidatableAtStart(run, state.accounts);
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
    lending: lendingLegs.length > 0 ? lendingCascade(state, lendingLegs) : undefined,
    steps,
    events: state.events,
  };
}

/**
 * The backend run's requirement of a cascade account at t0: a book account's enforced model, or
 * a venue view's requirement by its venue's rules.
 */
function t0Requirements(run: MarginRun, enforced: AccountMargin['enforced']): (index: number) => ModelRequirement {
  const book = run.margin.accounts;
  return (index) => (index < book.length ? book[index].margin[enforced] : run.margin.venueRequirements!.get(index)!);
}

/**
 * Largest relative difference between the step model's maintenance margin at t0 (same holdings,
 * ratio 1) and the backend run's: the step model must continue the run it starts from (lending
 * legs, margined by their protocol's rules, are not given).
 */
function stepModelParity(model: StepMarginModel, accounts: readonly CascadeAccount[], t0Requirement: (index: number) => ModelRequirement): number {
  const unitRatio = Float64Array.from(model.ctx.plan.underlyings, () => 1);
  let worst = 0;
  for (const acc of accounts) {
    const ref = t0Requirement(acc.index).maintenance;
    if (!(ref > 0)) continue;
    const req = model.requirement(acc.positions, acc.balances, unitRatio, acc.collateralCharge);
    worst = Math.max(worst, Math.abs(req.maintenance - ref) / ref);
  }
  return worst;
}

/** Accounts below health 1 at t0 by the rules that liquidate them: book accounts by their margin, venue views by their venue's. */
function liquidatableAtStart(run: MarginRun, accounts: readonly CascadeAccount[]): number {
  const book = run.margin.accounts;
  return accounts.filter((acc) => (acc.index < book.length ? book[acc.index].liquidatable : run.margin.venueRequirements!.get(acc.index)!.liquidatable)).length;
}

function lendingCascade(state: CascadeState, legs: readonly LendingLeg[]): LendingCascade {
  const liquidated = new Set(state.events.filter((e) => e.kind === 'lending').map((e) => e.account));
  let badDebt = 0;
  for (const { account } of legs) {
    const collateral = Object.values(account.balances).some((amount) => amount > 0);
    if (!collateral) for (const [asset, amount] of Object.entries(account.balances)) if (amount < 0) badDebt -= amount * state.prices.asset[asset];
  }
  const { totals } = state;
  return {
    legs: legs.length,
    liquidatedLegs: legs.filter((leg) => liquidated.has(leg.account.id)).length,
    calls: totals.lendingCalls,
    repaid: totals.lendingRepaid,
    seized: totals.lendingSeized,
    liquidatorGain: totals.lendingLiquidatorGain,
    badDebt,
  };
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
