import { instrumentGreeks, type PlanSources, type RiskPlan } from '../engine/index.js';
import { InputError } from '../model/errors.js';
import type { AssetLiquidity, Market, MarginParams, RiskParams } from '../model/schemas.js';
import { stressedVols } from './antiProcyclicality.js';
import { assetLiquidity } from './assets.js';
import type { CrossVenueLayout } from './crossVenue/venueLayout.js';

/** Id prefix of the synthetic spot instruments that carry collateral into the scenarios. */
export const COLLATERAL_PREFIX = 'collateral:';

/** Names of the three inputs (files, or `stdin`) and of the overrides, for error messages. */
export type InputSources = PlanSources;

/** What margin needs to know of a collateral asset. */
export interface CollateralAsset {
  asset: string;
  price: number;
  /** Annualized vol for the haircut: margin.assets.<asset>.vol, else the scenario vol. */
  vol: number;
  liquidity: AssetLiquidity;
  /** Revalued inside the scenarios (unified mode, the asset has a scenario factor, not a stablecoin). */
  inScenarios: boolean;
}

/**
 * Everything the margin models read, resolved once per plan: the plan itself (with collateral
 * instruments in unified mode), the margin parameters, and per instrument the values the rate
 * schedules and add-ons use. Pure data: built the same for either backend's results.
 */
export interface MarginContext {
  plan: RiskPlan;
  params: MarginParams;
  riskParams: RiskParams;
  market: Market;
  sources: InputSources;
  /** Per plan instrument: the collateral asset it stands for, or undefined for a traded instrument. */
  collateralAssetOf: (string | undefined)[];
  /** Per plan instrument: price of its underlying at the instrument's carry, F = S·e^{(r−q)·c}. */
  underlyingPrice: Float64Array;
  /** Per plan instrument: spot delta of one contract, in units of the underlying. */
  deltaPerContract: Float64Array;
  /** Per stress-grid point: 1, or the extreme-move coverage beyond `fullWeightMove`. */
  stressWeight: Float64Array;
  /** Per plan underlying: annualized scenario vol and market liquidity (for the add-on). */
  underlyingVol: Float64Array;
  underlyingLiquidity: AssetLiquidity[];
  /** Per plan underlying: annualized vol under the floor's stressed calibration. */
  stressedUnderlyingVol: Float64Array;
  /** Collateral assets met so far, by name (see collateralAsset()). */
  assets: Map<string, CollateralAsset>;
  /** The book's accounts: the plan's first `bookAccounts`; any after them are venue views of cross-venue accounts. */
  bookAccounts: number;
  /** Where cross-venue accounts hold what, when the book names venues. */
  crossVenue?: CrossVenueLayout;
}

export function createMarginContext(
  plan: RiskPlan,
  params: MarginParams,
  riskParams: RiskParams,
  market: Market,
  sources: InputSources,
): MarginContext {
  const n = plan.instrumentIds.length;
  const underlyingPrice = new Float64Array(n);
  const deltaPerContract = new Float64Array(n);
  const collateralAssetOf: (string | undefined)[] = [];
  for (let i = 0; i < n; i++) {
    const u = plan.underlyingIndex[i];
    underlyingPrice[i] = plan.spot[u] * Math.exp(plan.forwardDrift[i] * plan.carryYears[i]);
    deltaPerContract[i] = instrumentGreeks(plan, i).delta;
    const id = plan.instrumentIds[i];
    collateralAssetOf.push(id.startsWith(COLLATERAL_PREFIX) ? id.slice(COLLATERAL_PREFIX.length) : undefined);
  }
  const { fullWeightMove, extremeMoveCoverage } = params.portfolio;
  const stressWeight = Float64Array.from(plan.stress, (g) => (Math.abs(g.spotMove) <= fullWeightMove + 1e-12 ? 1 : extremeMoveCoverage));
  return {
    plan,
    params,
    riskParams,
    market,
    sources,
    collateralAssetOf,
    underlyingPrice,
    deltaPerContract,
    stressWeight,
    underlyingVol: Float64Array.from(plan.underlyings, (u) => riskParams.underlyings[u].vol),
    underlyingLiquidity: plan.underlyings.map((u) => assetLiquidity(params, u)),
    stressedUnderlyingVol: stressedVols(plan, riskParams, params.antiProcyclicality.floor),
    assets: new Map(),
    bookAccounts: plan.accountIds.length,
  };
}

/**
 * Resolves a collateral asset: its price from the market, its haircut vol, its liquidity.
 * `where` names the field that brought it in, for the error if it has no price or no vol.
 */
export function resolveCollateralAsset(
  inputs: { params: RiskParams; market: Market; sources: InputSources },
  asset: string,
  where: { source: string; field: string; value: unknown },
): CollateralAsset {
  const market = inputs.market.underlyings[asset];
  if (!market) throw new InputError(where.source, where.field, where.value, `no price for collateral ${asset}: add it to market.underlyings`);
  const liquidity = assetLiquidity(inputs.params.margin, asset);
  const vol = liquidity.vol ?? inputs.params.underlyings[asset]?.vol;
  if (vol === undefined) {
    throw new InputError(
      inputs.sources.params,
      `margin.assets.${asset}.vol`,
      undefined,
      `required: collateral ${asset} has no volatility (give it here or in underlyings.${asset})`,
    );
  }
  return {
    asset,
    price: market.spot,
    vol,
    liquidity,
    // Stablecoins stay out of the scenarios: their risk is a depeg jump (in the haircut), not a
    // diffusion, and the stress grid's common spot moves would crash them with the coins.
    inScenarios: inputs.params.margin.collateral.unified && asset in inputs.params.underlyings && liquidity.depegStress === undefined,
  };
}

/** resolveCollateralAsset, memoized in the context. */
export function collateralAsset(ctx: MarginContext, asset: string, where: { source: string; field: string; value: unknown }): CollateralAsset {
  let info = ctx.assets.get(asset);
  if (!info) {
    info = resolveCollateralAsset({ params: ctx.riskParams, market: ctx.market, sources: ctx.sources }, asset, where);
    ctx.assets.set(asset, info);
  }
  return info;
}

/** A plan instrument index with a signed quantity in contracts (or units of a collateral asset). */
export interface Holding {
  instrument: number;
  quantity: number;
}

/**
 * One account as margin sees it: its traded positions (collateral instruments excluded) and its
 * balances. What-if edits this and recomputes; a full run reads it from the plan.
 */
export interface AccountState {
  account: string;
  positions: Holding[];
  balances: Record<string, number>;
}

export function accountState(ctx: MarginContext, a: number): AccountState {
  const { plan } = ctx;
  const positions: Holding[] = [];
  for (let p = plan.accountOffsets[a]; p < plan.accountOffsets[a + 1]; p++) {
    const instrument = plan.positionInstrument[p];
    if (ctx.collateralAssetOf[instrument] === undefined) positions.push({ instrument, quantity: plan.positionQuantity[p] });
  }
  return { account: plan.accountIds[a], positions, balances: { ...plan.balances[a] } };
}
