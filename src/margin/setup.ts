import { type ParsedInputs, parseRiskInputs, planRisk, type RiskInputs, type RiskOverrides, type RiskPlan } from '../engine/index.js';
import type { Book, Market, RiskParams } from '../model/schemas.js';
import { type CollateralAsset, COLLATERAL_PREFIX, createMarginContext, type InputSources, type MarginContext, resolveCollateralAsset } from './context.js';
import { stressedCalibration } from './antiProcyclicality.js';
import { type CrossVenueLayout, layoutVenues } from './crossVenue/venueLayout.js';

/**
 * A margin run, planned: the validated inputs, the plan the backend simulates (in unified mode
 * with every account's collateral as spot positions, so collateral moves in the same scenarios
 * as the positions), the plan under the stressed calibration of the anti-procyclicality floor
 * (same scenarios, larger vols) when the floor is on, and the margin context.
 */
export interface MarginSetup {
  inputs: ParsedInputs;
  sources: InputSources;
  /** The market the plan was built from (unified mode: with the collateral instruments listed). */
  plannedMarket: Market;
  plan: RiskPlan;
  stressedPlan?: RiskPlan;
  ctx: MarginContext;
  /** Books that name venues: where each cross-venue account holds what (the plan's venue views follow the book's accounts). */
  crossVenue?: CrossVenueLayout;
}

const SOURCES: InputSources = { market: 'market', book: 'book', params: 'params' };

/** Validates the inputs (errors name the file, field and value) and plans the margin run. */
export function prepareMargin(inputs: RiskInputs, overrides: RiskOverrides = {}, sources = SOURCES): MarginSetup {
  return planMargin(parseRiskInputs(inputs, overrides, sources), sources);
}

/** Plans margin over already validated inputs (what-if reruns use this with an edited book). */
export function planMargin(inputs: ParsedInputs, sources = SOURCES): MarginSetup {
  const { market, book, params } = inputs;
  const unified = params.margin.collateral.unified;
  // Resolve every collateral asset up front (price, vol), so a bad balance fails before simulating.
  const assets = new Map<string, CollateralAsset>();
  const inScenarios = new Set<string>();
  const resolve = (asset: string, field: string, amount: number) => {
    if (assets.has(asset)) return;
    const info = resolveCollateralAsset({ ...inputs, sources }, asset, { source: sources.book, field, value: amount });
    assets.set(asset, info);
    if (info.inScenarios) inScenarios.add(asset);
  };
  book.accounts.forEach((account, a) => {
    for (const [asset, amount] of Object.entries(account.balances)) resolve(asset, `accounts[${a}].balances.${asset}`, amount);
    for (const [venue, balances] of Object.entries(account.venueBalances ?? {})) {
      for (const [asset, amount] of Object.entries(balances)) resolve(asset, `accounts[${a}].venueBalances.${venue}.${asset}`, amount);
    }
  });
  const { book: venueBook, layout } = layoutVenues(book, params.margin, sources.book);
  const settlement = params.margin.collateral.settlementAsset;
  if (settlement in market.underlyings && !assets.has(settlement)) {
    const info = resolveCollateralAsset({ ...inputs, sources }, settlement, { source: sources.params, field: 'margin.collateral.settlementAsset', value: settlement });
    if (info.inScenarios) inScenarios.add(settlement);
  }

  // A lending venue's supplied and borrowed assets are its positions: they move in the scenarios
  // even when other collateral does not (unified mode off), so its health factor can follow them.
  const lendingAssets = layout && !unified ? lendingScenarioAssets(layout, assets, params) : new Set<string>();
  const scenarioAssets = new Set([...(unified ? inScenarios : []), ...lendingAssets]);
  const plannedMarket = scenarioAssets.size > 0 ? withCollateralInstruments(market, scenarioAssets) : market;
  let plannedBook = unified && inScenarios.size > 0 ? withCollateralPositions(venueBook, inScenarios) : venueBook;
  if (lendingAssets.size > 0) plannedBook = withLendingPositions(plannedBook, layout!, lendingAssets);
  const plan = planRisk(plannedMarket, plannedBook, params, sources);
  const ctx = createMarginContext(plan, params.margin, params, market, sources);
  for (const [asset, info] of assets) ctx.assets.set(asset, info);
  if (layout) {
    ctx.bookAccounts = layout.bookAccounts;
    ctx.crossVenue = layout;
  }
  return { inputs, sources, plannedMarket, plan, stressedPlan: stressedPlanOf(plan, params), ctx, crossVenue: layout };
}

/** Assets supplied or borrowed on a lending venue that have a scenario factor (not stablecoins). */
function lendingScenarioAssets(layout: CrossVenueLayout, assets: ReadonlyMap<string, CollateralAsset>, params: RiskParams): Set<string> {
  const out = new Set<string>();
  for (const account of layout.accounts) {
    for (const view of account.venues) {
      if (view.params.kind !== 'lending') continue;
      for (const asset of Object.keys(view.balances)) {
        if (asset in params.underlyings && assets.get(asset)?.liquidity.depegStress === undefined) out.add(asset);
      }
    }
  }
  return out;
}

/** Unified mode off: only the lending venue views carry their scenario assets as positions. */
function withLendingPositions(book: Book, layout: CrossVenueLayout, assets: ReadonlySet<string>): Book {
  const lendingViews = new Set(layout.accounts.flatMap((a) => a.venues.filter((v) => v.params.kind === 'lending').map((v) => v.planIndex)));
  return {
    accounts: book.accounts.map((account, a) =>
      lendingViews.has(a) ? withCollateralPositions({ accounts: [account] }, assets).accounts[0] : account,
    ),
  };
}

function stressedPlanOf(plan: RiskPlan, params: RiskParams): RiskPlan | undefined {
  const floor = params.margin.antiProcyclicality.floor;
  if (!floor.enabled) return undefined;
  return { ...plan, moveScale: stressedCalibration(plan, params, floor) };
}

/** The market with one synthetic spot instrument per collateral asset that moves in the scenarios. */
export function withCollateralInstruments(market: Market, assets: Iterable<string>): Market {
  const extra = [...assets].map((asset) => ({ id: `${COLLATERAL_PREFIX}${asset}`, kind: 'spot' as const, underlying: asset, multiplier: 1 }));
  return { ...market, instruments: [...market.instruments, ...extra] };
}

/** Each account's balances in scenario-revalued assets appended to its positions, after them. */
export function withCollateralPositions(book: Book, assets: ReadonlySet<string>): Book {
  return {
    accounts: book.accounts.map((account) => ({
      ...account,
      positions: [
        ...account.positions,
        ...Object.entries(account.balances)
          .filter(([asset, amount]) => assets.has(asset) && amount !== 0)
          .map(([asset, amount]) => ({ instrument: `${COLLATERAL_PREFIX}${asset}`, quantity: amount })),
      ],
    })),
  };
}
