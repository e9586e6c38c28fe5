import type { MarginContext } from '../margin/context.js';
import { assetLiquidity } from '../margin/assets.js';
import { liquidationCostShare } from '../margin/marketImpact.js';
import { DAYS_PER_YEAR } from '../model/time.js';
import type { LiquidationParams } from './params.js';

/**
 * The market liquidations sell into, per asset: finite depth (the venue's daily volume × the
 * scenario's depth multiple), a closing cost of spread/2 + Y·σ_daily·√(flow / depth volume)
 * per USD (the square-root law of src/margin/marketImpact.ts, the same the liquidity add-on and
 * haircuts charge), and a permanent share of each step's net impact carried into the next
 * step's price.
 *
 * Within a step, liquidations on an asset sell into the same book one after another: the k-th
 * slice pays C(G + x) − C(G), where G is the gross flow already executed this step and
 * C(N) = N·costShare(N), so the step's total cost is C(total flow) whatever the order.
 */
export class LiquidationMarket {
  private readonly gross = new Map<string, number>();
  private readonly net = new Map<string, number>();
  /** Price multiplier from accumulated permanent impact, per asset (1: none). */
  readonly impact = new Map<string, number>();

  constructor(
    private readonly ctx: MarginContext,
    private readonly params: LiquidationParams,
  ) {}

  private costOf(asset: string, flow: number): number {
    if (flow <= 0) return 0;
    const liquidity = assetLiquidity(this.ctx.params, asset);
    const deep = { ...liquidity, dailyVolume: liquidity.dailyVolume * this.params.depth };
    return flow * liquidationCostShare(flow, deep, this.volOf(asset), this.params.impactCoefficient);
  }

  /**
   * The asset's annual vol: its scenario vol, else (a stablecoin) its haircut vol, else 80%
   * (deliberately high, as for unknown assets).
   */
  private volOf(asset: string): number {
    return this.ctx.riskParams.underlyings[asset]?.vol ?? assetLiquidity(this.ctx.params, asset).vol ?? 0.8;
  }

  /** Closing cost (USD) of a signed delta flow (USD; negative = selling) on `asset`, not yet executed. */
  quote(asset: string, deltaFlow: number): number {
    const g = this.gross.get(asset) ?? 0;
    return this.costOf(asset, g + Math.abs(deltaFlow)) - this.costOf(asset, g);
  }

  execute(asset: string, deltaFlow: number): number {
    const cost = this.quote(asset, deltaFlow);
    this.gross.set(asset, (this.gross.get(asset) ?? 0) + Math.abs(deltaFlow));
    this.net.set(asset, (this.net.get(asset) ?? 0) + deltaFlow);
    return cost;
  }

  /**
   * Ends a step: the accumulated impact fades by `impactRecovery`, then each asset's net flow
   * moves it by ± permanentImpact × Y·σ_daily·√(|net| / depth volume) (selling pushes down).
   * Returns the step's gross flow per asset.
   */
  endStep(): Map<string, number> {
    for (const [asset, m] of this.impact) this.impact.set(asset, 1 + (m - 1) * (1 - this.params.impactRecovery));
    for (const [asset, flow] of this.net) {
      if (flow === 0) continue;
      const liquidity = assetLiquidity(this.ctx.params, asset);
      const dailyVol = this.volOf(asset) / Math.sqrt(DAYS_PER_YEAR);
      const move = Math.min(0.5, this.params.permanentImpact * this.params.impactCoefficient * dailyVol * Math.sqrt(Math.abs(flow) / (liquidity.dailyVolume * this.params.depth)));
      this.impact.set(asset, (this.impact.get(asset) ?? 1) * (1 + Math.sign(flow) * move));
    }
    const gross = new Map(this.gross);
    this.gross.clear();
    this.net.clear();
    return gross;
  }
}
