import type { AssetLiquidity, MarginParams } from '../model/schemas.js';
import { normalInverseCdf } from '../pricing/normal.js';
import { liquidationCostShare } from './marketImpact.js';

/** The parts of a collateral haircut, each a share of the holding's value. */
export interface HaircutComponents {
  /** Price risk over the margin period: 1 − exp(−z_α·σ·√h), the α-quantile loss of a lognormal price. */
  volatility: number;
  /** Stablecoins: the loss of peg the haircut always covers (0 for other assets). */
  depeg: number;
  /** Closing the holding: half spread plus square-root impact against daily volume. */
  liquidity: number;
  /** Holdings above a threshold share of daily volume cannot be sold within the margin period at that impact: linear surcharge on the excess. */
  concentration: number;
}

export interface HaircutInput {
  /** Annualized volatility of the asset's price. */
  vol: number;
  confidence: number;
  horizonYears: number;
  /** |holding value| in USD: haircuts grow with size. */
  holdingValue: number;
  liquidity: AssetLiquidity;
  collateral: MarginParams['collateral'];
}

export function haircutComponents(input: HaircutInput): HaircutComponents {
  const { vol, confidence, horizonYears, holdingValue, liquidity, collateral } = input;
  const z = normalInverseCdf(confidence);
  const size = Math.abs(holdingValue);
  return {
    volatility: -Math.expm1(-z * vol * Math.sqrt(horizonYears)),
    depeg: liquidity.depegStress ?? 0,
    liquidity: liquidationCostShare(size, liquidity, vol, collateral.impactCoefficient),
    concentration: collateral.concentrationRate * Math.max(0, size / liquidity.dailyVolume - collateral.concentrationThreshold),
  };
}

/**
 * The total haircut: price risk (the larger of the volatility and depeg parts) plus liquidity
 * and concentration, within [floor, cap].
 */
export function totalHaircut(components: HaircutComponents, collateral: MarginParams['collateral']): number {
  const raw = Math.max(components.volatility, components.depeg) + components.liquidity + components.concentration;
  return Math.min(collateral.haircutCap, Math.max(collateral.haircutFloor, raw));
}

/**
 * How the total haircut is applied, as shares of the holding's value.
 * - Outside the scenarios (unified mode off, a stablecoin, or no scenario factor): all of it
 *   comes off the value in equity.
 * - Unified (the holding moves in the scenarios): its volatility part (at most the total)
 *   leaves the equity haircut and becomes margin instead (the scenarios' ES in portfolio margin,
 *   a charge of that share of the value in isolated and cross), so the price risk is counted
 *   once. equity − rule-based margin is then the same in both modes.
 */
export function splitHaircut(
  components: HaircutComponents,
  inScenarios: boolean,
  collateral: MarginParams['collateral'],
): { equity: number; margin: number } {
  const total = totalHaircut(components, collateral);
  const margin = inScenarios ? Math.min(components.volatility, total) : 0;
  return { equity: total - margin, margin };
}
