// The published declarations name WebGPU's types (GPUDevice, GPUBuffer, ...): globals that
// @webgpu/types adds to TypeScript's DOM lib (TypeScript 5's lacks them). Kept in the emitted
// .d.ts (preserve), this directive makes a consumer's compiler load them; the package depends
// on @webgpu/types for it (a consumer needs "DOM" in its lib, see README).
/// <reference types="@webgpu/types" preserve="true" />
/**
 * Public library API (runtime-neutral: no Node-only imports; Node adapters such as the worker
 * pool and Dawn live in `node.ts`).
 */
export { bsm, bsmPrice, type BsmGreeks, type BsmInput, type OptionType } from './pricing/bsm.js';
export { impliedVol } from './pricing/impliedVol.js';
export { normalCdf, normalInverseCdf, normalPdf } from './pricing/normal.js';
export { choleskyLower, NotPositiveDefiniteError } from './linalg/cholesky.js';
export { nearestCorrelation } from './linalg/nearestCorrelation.js';
export { philox4x32 } from './random/philox.js';
export { scenarioNormals, studentTScale } from './random/stream.js';

export * from './model/schemas.js';
export { InputError, InputErrors } from './model/errors.js';
export { parseInput } from './model/validate.js';
// csv-parse's browser build: the CSV book parses in a page too (the Node CLI streams it with the Node build).
export { BookCsvBuilder, parseBookCsv, formatBookCsv } from './model/bookCsv.js';
export { parseDecimal } from './model/decimal.js';
export { parseInstrumentId, optionId, futureId } from './model/instrumentId.js';
export type { Instrument } from './model/instrument.js';

export * from './engine/index.js';

// The embedded sample venue and the synthetic venue generator (`margin sample`, `margin generate`):
// the browser lab opens them with one click.
export { SAMPLE_VALUATION_TIME, sampleBook, sampleMarket, sampleParams } from './sample/sampleVenue.js';
export { generateVenue, type GeneratedVenue, type GenerateOptions } from './sample/generate.js';

export { prepareMargin, planMargin, type MarginSetup } from './margin/setup.js';
export { runMargin, type MarginRun, type RunMarginOptions } from './margin/runMargin.js';
export { buildMarginReport, capitalEfficiency, type CapitalEfficiency, type MarginReport } from './margin/marginReport.js';
export { computeAccountMargin, type AccountMargin, type AccountModelMargins, type VenueModelMargin } from './margin/accountMargin.js';
export {
  CORE_MARGIN_MODELS, DEFAULT_MARGIN_MODELS, MARGIN_MODEL_NAMES, VENUE_MARGIN_MODELS, isMarginModelName, isVenueMarginModel,
  type MarginModelName, type VenueMarginModel,
} from './margin/marginModels.js';
export { deribitPmMargin, type DeribitPmMargin, type DeribitPmUnderlying } from './margin/venues/deribitPm.js';
export { derivePmMargin, type DerivePmMargin, type DerivePmUnderlying } from './margin/venues/derivePmrm.js';
export { venueMargin, type VenueMargins } from './margin/venues/venueMargin.js';
export type { GridShock, UnitValuation } from './margin/venues/gridRevaluation.js';
export { eulerContributions, type Contribution } from './margin/attribution.js';
export { buildMarginCache, buildMarginCacheOn, whatIf, type MarginCache, type Trade, type WhatIfResult, type WhatIfSources } from './margin/whatIf.js';
export { parseTrades } from './margin/trades.js';
export { haircutComponents, splitHaircut, totalHaircut, type HaircutComponents } from './margin/haircuts.js';
export { BUILTIN_ASSET_LIQUIDITY, DEFAULT_ASSET_LIQUIDITY } from './margin/assets.js';

export {
  PriceOracle, DEFAULT_ORACLE_PARAMS, OracleParamsSchema, parseOracleParams, aggregateObservations, initialFeedState,
  updateFeed, feedMarginPrice, feedAddOn, feedLiquidationsFrozen, runReplay,
  manipulationSpike, staleFeed, slowDrift, stablecoinDepeg, honestFeedReplay,
  type PriceObservation, type FeedStatus, type FeedState, type OracleParams, type Aggregation, type OracleReplay, type ReplayStep,
} from './oracle/index.js';

export {
  runCascade, type CascadeOptions, type CascadeResult, type CascadeStep, type LiquidationEvent, type StepPrice,
} from './liquidation/cascade.js';
export { LiquidationParamsSchema, type LiquidationParams, type LiquidationParamsInput } from './liquidation/params.js';
export {
  BUILTIN_SCENARIOS, builtinScenario, type CascadeScenario, crashReplay, CrashReplayFileSchema, type CrashReplayFile, flashCrash,
  type FlashCrashOptions, oracleReplayScenario,
} from './liquidation/scenarios.js';
export { type CascadeOracle, venueOracle, type VenueOracleOptions } from './liquidation/oracleView.js';
export { StepMarginModel } from './liquidation/stepMargin.js';

// The estimators' CorrelationRepair (with convergence) is exported as EstimatedCorrelationRepair;
// CorrelationRepair stays the engine's (the repair of an input correlation, reported by a run).
export {
  EstimatorInputError, logReturns, annualizeVariance, annualizeVolatility, CALENDAR_DAYS_PER_YEAR, TRADING_DAYS_PER_YEAR,
  realizedVolatility, ewmaVariance, garch11LogLikelihood, GARCH_MIN_OBSERVATIONS, garch11Fit, harFit, HAR_MIN_OBSERVATIONS,
  estimateCorrelation, repairCorrelation, worstWindow,
  type RealizedVolatilityOptions, type RealizedVolatilitySeries, type EwmaVarianceOptions, type EwmaVarianceSeries, type Garch11Params,
  type GarchDistribution, type Garch11Fit, type Garch11FitOptions, type Garch11StandardErrors, type HarFit, type ReturnsByAsset,
  type ReturnsByAssetFromHistory, type ReturnsInput, type CorrelationEstimate, type CorrelationOptions,
  type CorrelationRepair as EstimatedCorrelationRepair, type RepairedCorrelation, type ShrinkageTarget, type StressWindow, type WorstWindowOptions,
} from './calibration/estimators/index.js';
export * from './calibration/history/index.js';
export { calibrate, sealPack, type CalibrationInput, type CalibrationOptions } from './calibration/calibrate.js';
export { canonicalJson, sha256Hex } from './calibration/pack/canonical.js';
export { diffParameters, namedParameters, type NamedParameter, type ParameterChange } from './calibration/pack/parameters.js';
export type { AssetEstimate, CalibrationMethod, DataFile, ParameterPack, Provenance } from './calibration/pack/types.js';
export { checkPack, DEFAULT_THRESHOLDS, type CheckResult, type CheckThresholds } from './nightly/checks.js';
export { marketAsOf } from './nightly/marketAsOf.js';
export { runNightly, type AccountNight, type NightlyInput, type NightlyReport, type NightlyResult } from './nightly/nightly.js';

export * from './backtest/statistics/index.js';
