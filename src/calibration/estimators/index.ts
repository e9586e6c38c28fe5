/**
 * The estimators of the nightly recalibration (runtime-neutral, f64). Returns are log returns
 * r_t = ln(P_t / P_{t−1}) in decimal units unless a caller says otherwise; every estimator
 * validates its input and throws an EstimatorInputError naming what is wrong, so a NaN never
 * reaches a parameter pack. Conventions and references: README.md beside this file.
 */
export { EstimatorInputError } from './validate.js';
export { logReturns } from './logReturns.js';
export { annualizeVariance, annualizeVolatility, CALENDAR_DAYS_PER_YEAR, TRADING_DAYS_PER_YEAR } from './annualization.js';
export { realizedVolatility, type RealizedVolatilityOptions, type RealizedVolatilitySeries } from './realizedVolatility.js';
export { ewmaVariance, type EwmaVarianceOptions, type EwmaVarianceSeries } from './ewmaVariance.js';
export {
  garch11LogLikelihood,
  GARCH_MIN_OBSERVATIONS,
  type Garch11Params,
  type GarchDistribution,
} from './garch11LogLikelihood.js';
export { garch11Fit, type Garch11Fit, type Garch11FitOptions, type Garch11StandardErrors } from './garch11Fit.js';
export { harFit, HAR_MIN_OBSERVATIONS, type HarFit } from './harFit.js';
export type { ReturnsByAsset, ReturnsByAssetFromHistory, ReturnsInput } from './returnsByAsset.js';
export { estimateCorrelation, type CorrelationEstimate, type CorrelationOptions } from './estimateCorrelation.js';
export { repairCorrelation, type CorrelationRepair, type RepairedCorrelation } from './repairCorrelation.js';
export type { ShrinkageTarget } from './ledoitWolf.js';
export { worstWindow, type StressWindow, type WorstWindowOptions } from './worstWindow.js';
