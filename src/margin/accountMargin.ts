import type { MarginModel } from '../model/schemas.js';
import type { Contribution } from './attribution.js';
import { type CollateralValuation, valueCollateral } from './collateral.js';
import type { AccountState, MarginContext } from './context.js';
import { crossMargin } from './cross.js';
import { accountHealth, healthFactor } from './health.js';
import { isolatedMargin, type RuleMargin } from './isolated.js';
import { type LiquidationPrice, liquidationPrices } from './liquidationPrice.js';
import { positionsValue } from './markToMarket.js';
import type { VenueMarginModel } from './marginModels.js';
import { type PortfolioMargin, portfolioMargin, type PortfolioRiskInputs } from './portfolio.js';
import { venueMargin, type VenueMargins } from './venues/venueMargin.js';

export interface RuleModelMargin extends RuleMargin {
  healthFactor: number | null;
}

export interface PortfolioModelMargin extends PortfolioMargin {
  healthFactor: number | null;
}

/** A venue model's margin with the account's health under it (equity / its maintenance). */
export type VenueModelMargin<M extends VenueMarginModel> = VenueMargins[M] & { healthFactor: number | null };

/** The margins of every model computed: the engine's three always, the venue models asked for. */
export interface AccountModelMargins {
  isolated: RuleModelMargin;
  cross: RuleModelMargin;
  portfolio: PortfolioModelMargin;
  'deribit-pm'?: VenueModelMargin<'deribit-pm'>;
  'derive-pm'?: VenueModelMargin<'derive-pm'>;
}

/** Every margin number of one account: the three models side by side, equity and health. */
export interface AccountMargin {
  account: string;
  /** Collateral after haircuts plus the mark-to-market of the positions. */
  equity: number;
  /** equity / maintenance margin of the enforced model (null: nothing required). */
  healthFactor: number | null;
  freeCollateral: number;
  liquidatable: boolean;
  enforced: MarginModel;
  /** Mark-to-market of the positions (spot and option values; futures and perpetuals 0). */
  positionsValue: number;
  collateral: CollateralValuation;
  margin: AccountModelMargins;
  /** Per asset the account is exposed to: the prices at which health falls to 1, all else fixed. */
  liquidationPrices: Record<string, LiquidationPrice>;
  /** Euler contributions to the ES, largest first (when attribution was asked for). */
  contributions?: Contribution[];
}

/**
 * Margins of one account from its state (positions, balances) and its scenario risk (ES,
 * stress P&L, stressed ES), and the venue models asked for (their grids revalue the positions
 * themselves). The same function serves a full run and a what-if, so the two can only differ
 * through their inputs.
 */
export function computeAccountMargin(
  ctx: MarginContext,
  state: AccountState,
  risk: PortfolioRiskInputs,
  venueModels: readonly VenueMarginModel[] = [],
): AccountMargin {
  const collateral = valueCollateral(ctx, state.account, state.balances);
  const value = positionsValue(ctx.plan, state.positions);
  const equity = collateral.adjustedValue + value;
  const isolated = isolatedMargin(ctx, state.positions, collateral.marketRiskCharge);
  const cross = crossMargin(ctx, state.positions, collateral.marketRiskCharge);
  const portfolio = portfolioMargin(ctx, state.positions, risk);
  const margin: AccountModelMargins = {
    isolated: { ...isolated, healthFactor: healthFactor(equity, isolated.maintenance) },
    cross: { ...cross, healthFactor: healthFactor(equity, cross.maintenance) },
    portfolio: { ...portfolio, healthFactor: healthFactor(equity, portfolio.maintenance) },
  };
  for (const model of venueModels) {
    const venue = venueMargin(ctx, model, state.positions);
    Object.assign(margin, { [model]: { ...venue, healthFactor: healthFactor(equity, venue.maintenance) } });
  }
  const enforced = ctx.params.enforced;
  const health = accountHealth(equity, margin[enforced]);
  return {
    account: state.account,
    equity,
    healthFactor: health.healthFactor,
    freeCollateral: health.freeCollateral,
    liquidatable: health.liquidatable,
    enforced,
    positionsValue: value,
    collateral,
    margin,
    liquidationPrices: liquidationPrices(ctx, state.positions, collateral, equity, margin[enforced].maintenance),
  };
}
