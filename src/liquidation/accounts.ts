import { positionMark, type RiskPlan, valueInstrument } from '../engine/index.js';
import { valueCollateral } from '../margin/collateral.js';
import { accountState, type Holding, type MarginContext } from '../margin/context.js';

/**
 * One account during a cascade: its traded positions, its collateral balances (units of each
 * asset), and USD cash (variation margin settled since the start, proceeds of closed positions,
 * penalties, insurance payouts and ADL transfers; starts at 0).
 */
export interface CascadeAccount {
  index: number;
  id: string;
  positions: Holding[];
  balances: Record<string, number>;
  cash: number;
  /** Today's equity haircut share per collateral asset (kept fixed, as liquidation prices do). */
  haircut: Record<string, number>;
  /** Today's rule-model charge for collateral price risk (unified mode). */
  collateralCharge: number;
  /** Closed out (equity turned negative): holds no positions any more. */
  closedOut: boolean;
}

/** The book's accounts as they stand today (venue views of cross-venue accounts are opened by cascadeAccounts.ts). */
export function openAccounts(ctx: MarginContext): CascadeAccount[] {
  return ctx.plan.accountIds.slice(0, ctx.bookAccounts).map((_, a) => openAccount(ctx, a));
}

/** Plan account `a` (a book account or a venue view) as it stands today. */
export function openAccount(ctx: MarginContext, a: number): CascadeAccount {
  const id = ctx.plan.accountIds[a];
  const state = accountState(ctx, a);
  const collateral = valueCollateral(ctx, id, state.balances);
  return {
    index: a,
    id,
    positions: state.positions.map((h) => ({ ...h })),
    balances: state.balances,
    cash: 0,
    haircut: Object.fromEntries(collateral.holdings.map((h) => [h.asset, h.haircut])),
    collateralCharge: collateral.marketRiskCharge,
    closedOut: false,
  };
}

/** Prices of one moment: per asset (every market underlying) and per plan instrument. */
export interface PriceState {
  asset: Record<string, number>;
  /** Per plan instrument: valueInstrument at the asset prices, per unit before the multiplier. */
  instrument: Float64Array;
}

export function priceState(plan: RiskPlan, asset: Record<string, number>, elapsedYears: number): PriceState {
  const instrument = new Float64Array(plan.instrumentIds.length);
  for (let i = 0; i < instrument.length; i++) {
    const price = asset[plan.underlyings[plan.underlyingIndex[i]]];
    instrument[i] = valueInstrument(plan, i, price, 1, elapsedYears);
  }
  return { asset: { ...asset }, instrument };
}

/**
 * Mark value of an account (the ledger's unit): cash + collateral at market value + spot and
 * options at value + futures and perpetuals at their unsettled variation margin
 * q·m·(V − settled). No haircuts.
 */
export function markValue(plan: RiskPlan, account: CascadeAccount, prices: PriceState, settled: Float64Array): number {
  let value = account.cash;
  for (const [asset, amount] of Object.entries(account.balances)) value += amount * prices.asset[asset];
  for (const { instrument: i, quantity } of account.positions) value += positionMark(plan, i, quantity, prices.instrument[i], settled[i]);
  return value;
}

/**
 * Equity as margin sees it at `price(asset)` (the oracle's prices): collateral after today's
 * haircut shares, cash, positions revalued with the engine's valuation, futures and perpetuals
 * at their variation margin against the last settlement.
 */
export function marginEquity(
  plan: RiskPlan,
  account: CascadeAccount,
  price: (asset: string) => number,
  elapsedYears: number,
  settled: Float64Array,
): number {
  let equity = account.cash;
  for (const [asset, amount] of Object.entries(account.balances)) {
    if (amount === 0) continue;
    const value = amount * price(asset);
    const h = account.haircut[asset] ?? 0;
    equity += value >= 0 ? value * (1 - h) : value * (1 + h);
  }
  for (const { instrument: i, quantity } of account.positions) {
    const value = valueInstrument(plan, i, price(plan.underlyings[plan.underlyingIndex[i]]), 1, elapsedYears);
    equity += positionMark(plan, i, quantity, value, settled[i]);
  }
  return equity;
}

/** Signed delta exposure (USD at `prices`) per asset: positions' deltas plus collateral. */
export function exposures(ctx: MarginContext, account: CascadeAccount, prices: Readonly<Record<string, number>>): Map<string, number> {
  const { plan } = ctx;
  const out = new Map<string, number>();
  for (const { instrument: i, quantity } of account.positions) {
    const asset = plan.underlyings[plan.underlyingIndex[i]];
    out.set(asset, (out.get(asset) ?? 0) + quantity * plan.multiplier[i] * ctx.deltaPerContract[i] * prices[asset]);
  }
  for (const [asset, amount] of Object.entries(account.balances)) {
    if (amount !== 0) out.set(asset, (out.get(asset) ?? 0) + amount * prices[asset]);
  }
  return out;
}
