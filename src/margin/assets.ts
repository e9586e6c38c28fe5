import type { AssetLiquidity, MarginParams } from '../model/schemas.js';

/**
 * Liquidity of the assets the sample venue lists, as one venue sees them (not the whole
 * market): relative bid-ask spread and USD volume per day. Params' `margin.assets` entries
 * replace these one asset at a time; assets in neither take DEFAULT_ASSET_LIQUIDITY, thin on
 * purpose so that an unknown asset is never treated as deep.
 */
export const BUILTIN_ASSET_LIQUIDITY: Readonly<Record<string, AssetLiquidity>> = {
  BTC: { spread: 0.0002, dailyVolume: 2e9 },
  ETH: { spread: 0.0003, dailyVolume: 1e9 },
  SOL: { spread: 0.0006, dailyVolume: 3e8 },
  // Stablecoins: deep and tight, but a loss of peg is a jump no diffusion scenario contains.
  USDC: { spread: 0.0001, dailyVolume: 5e9, depegStress: 0.05 },
  USDT: { spread: 0.0001, dailyVolume: 5e9, depegStress: 0.05 },
};

export const DEFAULT_ASSET_LIQUIDITY: Readonly<AssetLiquidity> = { spread: 0.002, dailyVolume: 2e7 };

export function assetLiquidity(params: MarginParams, asset: string): AssetLiquidity {
  return params.assets[asset] ?? BUILTIN_ASSET_LIQUIDITY[asset] ?? params.defaultAsset ?? DEFAULT_ASSET_LIQUIDITY;
}
