import { collateralAsset, type MarginContext } from './context.js';
import { haircutComponents, type HaircutComponents, splitHaircut } from './haircuts.js';

/** One collateral balance, valued. Amounts in units of the asset, values in USD. */
export interface CollateralHolding {
  asset: string;
  amount: number;
  price: number;
  /** amount × price. */
  value: number;
  /** The haircut taken off the value in equity (unified: the total less its volatility part). */
  haircut: number;
  components: HaircutComponents;
  /** Revalued inside the scenarios (unified mode): its price risk is margin, not haircut. */
  inScenarios: boolean;
  /** value × (1 − haircut); a negative balance (a liability) is marked up: value × (1 + haircut). */
  adjustedValue: number;
  /** Unified mode: the haircut's volatility part × |value|, charged as margin by the rule-based models. */
  marketRiskCharge: number;
}

export interface CollateralValuation {
  holdings: CollateralHolding[];
  /** Σ value. */
  value: number;
  /** Σ adjustedValue: what the collateral contributes to equity. */
  adjustedValue: number;
  /** Σ marketRiskCharge. */
  marketRiskCharge: number;
}

/**
 * Values every balance of an account after its risk-adjusted haircut (see haircuts.ts): the
 * haircut grows with the asset's vol, with the holding's size against daily volume and beyond
 * the concentration threshold, and a stablecoin always carries its depeg stress.
 */
export function valueCollateral(ctx: MarginContext, account: string, balances: Readonly<Record<string, number>>): CollateralValuation {
  const holdings: CollateralHolding[] = [];
  let value = 0;
  let adjustedValue = 0;
  let marketRiskCharge = 0;
  for (const [asset, amount] of Object.entries(balances)) {
    if (amount === 0) continue;
    const info = collateralAsset(ctx, asset, { source: ctx.sources.book, field: `${account}.balances.${asset}`, value: amount });
    const holdingValue = amount * info.price;
    const components = haircutComponents({
      vol: info.vol,
      confidence: ctx.plan.confidence,
      horizonYears: ctx.plan.horizonYears,
      holdingValue,
      liquidity: info.liquidity,
      collateral: ctx.params.collateral,
    });
    const split = splitHaircut(components, info.inScenarios, ctx.params.collateral);
    const haircut = split.equity;
    const adjusted = holdingValue >= 0 ? holdingValue * (1 - haircut) : holdingValue * (1 + haircut);
    const charge = split.margin * Math.abs(holdingValue);
    holdings.push({ asset, amount, price: info.price, value: holdingValue, haircut, components, inScenarios: info.inScenarios, adjustedValue: adjusted, marketRiskCharge: charge });
    value += holdingValue;
    adjustedValue += adjusted;
    marketRiskCharge += charge;
  }
  return { holdings, value, adjustedValue, marketRiskCharge };
}
