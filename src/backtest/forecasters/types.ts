/**
 * A predictive volatility model in a walk-forward backtest: for every decision day k it
 * forecasts the mean daily variance of the next `horizon` returns (k + 1 … k + horizon) from the
 * returns up to and including k only. returns[j] is the log return ending on close j.
 */
export interface VolatilityModel {
  readonly name: ModelName;
  /** One sentence for reports: what it forecasts from. */
  readonly description: string;
  /**
   * out[i] is the forecast made on day first + i, for i < count. `context` gives the other
   * assets' returns on the same days (cross-asset features); models that do not use it ignore it.
   */
  forecast(returns: Float64Array, first: number, count: number, horizon: number, context?: CrossAssetContext): Float64Array;
}

export type ModelName = 'static' | 'ewma' | 'garch' | 'har' | 'learned';

/** The returns of every asset of the backtest, aligned on the same days (for cross-asset features). */
export interface CrossAssetContext {
  returns: readonly Float64Array[];
}

/** Days of history a model needs before its first forecast. */
export const TRAINING_DAYS = 500;

/** Returns a day needs before it in a backtest: the training window and the learned model's longest feature (66 days). */
export const WARM_UP_DAYS = TRAINING_DAYS + 66;
