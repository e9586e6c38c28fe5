import { computeInstrumentBlock, computeScenarioMoves, computeStressBlock, isInverse, positionMark, type InstrumentBlock, type InstrumentBlockOptions, revalueInstruments, type RiskEngine, type RiskPlan, selectTail, stressMoves, tailMeasures } from '../engine/index.js';
import { InputError } from '../model/errors.js';
import type { MarginModel } from '../model/schemas.js';
import { type AccountMargin, computeAccountMargin } from './accountMargin.js';
import type { Contribution } from './attribution.js';
import { accountState, type AccountState, collateralAsset, COLLATERAL_PREFIX, createMarginContext, type Holding, type MarginContext } from './context.js';
import { appendInstruments } from './extendPlan.js';
import type { PortfolioRiskInputs } from './portfolio.js';
import type { MarginSetup } from './setup.js';

/** A proposed trade: signed contracts of a listed instrument. */
export interface Trade {
  instrument: string;
  quantity: number;
}

/**
 * What incremental margin reads instead of re-simulating: the plan's whole instrument P&L
 * block (and the moves behind it), its stress-grid block and, with the floor on, the block
 * under the stressed calibration. An account's P&L in every scenario is then Σ q·row, so a
 * what-if costs one pass over the account's rows, a tail selection and the rule-based models.
 * Built once (CPU, f64, the engine's own stages), reused for every what-if; instruments nobody
 * held are appended on first use, revalued on the cached moves.
 */
export interface MarginCache {
  setup: MarginSetup;
  ctx: MarginContext;
  block: InstrumentBlock;
  stressBlock: Float64Array;
  stressedBlock?: InstrumentBlock;
  /** Milliseconds spent building the blocks. */
  buildMs: number;
  indexOfInstrument: Map<string, number>;
  indexOfAccount: Map<string, number>;
  scenarioIndex: Uint32Array;
  before: Map<string, AccountMargin>;
}

export function buildMarginCache(setup: MarginSetup, options: InstrumentBlockOptions = {}): MarginCache {
  const began = performance.now();
  const block = computeInstrumentBlock(setup.plan, options);
  const stressedBlock = setup.stressedPlan ? computeInstrumentBlock(setup.stressedPlan, options) : undefined;
  return cacheOf(setup, block, stressedBlock, began);
}

/**
 * The same cache with the P&L block revalued on a backend (`margin whatif --backend`): on the
 * GPU the block holds the f32 values the GPU run aggregated, so what-if agrees with that run.
 * The moves are generated on the host (f64), for instruments a what-if adds later.
 */
export async function buildMarginCacheOn(engine: RiskEngine, setup: MarginSetup, options: InstrumentBlockOptions = {}): Promise<MarginCache> {
  const began = performance.now();
  const blockOn = async (plan: RiskPlan): Promise<InstrumentBlock> => ({
    scenarioCount: plan.scenarioCount,
    instrumentCount: plan.instrumentIds.length,
    moves: computeScenarioMoves(plan, options),
    pnl: await engine.revalueScenarios(plan, Uint32Array.from({ length: plan.scenarioCount }, (_, s) => s)),
  });
  const block = await blockOn(setup.plan);
  const stressedBlock = setup.stressedPlan ? await blockOn(setup.stressedPlan) : undefined;
  return cacheOf(setup, block, stressedBlock, began);
}

function cacheOf(setup: MarginSetup, block: InstrumentBlock, stressedBlock: InstrumentBlock | undefined, began: number): MarginCache {
  const stressBlock = computeStressBlock(setup.plan);
  return {
    setup,
    ctx: setup.ctx,
    block,
    stressBlock,
    stressedBlock,
    buildMs: performance.now() - began,
    indexOfInstrument: new Map(setup.plan.instrumentIds.map((id, i) => [id, i])),
    indexOfAccount: new Map(setup.plan.accountIds.map((id, a) => [id, a])),
    scenarioIndex: Uint32Array.from({ length: setup.plan.scenarioCount }, (_, s) => s),
    before: new Map(),
  };
}

/** Where the account and the trades came from, for error messages (the CLI: --account, --trade). */
export interface WhatIfSources {
  account?: string;
  trades?: string;
}

export interface WhatIfResult {
  account: string;
  trades: Trade[];
  /** USD paid for the trades at mark (option premiums, spot purchases; negative: received), in the settlement asset, inverse trades in their coin. */
  premium: number;
  /** Balances after paying the premium. */
  balancesAfter: Record<string, number>;
  before: AccountMargin;
  after: AccountMargin;
  /** after − before initial margin, per model: the trade's incremental initial margin. */
  incrementalInitial: Record<MarginModel, number>;
  /** Milliseconds this what-if took (the cached blocks excluded). */
  evaluationMs: number;
}

/**
 * The account's margins before and after `trades`, from the cached blocks: no simulation. On
 * the same inputs a full rerun with the trades in the book (premium paid from the settlement
 * asset, or for an inverse trade from its coin) gives the same numbers, to rounding: same scenarios, same revaluation, same sum order.
 */
export function whatIf(cache: MarginCache, account: string, trades: readonly Trade[], sources: WhatIfSources = {}): WhatIfResult {
  const began = performance.now();
  const a = cache.indexOfAccount.get(account);
  if (a === undefined) throw new InputError(sources.account ?? 'what-if', 'account', account, 'no such account in the book');
  const tradesSource = sources.trades ?? 'what-if';
  if (trades.length === 0) throw new InputError(tradesSource, 'trades', [], 'no trades given');
  ensureInstruments(cache, trades.map((t) => t.instrument), (id) => ({ source: tradesSource, field: `trades[${trades.findIndex((t) => t.instrument === id)}].instrument` }));

  const beforeState = accountState(cache.ctx, a);
  let before = cache.before.get(account);
  if (!before) {
    before = evaluate(cache, beforeState);
    cache.before.set(account, before);
  }

  const { plan } = cache.ctx;
  const merged = new Map<number, number>(beforeState.positions.map((h) => [h.instrument, h.quantity]));
  let premium = 0;
  const paid = new Map<string, number>();
  for (const trade of trades) {
    const i = cache.indexOfInstrument.get(trade.instrument)!;
    merged.set(i, (merged.get(i) ?? 0) + trade.quantity);
    const cost = positionMark(plan, i, trade.quantity, plan.basePrice[i], plan.basePrice[i]);
    premium += cost;
    const asset = paymentAsset(cache.ctx, i);
    paid.set(asset, (paid.get(asset) ?? 0) + cost);
  }
  const balancesAfter = { ...beforeState.balances };
  for (const [asset, cost] of paid) {
    if (cost === 0) continue;
    const field = asset === cache.ctx.params.collateral.settlementAsset ? 'margin.collateral.settlementAsset' : `trades: premium in ${asset}`;
    const info = collateralAsset(cache.ctx, asset, { source: cache.setup.sources.params, field, value: asset });
    balancesAfter[asset] = (balancesAfter[asset] ?? 0) - cost / info.price;
    if (info.inScenarios) {
      ensureInstruments(cache, [`${COLLATERAL_PREFIX}${asset}`], () => ({ source: cache.setup.sources.params, field }));
    }
  }
  const afterState: AccountState = {
    account,
    positions: [...merged].filter(([, q]) => q !== 0).map(([instrument, quantity]) => ({ instrument, quantity })),
    balances: balancesAfter,
  };
  const after = evaluate(cache, afterState);
  const models: MarginModel[] = ['isolated', 'cross', 'portfolio'];
  return {
    account,
    trades: trades.map((t) => ({ ...t })),
    premium,
    balancesAfter,
    before,
    after,
    incrementalInitial: Object.fromEntries(models.map((m) => [m, after.margin[m].initial - before.margin[m].initial])) as Record<MarginModel, number>,
    evaluationMs: performance.now() - began,
  };
}

/**
 * The asset a trade's premium is paid in: the settlement asset (USDC by default) for a linear
 * instrument, its own coin for an inverse one (a BTC option's premium is paid in BTC, and that
 * BTC then moves in the scenarios with the rest of the account's coin).
 */
function paymentAsset(ctx: MarginContext, i: number): string {
  const { plan } = ctx;
  return isInverse(plan, i) ? plan.underlyings[plan.underlyingIndex[i]] : ctx.params.collateral.settlementAsset;
}

/**
 * Scenario risk of a set of holdings from the blocks, exactly as the CPU engine aggregates an
 * account: P&L(s) = 0 + Σ q·pnl_i(s) in CSR order (traded positions, then collateral in
 * balance order), loss = −P&L, exact tail.
 */
function evaluate(cache: MarginCache, state: AccountState): AccountMargin {
  const holdings = riskHoldings(cache, state);
  const { plan } = cache.ctx;
  const base = tailOf(cache, cache.block, holdings);
  const g = plan.stress.length;
  const stressPnl = new Float64Array(g);
  for (const { instrument, quantity } of holdings) {
    for (let k = 0; k < g; k++) stressPnl[k] += quantity * cache.stressBlock[instrument * g + k];
  }
  const risk: PortfolioRiskInputs = {
    expectedShortfall: base.expectedShortfall,
    stressPnl,
    stressedExpectedShortfall: cache.stressedBlock ? tailOf(cache, cache.stressedBlock, holdings).expectedShortfall : undefined,
  };
  const margin = computeAccountMargin(cache.ctx, state, risk);
  // Euler contributions from the same tail: (1/k) Σ_tail −q·pnl_i(s).
  const S = cache.block.scenarioCount;
  margin.contributions = holdings
    .map(({ instrument, quantity }): Contribution => {
      let sum = 0;
      for (const s of base.tail) sum += -quantity * cache.block.pnl[instrument * S + s];
      return { instrument: plan.instrumentIds[instrument], quantity, contribution: base.tail.length > 0 ? sum / base.tail.length : 0 };
    })
    .sort((x, y) => y.contribution - x.contribution);
  return margin;
}

function tailOf(cache: MarginCache, block: InstrumentBlock, holdings: readonly Holding[]): { expectedShortfall: number; tail: Uint32Array } {
  const S = block.scenarioCount;
  const pnl = new Float64Array(S);
  for (const { instrument, quantity } of holdings) {
    const row = instrument * S;
    for (let s = 0; s < S; s++) pnl[s] += quantity * block.pnl[row + s];
  }
  for (let s = 0; s < S; s++) pnl[s] = -pnl[s];
  const tail = selectTail(pnl, cache.scenarioIndex, cache.ctx.plan.tailCount);
  return { expectedShortfall: tailMeasures(tail).expectedShortfall, tail: tail.scenarios };
}

/** Traded positions, then the collateral revalued in the scenarios, in the plan's order. */
function riskHoldings(cache: MarginCache, state: AccountState): Holding[] {
  const holdings = [...state.positions];
  for (const [asset, amount] of Object.entries(state.balances)) {
    if (amount === 0) continue;
    const info = collateralAsset(cache.ctx, asset, { source: cache.setup.sources.book, field: `${state.account}.balances.${asset}`, value: amount });
    if (!info.inScenarios) continue;
    const i = cache.indexOfInstrument.get(`${COLLATERAL_PREFIX}${asset}`);
    if (i === undefined) throw new Error(`what-if: collateral ${asset} has no instrument in the cached plan`);
    holdings.push({ instrument: i, quantity: amount });
  }
  return holdings;
}

/** Appends instruments not yet in the cached plan, revalued on the cached moves. */
function ensureInstruments(cache: MarginCache, ids: readonly string[], describe: (id: string) => { source: string; field: string }): void {
  const missing = [...new Set(ids.filter((id) => !cache.indexOfInstrument.has(id)))];
  if (missing.length === 0) return;
  const { setup } = cache;
  const { plan, added } = appendInstruments(cache.ctx.plan, missing, setup.plannedMarket, setup.inputs.params, setup.sources, describe);
  cache.block = appendRows(cache.block, revalueOn(added, cache.block));
  if (cache.stressedBlock && setup.stressedPlan) {
    const stressedAdded = { ...added, moveScale: setup.stressedPlan.moveScale };
    cache.stressedBlock = appendRows(cache.stressedBlock, revalueOn(stressedAdded, cache.stressedBlock));
  }
  const g = plan.stress.length;
  const stressRows = new Float64Array(added.instrumentIds.length * g);
  revalueInstruments(added, stressMoves(added), g, stressRows);
  const stressBlock = new Float64Array(cache.stressBlock.length + stressRows.length);
  stressBlock.set(cache.stressBlock);
  stressBlock.set(stressRows, cache.stressBlock.length);
  cache.stressBlock = stressBlock;

  const assets = cache.ctx.assets;
  cache.ctx = createMarginContext(plan, setup.ctx.params, setup.ctx.riskParams, setup.ctx.market, setup.sources);
  for (const [asset, info] of assets) cache.ctx.assets.set(asset, info);
  for (const id of missing) cache.indexOfInstrument.set(id, plan.instrumentIds.indexOf(id));
}

function revalueOn(added: RiskPlan, block: InstrumentBlock): Float64Array {
  const rows = new Float64Array(added.instrumentIds.length * block.scenarioCount);
  revalueInstruments(added, block.moves, block.scenarioCount, rows);
  return rows;
}

function appendRows(block: InstrumentBlock, rows: Float64Array): InstrumentBlock {
  const pnl = new Float64Array(block.pnl.length + rows.length);
  pnl.set(block.pnl);
  pnl.set(rows, block.pnl.length);
  return { ...block, instrumentCount: block.instrumentCount + rows.length / block.scenarioCount, pnl };
}
