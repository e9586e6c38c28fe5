import { DAYS_PER_YEAR } from '../model/time.js';
import type { AssetLiquidity } from '../model/schemas.js';

/**
 * Cost of closing `exposure` USD of an asset, as a share of it: half the bid-ask spread plus the
 * square-root market impact Y·σ_daily·√(exposure / daily volume) (Almgren et al. 2005; Tóth et
 * al. 2011: impact grows with the square root of size over volume, scaled by daily vol). Used
 * for both the portfolio liquidity add-on and the collateral liquidity haircut, so a position
 * and a collateral holding of the same size in the same asset cost the same to unwind.
 * Crypto trades every day, so σ_daily = σ_annual / √365.25.
 */
export function liquidationCostShare(exposure: number, liquidity: AssetLiquidity, annualVol: number, impactCoefficient: number): number {
  const size = Math.abs(exposure);
  if (size === 0) return 0;
  const dailyVol = annualVol / Math.sqrt(DAYS_PER_YEAR);
  return liquidity.spread / 2 + impactCoefficient * dailyVol * Math.sqrt(size / liquidity.dailyVolume);
}
