import { type EngineSource, holdsValue } from '../engine/index.js';
import type { ModelRequirement } from '../margin/health.js';
import { runMargin } from '../margin/runMargin.js';
import type { MarginSetup } from '../margin/setup.js';
import { buildMarginCache } from '../margin/whatIf.js';
import { DAYS_PER_YEAR } from '../model/time.js';
import { parseInput } from '../model/validate.js';
import { type CascadeAccount, exposures, marginEquity, markValue, openAccounts, type PriceState, priceState } from './accounts.js';
import { ValueLedger } from './ledger.js';
import { LiquidationMarket } from './market.js';
import type { FeedStatus } from '../oracle/types.js';
import { type CascadeOracle, venueOracle } from './oracleView.js';
import { LiquidationParamsSchema, type LiquidationParams, type LiquidationParamsInput } from './params.js';
import type { CascadeScenario } from './scenarios.js';
import { StepMarginModel } from './stepMargin.js';

/** One logged action of the liquidation engine. */
export type LiquidationEvent =
  | { step: number; kind: 'start'; account: string; health: number; marketHealth: number; equity: number; initial: number; maintenance: number; grossNotional: number }
  | { step: number; kind: 'partial'; account: string; instrument: string; quantity: number; notional: number; cost: number; penalty: number; healthBefore: number; healthAfter: number; marketHealth: number }
  | { step: number; kind: 'closeout'; account: string; instrument: string; quantity: number; notional: number; cost: number; penalty: number; reason: string; marketHealth: number }
  | { step: number; kind: 'insurance'; account: string; amount: number; fundAfter: number }
  | { step: number; kind: 'adl'; account: string; counterparty: string; instrument: string; quantity: number; amount: number; rankScore: number }
  | { step: number; kind: 'uncovered'; account: string; amount: number }
  | { step: number; kind: 'stopped'; account: string; health: number; reason: string }
  | { step: number; kind: 'frozen'; account: string; assets: string[]; health: number };

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

const MAX_ITERATIONS_PER_ACCOUNT = 400;

/**
 * Runs a liquidation cascade over the book of `setup` along the scenario's price path.
 *
 * t0: the margin run on the chosen backend (health of every account), and the cached
 * instrument P&L block (CPU f64) from which every later margin is re-aggregated (StepMarginModel).
 * Each step t: prices move (path × accumulated liquidation impact), variation margin settles,
 * the oracle observes, every account's health is computed at the oracle's prices, accounts
 * below 1 are liquidated worst first (partial, greedy; or closed out when equity ≤ 0, with the
 * insurance fund, then ADL, covering the shortfall), and the step's net liquidation flow moves
 * the next step's price.
 */
export async function runCascade(setup: MarginSetup, scenario: CascadeScenario, options: CascadeOptions = {}): Promise<CascadeResult> {
  const params = parseInput(LiquidationParamsSchema, { ...scenario.params, ...options.params }, 'liquidation params');
  const S = setup.plan.scenarioCount;
  const totalTicks = S + scenario.path.length;
  const run = await runMargin(setup, { engine: options.engine, attribution: false, onProgress: options.onProgress && ((d) => options.onProgress!(d, totalTicks, 'risk')) });
  const cache = buildMarginCache(setup);
  const model = new StepMarginModel(cache);
  const ctx = model.ctx;
  const plan = ctx.plan;
  const accounts = openAccounts(ctx);
  const market = new LiquidationMarket(ctx, params);
  const ledger = new ValueLedger();
  const events: LiquidationEvent[] = [];

  const today: Record<string, number> = Object.fromEntries(Object.entries(setup.inputs.market.underlyings).map(([a, u]) => [a, u.spot]));
  const assets = Object.keys(today);
  const stepMs = params.stepDays * 86_400_000;
  const startMs = scenario.times?.[0] ?? Date.parse(setup.inputs.market.valuationTime);
  const timeOf = (t: number) => scenario.times?.[t] ?? startMs + t * stepMs;
  const oracle: CascadeOracle = scenario.oracle ? scenario.oracle(today, startMs) : venueOracle(today, startMs);
  const unitRatio = Float64Array.from(plan.underlyings, () => 1);

  // Parity of the step model with the backend run at t0 (same holdings, ratio 1).
  let stepModelMaxRelDiff = 0;
  run.margin.accounts.forEach((m, a) => {
    const acc = accounts[a];
    const req = model.requirement(acc.positions, acc.balances, unitRatio, acc.collateralCharge);
    const ref = m.margin[m.enforced].maintenance;
    if (ref > 0) stepModelMaxRelDiff = Math.max(stepModelMaxRelDiff, Math.abs(req.maintenance - ref) / ref);
  });

  let fund = params.insuranceFund;
  let costsPaid = 0;
  const totals = { liquidatedNotional: 0, closingCosts: 0, penalties: 0, badDebt: 0, insurancePaid: 0, adlAmount: 0, uncovered: 0 };
  const liquidatedEver = new Set<number>();
  const closedEver = new Set<number>();
  let prices: PriceState = priceState(plan, today, 0);
  const settled = Float64Array.from(prices.instrument);
  const steps: CascadeStep[] = [];
  ledger.close(accounts.reduce((s, acc) => s + markValue(plan, acc, prices, settled), 0) + fund, 0);

  for (let t = 0; t < scenario.path.length; t++) {
    const elapsed = (timeOf(t) - startMs) / (86_400_000 * DAYS_PER_YEAR);
    const withoutImpact: Record<string, number> = {};
    const marketPrices: Record<string, number> = {};
    for (const asset of assets) {
      withoutImpact[asset] = today[asset] * (scenario.path[t][asset] ?? lastMultiplier(scenario, t, asset));
      marketPrices[asset] = withoutImpact[asset] * (market.impact.get(asset) ?? 1);
    }
    // Market moves: value change of every holding from the last prices to these.
    const next = priceState(plan, marketPrices, elapsed);
    let marketPnl = 0;
    for (const acc of accounts) {
      let pnl = 0;
      for (const [asset, amount] of Object.entries(acc.balances)) pnl += amount * (next.asset[asset] - prices.asset[asset]);
      for (const { instrument: i, quantity } of acc.positions) {
        const change = quantity * plan.multiplier[i] * (next.instrument[i] - prices.instrument[i]);
        pnl += change;
        if (!holdsValue(plan, i)) acc.cash += quantity * plan.multiplier[i] * (next.instrument[i] - settled[i]); // variation margin settles
      }
      marketPnl += pnl;
    }
    prices = next;
    for (let i = 0; i < settled.length; i++) if (!holdsValue(plan, i)) settled[i] = prices.instrument[i];
    oracle.observe(t, marketPrices, timeOf(t));

    const step = { liquidatedNotional: 0, liquidated: new Set<number>(), closedOut: 0, frozen: 0, unhealthy: 0, closingCosts: 0, penalties: 0, badDebt: 0, insurancePaid: 0, adlAmount: 0 };

    /** Health inputs of an account at the oracle's prices (conservative side of its exposure). */
    const view = (acc: CascadeAccount) => {
      const exposure = exposures(ctx, acc, marketPrices);
      const oraclePrice = (asset: string) => oracle.price(asset, Math.sign(exposure.get(asset) ?? 0));
      const ratio = Float64Array.from(plan.underlyings, (u) => oraclePrice(u) / today[u]);
      return { exposure, oraclePrice, ratio };
    };
    const equityOf = (acc: CascadeAccount, v: ReturnType<typeof view>) => marginEquity(plan, acc, v.oraclePrice, elapsed, settled);
    const requirementOf = (acc: CascadeAccount, v: ReturnType<typeof view>): ModelRequirement => {
      const base =
        t === 0 && !liquidatedEver.has(acc.index)
          ? run.margin.accounts[acc.index].margin[ctx.params.enforced]
          : model.requirement(acc.positions, acc.balances, v.ratio, acc.collateralCharge);
      // A degraded or halted feed adds the oracle's add-on on the exposure's notional to the
      // initial margin only: it raises the target a liquidation restores and blocks new risk,
      // but oracle uncertainty alone never makes an account liquidatable.
      let addOn = 0;
      for (const [asset, exposure] of exposures(ctx, acc, marketPrices)) addOn += oracle.addOn(asset, exposure);
      return addOn > 0 ? { initial: base.initial + addOn, maintenance: base.maintenance } : base;
    };

    // Health of every account with positions at the oracle's prices; liquidate worst first.
    const queue: { acc: CascadeAccount; health: number }[] = [];
    for (const acc of accounts) {
      if (acc.positions.length === 0) continue;
      const v = view(acc);
      const req = requirementOf(acc, v);
      if (!(req.maintenance > 0)) continue;
      const health = equityOf(acc, v) / req.maintenance;
      if (health < 1) queue.push({ acc, health });
    }
    step.unhealthy = queue.length;
    queue.sort((x, y) => x.health - y.health || x.acc.index - y.acc.index);

    /** Closing dq contracts of position j: its asset, notional and signed delta flow (USD) at market prices. */
    const sliceFlow = (acc: CascadeAccount, j: number, dq: number) => {
      const i = acc.positions[j].instrument;
      const asset = plan.underlyings[plan.underlyingIndex[i]];
      const m = plan.multiplier[i];
      return { asset, notional: Math.abs(dq) * m * marketPrices[asset], flow: dq * m * ctx.deltaPerContract[i] * marketPrices[asset] };
    };
    /** Changes position j by dq at mark (held value becomes cash); drops it once it is closed. */
    const resize = (acc: CascadeAccount, j: number, dq: number) => {
      const h = acc.positions[j];
      if (holdsValue(plan, h.instrument)) acc.cash -= dq * plan.multiplier[h.instrument] * prices.instrument[h.instrument];
      h.quantity += dq;
      if (Math.abs(h.quantity) <= 1e-12 * Math.abs(h.quantity - dq)) acc.positions.splice(j, 1);
    };
    const close = (acc: CascadeAccount, j: number, dq: number) => {
      const instrument = plan.instrumentIds[acc.positions[j].instrument];
      const { asset, notional, flow } = sliceFlow(acc, j, dq);
      const cost = market.execute(asset, flow);
      resize(acc, j, dq);
      acc.cash -= cost;
      costsPaid += cost;
      return { notional, cost, instrument };
    };
    const quoteCost = (acc: CascadeAccount, j: number, dq: number) => {
      const { asset, notional, flow } = sliceFlow(acc, j, dq);
      return { notional, cost: market.quote(asset, flow) };
    };
    /** Σ |q·m·price| over the account's positions, at market prices. */
    const grossNotional = (acc: CascadeAccount) =>
      acc.positions.reduce((sum, { instrument: i, quantity }) => sum + Math.abs(quantity * plan.multiplier[i] * marketPrices[plan.underlyings[plan.underlyingIndex[i]]]), 0);
    const payPenalty = (acc: CascadeAccount, amount: number) => {
      acc.cash -= amount;
      fund += amount;
      step.penalties += amount;
    };

    const closeOut = (acc: CascadeAccount, reason: string, marketHealth: number) => {
      while (acc.positions.length > 0) {
        const j = acc.positions.length - 1;
        const dq = -acc.positions[j].quantity;
        const { notional, cost, instrument } = close(acc, j, dq);
        const value = markValue(plan, acc, prices, settled);
        const penalty = Math.min(params.penaltyRate * notional, Math.max(0, value));
        payPenalty(acc, penalty);
        step.liquidatedNotional += notional;
        step.closingCosts += cost;
        events.push({ step: t, kind: 'closeout', account: acc.id, instrument, quantity: dq, notional, cost, penalty, reason, marketHealth });
      }
      acc.closedOut = true;
      step.closedOut++;
      closedEver.add(acc.index);
      step.liquidated.add(acc.index);
      const value = markValue(plan, acc, prices, settled);
      if (value >= 0) return;
      let deficit = -value;
      step.badDebt += deficit;
      const paid = Math.min(fund, deficit);
      if (paid > 0) {
        fund -= paid;
        acc.cash += paid;
        deficit -= paid;
        step.insurancePaid += paid;
        events.push({ step: t, kind: 'insurance', account: acc.id, amount: paid, fundAfter: fund });
      }
      if (deficit > 0 && params.adl) deficit = autoDeleverage(acc, deficit, lastExposure.get(acc.index) ?? new Map());
      if (deficit > 0) {
        totals.uncovered += deficit;
        events.push({ step: t, kind: 'uncovered', account: acc.id, amount: deficit });
      }
    };

    /**
     * Auto-deleveraging: accounts holding exposure opposite to the bankrupt account's, ranked by
     * unrealized profit share × leverage (Binance / BitMEX), give up profit on a part of their
     * position: it is closed at the bankruptcy price (their profit on that part is transferred
     * to the bankrupt account), until the deficit is covered. No market flow, no penalty.
     */
    const autoDeleverage = (bankrupt: CascadeAccount, deficit: number, exposure: Map<string, number>): number => {
      const candidates: { acc: CascadeAccount; j: number; profit: number; score: number }[] = [];
      for (const acc of accounts) {
        if (acc === bankrupt || acc.positions.length === 0) continue;
        const value = markValue(plan, acc, prices, settled);
        if (value <= 0) continue;
        const leverage = grossNotional(acc) / value;
        acc.positions.forEach(({ instrument: i, quantity }, j) => {
          const asset = plan.underlyings[plan.underlyingIndex[i]];
          const theirs = quantity * ctx.deltaPerContract[i];
          const bankruptSide = exposure.get(asset) ?? 0;
          if (bankruptSide === 0 || Math.sign(theirs) === Math.sign(bankruptSide)) return;
          const profit = quantity * plan.multiplier[i] * (prices.instrument[i] - plan.basePrice[i]);
          if (profit <= 0) return;
          const entry = Math.abs(quantity * plan.multiplier[i] * plan.basePrice[i]) || 1;
          candidates.push({ acc, j, profit, score: (profit / entry) * leverage });
        });
      }
      candidates.sort((x, y) => y.score - x.score || x.acc.index - y.acc.index);
      const touched = candidates.map((c) => ({ ...c, instrument: c.acc.positions[c.j].instrument }));
      for (const c of touched) {
        if (deficit <= 0) break;
        const j = c.acc.positions.findIndex((h) => h.instrument === c.instrument);
        if (j < 0) continue;
        const amount = Math.min(deficit, c.profit);
        const dq = -c.acc.positions[j].quantity * (amount / c.profit);
        resize(c.acc, j, dq);
        c.acc.cash -= amount;
        bankrupt.cash += amount;
        deficit -= amount;
        step.adlAmount += amount;
        events.push({ step: t, kind: 'adl', account: bankrupt.id, counterparty: c.acc.id, instrument: plan.instrumentIds[c.instrument], quantity: dq, amount, rankScore: c.score });
      }
      return deficit;
    };
    const lastExposure = new Map<number, Map<string, number>>();

    for (const { acc } of queue) {
      if (acc.positions.length === 0) continue;
      const v = view(acc);
      lastExposure.set(acc.index, v.exposure);
      const frozen = [...v.exposure.keys()].filter((asset) => oracle.frozen(asset));
      let req = requirementOf(acc, v);
      let equity = equityOf(acc, v);
      const health = equity / req.maintenance;
      if (!(health < 1)) continue; // an earlier liquidation moved nothing here, but recheck anyway
      if (frozen.length > 0) {
        step.frozen++;
        events.push({ step: t, kind: 'frozen', account: acc.id, assets: frozen, health });
        continue;
      }
      // Health at the market's own prices (no oracle): what a liquidation is checked against.
      const marketView = { exposure: v.exposure, oraclePrice: (asset: string) => marketPrices[asset], ratio: Float64Array.from(plan.underlyings, (u) => marketPrices[u] / today[u]) };
      const marketReq = model.requirement(acc.positions, acc.balances, marketView.ratio, acc.collateralCharge);
      const marketHealth = equityOf(acc, marketView) / marketReq.maintenance;
      events.push({ step: t, kind: 'start', account: acc.id, health, marketHealth, equity, initial: req.initial, maintenance: req.maintenance, grossNotional: grossNotional(acc) });
      if (equity <= 0) {
        closeOut(acc, 'equity negative', marketHealth);
        continue;
      }
      liquidatedEver.add(acc.index);
      step.liquidated.add(acc.index);
      /** The equity a liquidation restores: initial margin, or the target health × maintenance. */
      const targetOf = (r: ModelRequirement) => (params.target === 'initial' ? r.initial : params.target * r.maintenance);
      const meets = (e: number, r: ModelRequirement) => e >= targetOf(r);
      const startSize = new Map(acc.positions.map((h) => [h.instrument, Math.abs(h.quantity)]));
      let stuck = false;
      for (let iter = 0; iter < MAX_ITERATIONS_PER_ACCOUNT && !meets(equity, req) && acc.positions.length > 0; iter++) {
        const gap = targetOf(req) - equity;
        // Rank by Euler ES contribution per USD closed; check the best few exactly.
        const contrib = model.contributions(acc.positions, acc.balances, v.ratio);
        const order = acc.positions
          .map((h, j) => ({ j, score: contrib[j] / (Math.abs(h.quantity) * plan.multiplier[h.instrument] * marketPrices[plan.underlyings[plan.underlyingIndex[h.instrument]]]) }))
          .sort((x, y) => y.score - x.score);
        const trySlice = (j: number, fraction: number) => {
          const h = acc.positions[j];
          const size = Math.min(Math.abs(h.quantity), params.sliceFraction * (startSize.get(h.instrument) ?? Math.abs(h.quantity)));
          const dq = -Math.sign(h.quantity) * size * fraction;
          const { notional, cost } = quoteCost(acc, j, dq);
          const saved = h.quantity;
          const savedCash = acc.cash;
          h.quantity += dq;
          if (holdsValue(plan, h.instrument)) acc.cash -= dq * plan.multiplier[h.instrument] * prices.instrument[h.instrument];
          acc.cash -= cost + params.penaltyRate * notional;
          const after = requirementOf(acc, v);
          const e = equityOf(acc, v);
          h.quantity = saved;
          acc.cash = savedCash;
          const gapAfter = targetOf(after) - e;
          return { dq, notional, relief: gap - gapAfter, meets: meets(e, after) };
        };
        let best: { j: number; dq: number; notional: number; relief: number; meets: boolean } | undefined;
        const pick = (list: typeof order) => {
          for (const { j } of list) {
            const r = trySlice(j, 1);
            if (r.relief > 0 && (!best || r.relief / r.notional > best.relief / best.notional)) best = { j, ...r };
          }
        };
        pick(order.slice(0, 3));
        if (!best) pick(order.slice(3));
        if (!best) {
          stuck = true;
          break;
        }
        let { dq } = best;
        if (best.meets) {
          // Close only as much of the slice as the target needs (bisection on the slice's share).
          let lo = 0;
          let hi = 1;
          for (let k = 0; k < 12; k++) {
            const mid = (lo + hi) / 2;
            if (trySlice(best.j, mid).meets) hi = mid;
            else lo = mid;
          }
          dq = trySlice(best.j, hi).dq;
        }
        const healthBefore = equity / req.maintenance;
        const { notional, cost, instrument } = close(acc, best.j, dq);
        const penalty = params.penaltyRate * notional;
        payPenalty(acc, penalty);
        step.liquidatedNotional += notional;
        step.closingCosts += cost;
        req = requirementOf(acc, v);
        equity = equityOf(acc, v);
        events.push({ step: t, kind: 'partial', account: acc.id, instrument, quantity: dq, notional, cost, penalty, healthBefore, healthAfter: req.maintenance > 0 ? equity / req.maintenance : Infinity, marketHealth });
        if (equity <= 0) break;
      }
      if (equity <= 0 || (stuck && equity < req.maintenance)) closeOut(acc, equity <= 0 ? 'equity negative' : 'partial close cannot restore health', marketHealth);
      else if (!meets(equity, req)) {
        // Healthy again (≥ 1) but short of the target: no remaining close lowers the shortfall
        // (what is left hedges, or costs more than it frees). Logged; the next step retries.
        events.push({ step: t, kind: 'stopped', account: acc.id, health: equity / req.maintenance, reason: acc.positions.length === 0 ? 'all positions closed: the rest of the requirement is collateral risk' : stuck ? 'no partial close reduces the shortfall to the target' : 'iteration limit' });
      }
    }

    market.endStep();
    const equityTotal = accounts.reduce((s, acc) => s + markValue(plan, acc, prices, settled), 0);
    const residual = ledger.close(equityTotal + fund + costsPaid, marketPnl);
    totals.liquidatedNotional += step.liquidatedNotional;
    totals.closingCosts += step.closingCosts;
    totals.penalties += step.penalties;
    totals.badDebt += step.badDebt;
    totals.insurancePaid += step.insurancePaid;
    totals.adlAmount += step.adlAmount;
    steps.push({
      step: t,
      prices: Object.fromEntries(
        assets.map((asset) => [asset, { market: marketPrices[asset], withoutImpact: withoutImpact[asset], oracle: oracle.price(asset, 0), status: oracle.status(asset) }]),
      ),
      liquidatedNotional: step.liquidatedNotional,
      liquidatedAccounts: step.liquidated.size,
      closedOutAccounts: step.closedOut,
      frozenAccounts: step.frozen,
      unhealthyAccounts: step.unhealthy,
      closingCosts: step.closingCosts,
      penalties: step.penalties,
      badDebt: step.badDebt,
      insurancePaid: step.insurancePaid,
      adlAmount: step.adlAmount,
      insuranceFund: fund,
      equity: equityTotal,
      marketPnl,
      conservationResidual: residual,
    });
    for (const q of queue) if (q.acc.positions.length === 0 && !q.acc.closedOut) liquidatedEver.add(q.acc.index);
    options.onProgress?.(S + t + 1, totalTicks, 'steps');
  }

  const liquidatable = run.margin.accounts.filter((m) => m.liquidatable).length;
  return {
    scenario: scenario.name,
    description: scenario.description,
    accounts: accounts.length,
    params,
    initialRisk: { backend: run.risk.backend, description: run.risk.engine, scenarios: S, liquidatable, stepModelMaxRelDiff },
    liquidatedNotional: totals.liquidatedNotional,
    liquidatedAccounts: new Set([...liquidatedEver, ...closedEver]).size,
    closedOutAccounts: closedEver.size,
    closingCosts: totals.closingCosts,
    penalties: totals.penalties,
    badDebt: totals.badDebt,
    insurancePaid: totals.insurancePaid,
    adlAmount: totals.adlAmount,
    uncoveredBadDebt: totals.uncovered,
    insuranceFundStart: params.insuranceFund,
    insuranceFund: fund,
    conservationError: ledger.maxResidual,
    steps,
    events,
  };
}

function lastMultiplier(scenario: CascadeScenario, t: number, asset: string): number {
  for (let k = t - 1; k >= 0; k--) {
    const m = scenario.path[k][asset];
    if (m !== undefined) return m;
  }
  return 1;
}
