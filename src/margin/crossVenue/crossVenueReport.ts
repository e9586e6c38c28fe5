import { type SimulationResult, tailMeasures } from '../../engine/index.js';
import type { LendingVenue } from '../../model/crossVenueSchemas.js';
import { type AccountMargin, computeAccountMargin } from '../accountMargin.js';
import { accountState, collateralAsset, type MarginContext } from '../context.js';
import type { ModelRequirement } from '../health.js';
import type { LiquidationPrice } from '../liquidationPrice.js';
import { lendingLiquidationPrices, lendingPosition, type LendingPosition } from './lendingRules.js';
import { type LendingScenarioHealth, lendingScenarioHealth } from './scenarioHealth.js';
import { type MovableHolding, type TransferCharge, transferCharge, transferHaircut } from './transferHaircut.js';
import type { CrossVenueAccountLayout, CrossVenueLayout, VenueHoldings } from './venueLayout.js';

export type VenueRequirement = ModelRequirement & { liquidatable: boolean };

/** One venue's margin of what it holds of an account, by that venue's rules. */
export interface VenueMargin {
  venue: string;
  kind: 'derivatives' | 'lending';
  /** Equity the venue sees: derivatives, collateral after haircuts + positions' value; lending, supplied − debt. */
  equity: number;
  initial: number;
  maintenance: number;
  /** Derivatives: equity / maintenance of the enforced model; lending: the protocol's Σ supplied·LT / Σ debt. Null: nothing required. */
  healthFactor: number | null;
  liquidatable: boolean;
  /** ES of the venue's holdings alone, in the run's scenarios. */
  expectedShortfall: number;
  /** Derivatives: the portfolio model's weighted stress loss and its point. */
  stressLoss?: number;
  worstStress?: string;
  /** Derivatives: per asset, the prices at which this venue's health reaches 1. Lending: per supplied asset, where HF reaches 1. */
  liquidationPrices: Record<string, LiquidationPrice> | Record<string, number | null>;
  /** Lending: the position by the protocol's rules, and its health factor in the run's scenarios. */
  lending?: Omit<LendingPosition, 'healthFactor' | 'equity' | 'initial' | 'maintenance'> & { scenarios: LendingScenarioHealth };
}

/** Margin of an account across venues: each venue apart (siloed) and one engine over everything (unified). */
export interface CrossVenueMargin {
  venues: VenueMargin[];
  siloed: { initial: number; maintenance: number; equity: number; liquidatableVenues: string[] };
  /** The enforced model over every venue's holdings together, plus the transfer charge. */
  unified: { initial: number; maintenance: number; equity: number; healthFactor: number | null; liquidatable: boolean; transfer: TransferCharge };
  /** siloed.initial − unified.initial: the capital unified margin frees. */
  frees: number;
  /** frees / siloed.initial, in percent. */
  freesPercent: number;
}

export interface CrossVenueSummary {
  accounts: number;
  siloedInitial: number;
  unifiedInitial: number;
  transferCharge: number;
  frees: number;
  freesPercent: number;
  /** Lending positions with debt; how many are below HF 1 now, in some scenario of their account's tail, at their grid's worst point. */
  lendingPositions: number;
  lendingBelowOneNow: number;
  lendingBelowOneInAccountTail: number;
  lendingBelowOneOnGrid: number;
}

export interface CrossVenueReport {
  /** Per book account index. */
  accounts: Map<number, CrossVenueMargin>;
  summary: CrossVenueSummary;
  /** Per plan index of a venue view: its venue's requirement and whether it is liquidatable now (the cascade continues from it). */
  venueRequirements: Map<number, VenueRequirement>;
}

/**
 * The cross-venue margins of every account the layout holds, from the run's results: venue
 * views margined apart (derivatives with the enforced model on their own scenario risk; lending
 * by the protocol's rules, with its health factor followed through the scenarios), the unified
 * account's margin (already computed, `bookMargins`) plus the transfer charge.
 */
export function buildCrossVenueReport(
  ctx: MarginContext,
  layout: CrossVenueLayout,
  result: SimulationResult,
  stressed: SimulationResult | undefined,
  bookMargins: readonly AccountMargin[],
): CrossVenueReport {
  const venueRequirements = new Map<number, VenueRequirement>();
  const price = (asset: string) => ctx.market.underlyings[asset].spot;
  const lendingViews = layout.accounts.flatMap((account) => account.venues.filter((v) => v.params.kind === 'lending').map((v) => ({ account, view: v })));
  const scenarioHealth = lendingScenarioHealth(
    ctx.plan,
    price,
    lendingViews.map(({ account, view }) => ({
      venue: view.params as LendingVenue,
      balances: view.balances,
      accountTail: result.tails[account.bookIndex],
      accountWorstPoint: bookMargins[account.bookIndex].margin.portfolio.worstStress,
    })),
  );
  const healthOf = new Map(lendingViews.map(({ view }, j) => [view.planIndex, scenarioHealth[j]]));
  const accounts = new Map<number, CrossVenueMargin>();
  for (const account of layout.accounts) {
    const venues = account.venues.map((view) =>
      view.params.kind === 'lending'
        ? lendingVenueMargin(view, view.params, result, healthOf.get(view.planIndex)!, price)
        : derivativesVenueMargin(ctx, view, result, stressed),
    );
    account.venues.forEach((view, j) => venueRequirements.set(view.planIndex, { initial: venues[j].initial, maintenance: venues[j].maintenance, liquidatable: venues[j].liquidatable }));
    accounts.set(account.bookIndex, combine(ctx, layout, account, venues, bookMargins[account.bookIndex]));
  }
  return { accounts, summary: summarize(accounts), venueRequirements };
}

/** A derivatives venue's view: the enforced model on its own positions and collateral, on its own scenario risk. */
function derivativesVenueMargin(ctx: MarginContext, view: VenueHoldings, result: SimulationResult, stressed: SimulationResult | undefined): VenueMargin {
  const g = ctx.plan.stress.length;
  const a = view.planIndex;
  const m = computeAccountMargin(ctx, accountState(ctx, a), {
    expectedShortfall: tailMeasures(result.tails[a]).expectedShortfall,
    stressPnl: result.stressPnl.subarray(a * g, (a + 1) * g),
    stressedExpectedShortfall: stressed ? tailMeasures(stressed.tails[a]).expectedShortfall : undefined,
  });
  const enforced = m.margin[m.enforced];
  return {
    venue: view.venue,
    kind: 'derivatives',
    equity: m.equity,
    initial: enforced.initial,
    maintenance: enforced.maintenance,
    healthFactor: m.healthFactor,
    liquidatable: m.liquidatable,
    expectedShortfall: m.margin.portfolio.expectedShortfall,
    stressLoss: m.margin.portfolio.stressLoss,
    worstStress: m.margin.portfolio.worstStress,
    liquidationPrices: m.liquidationPrices,
  };
}

/** A lending venue's view: the protocol's own requirement (what keeps HF ≥ 1) and its health factor in the scenarios. */
function lendingVenueMargin(
  view: VenueHoldings,
  venue: LendingVenue,
  result: SimulationResult,
  scenarios: LendingScenarioHealth,
  price: (asset: string) => number,
): VenueMargin {
  const { healthFactor, equity, initial, maintenance, ...position } = lendingPosition(venue, view.balances, price);
  return {
    venue: view.venue,
    kind: 'lending',
    equity,
    initial,
    maintenance,
    healthFactor,
    liquidatable: healthFactor !== null && healthFactor < 1,
    expectedShortfall: tailMeasures(result.tails[view.planIndex]).expectedShortfall,
    liquidationPrices: lendingLiquidationPrices(venue, view.balances, price),
    lending: { ...position, scenarios },
  };
}

/** Siloed sums, the unified margin with its transfer charge, and what unified margin frees. */
function combine(ctx: MarginContext, layout: CrossVenueLayout, account: CrossVenueAccountLayout, venues: VenueMargin[], book: AccountMargin): CrossVenueMargin {
  const siloedInitial = venues.reduce((s, v) => s + v.initial, 0);
  const enforced = book.margin[book.enforced];
  const transfer = transferCharge(siloedInitial, enforced.initial, movableHoldings(ctx, layout, account));
  const maintenance = enforced.maintenance + transfer.charge;
  const initial = enforced.initial + transfer.charge;
  const healthFactor = maintenance > 0 ? book.equity / maintenance : null;
  return {
    venues,
    siloed: {
      initial: siloedInitial,
      maintenance: venues.reduce((s, v) => s + v.maintenance, 0),
      equity: venues.reduce((s, v) => s + v.equity, 0),
      liquidatableVenues: venues.filter((v) => v.liquidatable).map((v) => v.venue),
    },
    unified: { initial, maintenance, equity: book.equity, healthFactor, liquidatable: healthFactor !== null && healthFactor < 1, transfer },
    frees: siloedInitial - initial,
    freesPercent: siloedInitial > 0 ? (100 * (siloedInitial - initial)) / siloedInitial : 0,
  };
}

/** Every positive balance on every venue, with its transfer haircut over that venue's delay. */
function movableHoldings(ctx: MarginContext, layout: CrossVenueLayout, account: CrossVenueAccountLayout): MovableHolding[] {
  const out: MovableHolding[] = [];
  for (const view of account.venues) {
    const hours = layout.venues[view.venue].transferHours;
    for (const [asset, amount] of Object.entries(view.balances)) {
      if (!(amount > 0)) continue;
      const info = collateralAsset(ctx, asset, { source: ctx.sources.book, field: `${account.account}.${view.venue}.${asset}`, value: amount });
      // Flat in the scenarios (a stablecoin): no move over the delay. Otherwise its scenario vol, else its haircut vol.
      const stable = info.liquidity.depegStress !== undefined;
      const vol = stable ? 0 : (ctx.riskParams.underlyings[asset]?.vol ?? info.vol);
      out.push({ asset, venue: view.venue, value: amount * info.price, haircut: transferHaircut(vol, ctx.plan.confidence, hours) });
    }
  }
  return out;
}

function summarize(accounts: ReadonlyMap<number, CrossVenueMargin>): CrossVenueSummary {
  const all = [...accounts.values()];
  const siloedInitial = all.reduce((s, a) => s + a.siloed.initial, 0);
  const unifiedInitial = all.reduce((s, a) => s + a.unified.initial, 0);
  const lending = all.flatMap((a) => a.venues.filter((v) => v.kind === 'lending' && v.healthFactor !== null));
  const below = (hf: number | null | undefined) => hf !== null && hf !== undefined && hf < 1;
  return {
    accounts: all.length,
    siloedInitial,
    unifiedInitial,
    transferCharge: all.reduce((s, a) => s + a.unified.transfer.charge, 0),
    frees: siloedInitial - unifiedInitial,
    freesPercent: siloedInitial > 0 ? (100 * (siloedInitial - unifiedInitial)) / siloedInitial : 0,
    lendingPositions: lending.length,
    lendingBelowOneNow: lending.filter((v) => below(v.healthFactor)).length,
    lendingBelowOneInAccountTail: lending.filter((v) => below(v.lending?.scenarios.accountTail.min)).length,
    lendingBelowOneOnGrid: lending.filter((v) => below(v.lending?.scenarios.stressGrid.worst.healthFactor)).length,
  };
}
