import type { RiskPlan } from '../engine/index.js';
import type { MarginContext } from '../margin/context.js';
import { type CascadeAccount, markValue, type PriceState } from './accounts.js';
import type { LiquidationEvent } from './events.js';
import { ValueLedger } from './ledger.js';
import type { LiquidationMarket } from './market.js';
import type { LiquidationParams } from './params.js';
import { resizeAtMark } from './variationMargin.js';

/** The side of the market liquidations trade with: quote a flow's closing cost, or execute it. */
export type ClosingMarket = Pick<LiquidationMarket, 'quote' | 'execute'>;

/** What the current step has done so far: its report's figures, folded into the run totals when it closes. */
export interface StepTally {
  liquidatedNotional: number;
  /** Accounts liquidated this step, partially or closed out (by index). */
  liquidated: Set<number>;
  closedOut: number;
  frozen: number;
  /** Accounts below health 1 at the oracle's prices before anyone was liquidated. */
  unhealthy: number;
  closingCosts: number;
  penalties: number;
  badDebt: number;
  insurancePaid: number;
  adlAmount: number;
  /** Bad debt neither the fund nor ADL covered (not in the step report; summed for the run). */
  uncovered: number;
  /** Lending legs: liquidation calls, debt repaid (USD), collateral seized (USD). */
  lendingCalls: number;
  lendingRepaid: number;
  lendingSeized: number;
  /**
   * Lending legs: the value liquidators took out of the accounts (the seized collateral's market
   * value over the debt they repaid: the bonus, at market prices). It leaves the accounts like a
   * closing cost, so the ledger counts it.
   */
  lendingLiquidatorGain: number;
}

/** The run's sums of the closed steps' tallies. */
export type RunTotals = Pick<
  StepTally,
  'liquidatedNotional' | 'closingCosts' | 'penalties' | 'badDebt' | 'insurancePaid' | 'adlAmount' | 'uncovered' | 'lendingCalls' | 'lendingRepaid' | 'lendingSeized' | 'lendingLiquidatorGain'
>;

const TOTAL_KEYS = [
  'liquidatedNotional', 'closingCosts', 'penalties', 'badDebt', 'insurancePaid', 'adlAmount', 'uncovered',
  'lendingCalls', 'lendingRepaid', 'lendingSeized', 'lendingLiquidatorGain',
] as const satisfies readonly (keyof RunTotals)[];

function emptyTally(): StepTally {
  return {
    liquidatedNotional: 0, liquidated: new Set(), closedOut: 0, frozen: 0, unhealthy: 0, closingCosts: 0, penalties: 0, badDebt: 0, insurancePaid: 0, adlAmount: 0, uncovered: 0,
    lendingCalls: 0, lendingRepaid: 0, lendingSeized: 0, lendingLiquidatorGain: 0,
  };
}

export interface CascadeStateInit {
  ctx: Pick<MarginContext, 'plan' | 'deltaPerContract'>;
  params: LiquidationParams;
  accounts: CascadeAccount[];
  market: ClosingMarket;
  /** The prices at the start; futures and perpetuals count as settled at them. */
  prices: PriceState;
}

/**
 * Everything a cascade changes as it runs, and the operations that keep its books straight: the
 * accounts, the insurance fund, the current prices and settlement values, the value ledger, the
 * events log, the current step's tally and the run totals (the sum of the closed steps' tallies,
 * nothing kept twice). The steps (partialLiquidation, closeOut, autoDeleverage, variationMargin)
 * change it only through the account fields and these methods, so that every USD that leaves
 * one place arrives in another and the ledger balances.
 */
export class CascadeState {
  readonly plan: RiskPlan;
  readonly deltaPerContract: Float64Array;
  readonly params: LiquidationParams;
  readonly accounts: CascadeAccount[];
  readonly market: ClosingMarket;
  readonly ledger = new ValueLedger();
  readonly events: LiquidationEvent[] = [];
  /** USD in the insurance fund. */
  fund: number;
  prices: PriceState;
  /** Years since the start at the current prices (option time decay). */
  elapsedYears = 0;
  /** Per instrument: the value futures and perpetuals last settled their variation margin at. */
  readonly settled: Float64Array;
  /** The step being run (0: today). */
  step = 0;
  tally: StepTally = emptyTally();
  readonly totals: RunTotals = {
    liquidatedNotional: 0, closingCosts: 0, penalties: 0, badDebt: 0, insurancePaid: 0, adlAmount: 0, uncovered: 0,
    lendingCalls: 0, lendingRepaid: 0, lendingSeized: 0, lendingLiquidatorGain: 0,
  };
  /**
   * Accounts a partial liquidation has worked on (or ADL emptied while unhealthy). At step 0 the
   * others keep the backend's margins; and they count among the run's liquidated accounts.
   */
  readonly liquidatedEver = new Set<number>();

  constructor(init: CascadeStateInit) {
    this.plan = init.ctx.plan;
    this.deltaPerContract = init.ctx.deltaPerContract;
    this.params = init.params;
    this.accounts = init.accounts;
    this.market = init.market;
    this.fund = init.params.insuranceFund;
    this.prices = init.prices;
    this.settled = Float64Array.from(init.prices.instrument);
    this.ledger.close(this.ledgerTotal(), 0);
  }

  /** Mark value of an account at the current prices (the ledger's unit, no haircuts). */
  markValue(account: CascadeAccount): number {
    return markValue(this.plan, account, this.prices, this.settled);
  }

  /** Σ account mark value. */
  equityTotal(): number {
    return this.accounts.reduce((sum, account) => sum + this.markValue(account), 0);
  }

  /**
   * The ledger's total: Σ account mark value + the insurance fund + the closing costs paid to the
   * market so far (closed steps and this one) + what lending liquidators took (0 without lending
   * legs). Only market moves change it.
   */
  ledgerTotal(equity = this.equityTotal()): number {
    return equity + this.fund + (this.totals.closingCosts + this.tally.closingCosts) + (this.totals.lendingLiquidatorGain + this.tally.lendingLiquidatorGain);
  }

  /** Notional of `quantity` contracts of instrument i: |q|·m·(market price of its underlying). */
  notional(i: number, quantity: number): number {
    return Math.abs(quantity) * this.plan.multiplier[i] * this.prices.asset[this.underlyingOf(i)];
  }

  /** Σ notional of the account's positions. */
  grossNotional(account: CascadeAccount): number {
    return account.positions.reduce((sum, { instrument, quantity }) => sum + this.notional(instrument, quantity), 0);
  }

  /** The closing cost (USD) and notional of changing position j by dq contracts, not executed. */
  quote(account: CascadeAccount, j: number, dq: number): { notional: number; cost: number } {
    const { asset, notional, flow } = this.flowOf(account, j, dq);
    return { notional, cost: this.market.quote(asset, flow) };
  }

  /**
   * A liquidation trade: changes position j by dq contracts at the market. The part traded turns
   * into cash at mark; the closing cost goes from the account's cash to the market (out of the
   * accounts, into the ledger's closing costs). Counted as liquidated notional.
   */
  closeAtMarket(account: CascadeAccount, j: number, dq: number): { instrument: string; notional: number; cost: number } {
    const instrument = this.plan.instrumentIds[account.positions[j].instrument];
    const { asset, notional, flow } = this.flowOf(account, j, dq);
    const cost = this.market.execute(asset, flow);
    resizeAtMark(this, account, j, dq);
    account.cash -= cost;
    this.tally.liquidatedNotional += notional;
    this.tally.closingCosts += cost;
    return { instrument, notional, cost };
  }

  /** A liquidation penalty: from the account's cash into the insurance fund. */
  payPenalty(account: CascadeAccount, amount: number): void {
    account.cash -= amount;
    this.fund += amount;
    this.tally.penalties += amount;
  }

  /** Pays up to `shortfall` from the insurance fund into the account; returns what it paid. */
  payFromFund(account: CascadeAccount, shortfall: number): number {
    const paid = Math.min(this.fund, shortfall);
    if (paid > 0) {
      this.fund -= paid;
      account.cash += paid;
      this.tally.insurancePaid += paid;
      this.events.push({ step: this.step, kind: 'insurance', account: account.id, amount: paid, fundAfter: this.fund });
    }
    return paid;
  }

  beginStep(step: number): void {
    this.step = step;
  }

  /**
   * Closes the step after `marketPnl` of market moves: folds its tally into the run totals,
   * starts a fresh one, and checks the ledger. Returns the step's tally, Σ account mark value and
   * the ledger's relative residual.
   */
  closeStep(marketPnl: number): { tally: StepTally; equity: number; residual: number } {
    const tally = this.tally;
    const equity = this.equityTotal();
    for (const key of TOTAL_KEYS) this.totals[key] += tally[key];
    this.tally = emptyTally();
    const residual = this.ledger.close(this.ledgerTotal(equity), marketPnl);
    return { tally, equity, residual };
  }

  private underlyingOf(i: number): string {
    return this.plan.underlyings[this.plan.underlyingIndex[i]];
  }

  /** Changing position j by dq contracts: its asset, notional and signed delta flow (USD at market; negative = selling). */
  private flowOf(account: CascadeAccount, j: number, dq: number): { asset: string; notional: number; flow: number } {
    const i = account.positions[j].instrument;
    const asset = this.underlyingOf(i);
    return { asset, notional: this.notional(i, dq), flow: dq * this.plan.multiplier[i] * this.deltaPerContract[i] * this.prices.asset[asset] };
  }
}
