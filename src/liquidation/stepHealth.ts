import type { ModelRequirement } from '../margin/health.js';
import { type CascadeAccount, exposures, marginEquity } from './accounts.js';
import type { CascadeOracle } from './oracleView.js';
import type { CascadeState } from './state.js';
import type { StepMarginModel } from './stepMargin.js';

/**
 * What a liquidation step reads of one account's health while it works on it (at the prices
 * fixed when it started). StepHealth.gauge gives the cascade's; a unit test may give its own.
 */
export interface HealthGauge {
  /** Initial and maintenance margin of the account's current holdings. */
  requirement(account: CascadeAccount): ModelRequirement;
  /** Margin equity of the account's current holdings. */
  equity(account: CascadeAccount): number;
  /** Per position (in `positions` order): the risk it carries, positive when closing it lowers the requirement. */
  riskContributions(account: CascadeAccount): Float64Array;
}

/** The prices margin reads for one account: the oracle's, on the conservative side of each exposure. */
export interface AccountView {
  /** Signed delta exposure per asset (USD at market prices) when the view was taken. */
  exposure: Map<string, number>;
  price: (asset: string) => number;
  /** Per plan underlying: its margin price over today's (StepMarginModel's scaling). */
  ratio: Float64Array;
}

/**
 * Health of the accounts at one step, after the market moved and the oracle observed it.
 * Requirements come from the step margin model at the oracle's prices, except at step 0 for
 * accounts not yet liquidated: they keep the backend run's margins (the run the cascade continues).
 */
export class StepHealth {
  constructor(
    private readonly state: CascadeState,
    private readonly model: StepMarginModel,
    readonly oracle: CascadeOracle,
    private readonly today: Readonly<Record<string, number>>,
    /** The backend run's requirement of account `index` at t0. */
    private readonly t0Requirement: (index: number) => ModelRequirement,
  ) {}

  view(account: CascadeAccount): AccountView {
    const exposure = exposures(this.model.ctx, account, this.state.prices.asset);
    const price = (asset: string) => this.oracle.price(asset, Math.sign(exposure.get(asset) ?? 0));
    const ratio = Float64Array.from(this.model.ctx.plan.underlyings, (u) => price(u) / this.today[u]);
    return { exposure, price, ratio };
  }

  requirement(account: CascadeAccount, view: AccountView): ModelRequirement {
    const { state } = this;
    const base =
      state.step === 0 && !state.liquidatedEver.has(account.index)
        ? this.t0Requirement(account.index)
        : this.model.requirement(account.positions, account.balances, view.ratio, account.collateralCharge);
    // A degraded or halted feed adds the oracle's add-on on the exposure's notional to the
    // initial margin only: it raises the target a liquidation restores and blocks new risk,
    // but oracle uncertainty alone never makes an account liquidatable.
    let addOn = 0;
    for (const [asset, exposure] of exposures(this.model.ctx, account, state.prices.asset)) addOn += this.oracle.addOn(asset, exposure);
    return addOn > 0 ? { initial: base.initial + addOn, maintenance: base.maintenance } : base;
  }

  equity(account: CascadeAccount, view: AccountView): number {
    return marginEquity(this.state.plan, account, view.price, this.state.elapsedYears, this.state.settled);
  }

  /** The gauge of one account, at the view taken when its liquidation started. */
  gauge(view: AccountView): HealthGauge {
    return {
      requirement: (account) => this.requirement(account, view),
      equity: (account) => this.equity(account, view),
      riskContributions: (account) => this.model.contributions(account.positions, account.balances, view.ratio),
    };
  }

  /** Health at the market's own prices (no oracle, no add-on): what a liquidation is checked against in the log. */
  marketHealth(account: CascadeAccount): number {
    const { plan, prices } = this.state;
    const ratio = Float64Array.from(plan.underlyings, (u) => prices.asset[u] / this.today[u]);
    const requirement = this.model.requirement(account.positions, account.balances, ratio, account.collateralCharge);
    return marginEquity(plan, account, (asset) => prices.asset[asset], this.state.elapsedYears, this.state.settled) / requirement.maintenance;
  }
}
