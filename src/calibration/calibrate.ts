import type { RiskParamsInput } from '../model/schemas.js';
import { type ReturnWindow, estimateVolatility, returnWindow } from './assetVolatility.js';
import { correlationBlock } from './correlationBlock.js';
import { ewmaVariance, worstWindow } from './estimators/index.js';
import { commonChanges, type FactorLevels, spotLevels, volLevels } from './factorSeries.js';
import { alignedLogReturns, checkCoverage, type ImpliedVolHistory, type ImpliedVolSeries, type PriceHistory } from './history/index.js';
import { canonicalJson, sha256Hex } from './pack/canonical.js';
import { diffParameters, namedParameters } from './pack/parameters.js';
import type { AssetEstimate, CalibrationMethod, DataFile, ParameterPack, Provenance } from './pack/types.js';
import { type FilteredFactor, residualTable } from './residualTable.js';

export interface CalibrationInput {
  /** Closes up to the as-of date only (read with `asOf`: the calibration never sees later data). */
  prices: PriceHistory;
  /** ATM implied vols (30-day tenor), for the vol of vol, the vol factors' correlations and FHS. */
  impliedVols?: ImpliedVolHistory;
  data: DataFile[];
  asOf: string;
  /** The underlyings to calibrate (those the book trades). */
  assets: string[];
  /** The params the pack starts from: every field the calibration does not estimate comes from here. */
  baseParams: RiskParamsInput;
  /** The last published pack, for the diff. */
  previous?: ParameterPack;
}

export interface CalibrationOptions {
  method?: CalibrationMethod;
  /** Returns in the estimation window (default 1,000 daily returns, ≈ 2.7 years of a 7-day market). */
  windowReturns?: number;
  /** EWMA decay (default 0.94). */
  lambda?: number;
  /** The scenario distribution the pack sets (default fhs, with the residual table). */
  distribution?: 'fhs' | 'normal' | 'student-t';
  /**
   * Correlation estimator (default sample, over the window): a margin model's correlations should
   * not swing with one day, and an EWMA correlation (λ 0.94, ~17 days of memory) does.
   */
  correlation?: 'sample' | 'ewma';
  /** Ledoit–Wolf shrinkage of the sample correlation (default on). */
  shrinkage?: 'none' | 'ledoit-wolf';
  /** Returns in the stress window of the anti-procyclicality floor (default 250). */
  stressWindowReturns?: number;
}

/** Fewest returns in the window: the GARCH fit's minimum (and far more than EWMA's seed). */
const MIN_WINDOW_RETURNS = 100;
const IV_TENOR_DAYS = 30;
/**
 * Vol of vol of an asset with neither an implied-vol history nor a base value: 100% a year, the
 * order of the 30-day ATM vol-of-vol of the major coins (the sample venue uses 0.9–1.1).
 */
const DEFAULT_VOL_OF_VOL = 1;

/**
 * Estimates a parameter pack from market history as of `input.asOf`: per underlying today's vol
 * (by the method) and vol of vol (from the implied-vol history, else kept from the base params,
 * with a warning), the factor correlation (estimated pairs, the others kept from the base,
 * repaired if needed), the FHS residual table, the stressed vols of the anti-procyclicality
 * floor (the worst window of the history), with the provenance of every number and a content
 * hash. Deterministic: the same inputs give the same pack, byte for byte.
 */
export async function calibrate(input: CalibrationInput, options: CalibrationOptions = {}): Promise<ParameterPack> {
  const method = options.method ?? 'ewma';
  const windowReturns = options.windowReturns ?? 1000;
  const lambda = options.lambda ?? 0.94;
  const distribution = options.distribution ?? 'fhs';
  const horizonDays = input.baseParams.horizonDays ?? 2;
  const warnings = [...input.prices.warnings];
  checkCoverage(input.prices, { assets: input.assets, minReturns: MIN_WINDOW_RETURNS, asOf: input.asOf });

  const windows = input.assets.map((asset) => returnWindow(input.prices.assets.get(asset)!, windowReturns));
  const ivSeries = input.assets.map((asset) => impliedVolsOf(input.impliedVols, asset));
  const estimates: AssetEstimate[] = [];
  const filtered: FilteredFactor[] = [];
  windows.forEach((window, a) => {
    const vol = estimateVolatility(window, method, lambda, horizonDays);
    warnings.push(...vol.warnings);
    filtered.push({ factor: `${window.asset}.spot`, returns: new Map(window.dates.map((d, k) => [d, window.returns[k]])), filterVariance: vol.filterVariance });
    const ofVol = volOfVol(ivSeries[a], window, lambda, input.baseParams, filtered);
    if (ofVol.warning) warnings.push(ofVol.warning);
    estimates.push({ asset: window.asset, ...vol.estimate, volOfVol: ofVol.value, volOfVolSource: ofVol.source, from: window.from, to: window.dates[window.dates.length - 1], returns: window.returns.length, periodsPerYear: window.periodsPerYear });
  });

  const levels: FactorLevels[] = [...input.assets.map((a) => spotLevels(input.prices.assets.get(a)!)), ...ivSeries.flatMap((s) => (s ? [volLevels(s)] : []))];
  const earliest = windows.reduce((from, w) => (w.from < from ? w.from : from), windows[0].from);
  const correlationMethod = options.correlation ?? 'sample';
  const shrinkage = options.shrinkage ?? 'ledoit-wolf';
  const correlation = correlationBlock(input.assets, commonChanges(levels, windowReturns, earliest), input.baseParams.correlation, { method: correlationMethod, shrinkage, lambda });
  if (correlation.provenance.repair) warnings.push(`correlation: not positive semidefinite after keeping ${correlation.provenance.keptFromBase.length} base entries: repaired (Frobenius distance ${correlation.provenance.repair.distance.toExponential(3)})`);

  const stress = stressWindow(input, options.stressWindowReturns ?? 250, windows, warnings);
  const residuals = distribution === 'fhs' ? residualTable(filtered) : undefined;
  const params = packParams(input.baseParams, estimates, correlation.correlation, stress.vols, distribution, residuals);
  const provenance: Provenance = {
    asOf: input.asOf,
    method,
    settings: { windowReturns, lambda, distribution, correlation: { method: correlationMethod, shrinkage: correlationMethod === 'sample' ? shrinkage : 'none' }, stressWindowReturns: options.stressWindowReturns ?? 250, horizonDays },
    data: input.data,
    estimates,
    correlation: correlation.provenance,
    stressWindow: stress,
    residuals: residuals && { factors: residuals.factors, days: residuals.residuals.length, from: residuals.dates![0], to: residuals.dates![residuals.dates!.length - 1] },
    warnings,
    previous: input.previous && { asOf: input.previous.asOf, hash: input.previous.hash, changes: diffParameters(namedParameters(input.previous.params), namedParameters(params)) },
  };
  return sealPack(input.asOf, params, provenance);
}

/** The pack with its content hash: SHA-256 of the canonical JSON of its params and provenance. */
export async function sealPack(asOf: string, params: RiskParamsInput, provenance: Provenance): Promise<ParameterPack> {
  const hash = await sha256Hex(canonicalJson({ formatVersion: 1, asOf, params, provenance }));
  return { formatVersion: 1, asOf, hash, params, provenance };
}

function impliedVolsOf(history: ImpliedVolHistory | undefined, asset: string): ImpliedVolSeries | undefined {
  return history?.assets.get(asset)?.find((s) => s.tenorDays === IV_TENOR_DAYS);
}

/**
 * Annualized vol of the log changes of the asset's 30-day ATM implied vol over the window (EWMA
 * forecast, λ), and its filtered changes for the FHS table. Without an implied-vol history the
 * base params' value is kept: realized vol's day-to-day changes are not implied vol's, and
 * estimating vol of vol from them would understate it.
 */
function volOfVol(
  series: ImpliedVolSeries | undefined,
  window: ReturnWindow,
  lambda: number,
  base: RiskParamsInput,
  filtered: FilteredFactor[],
): { value: number; source: AssetEstimate['volOfVolSource']; warning?: string } {
  const kept = base.underlyings?.[window.asset]?.volOfVol;
  if (!series) {
    if (kept === undefined) {
      return { value: DEFAULT_VOL_OF_VOL, source: 'default', warning: `${window.asset}: no implied-vol history and no volOfVol in the base params: volOfVol ${DEFAULT_VOL_OF_VOL} (the default); the ${window.asset}.vol factor is drawn from the model` };
    }
    return { value: kept, source: 'base-params', warning: `${window.asset}: no implied-vol history: volOfVol ${kept} kept from the base params; the ${window.asset}.vol factor is drawn from the model` };
  }
  const changes = commonChanges([volLevels(series)], window.returns.length, window.from);
  const ewma = ewmaVariance(changes.changes[0], { lambda });
  const spanDays = (Date.parse(changes.dates[changes.dates.length - 1]) - Date.parse(window.from)) / 86_400_000;
  const periodsPerYear = changes.dates.length / (spanDays / 365.25);
  const filterVariance = new Map<string, number>();
  for (let k = ewma.seedIndex + 1; k < changes.dates.length; k++) filterVariance.set(changes.dates[k], ewma.variance[k - 1 - ewma.seedIndex]);
  filtered.push({ factor: `${window.asset}.vol`, returns: new Map(changes.dates.map((d, k) => [d, changes.changes[0][k]])), filterVariance });
  return { value: Math.sqrt(ewma.forecast * periodsPerYear), source: 'implied-vol-history' };
}

/** The worst window of the whole history up to as-of (the floor's stressed vols). */
function stressWindow(input: CalibrationInput, returns: number, windows: readonly ReturnWindow[], warnings: string[]): Provenance['stressWindow'] {
  const aligned = alignedLogReturns(input.prices, input.assets);
  const window = Math.min(returns, aligned.dates.length);
  if (window < returns) warnings.push(`stress window: only ${aligned.dates.length} common returns: the window is ${window}, not ${returns}`);
  const periodsPerYear = windows.reduce((sum, w) => sum + w.periodsPerYear, 0) / windows.length;
  const worst = worstWindow(aligned, { window, periodsPerYear });
  return { rule: worst.rule, from: worst.startDate, to: worst.endDate, vols: worst.volatilities };
}

function packParams(
  base: RiskParamsInput,
  estimates: readonly AssetEstimate[],
  correlation: { factors: string[]; matrix: number[][] },
  stressVols: Record<string, number>,
  distribution: 'fhs' | 'normal' | 'student-t',
  residuals: ReturnType<typeof residualTable> | undefined,
): RiskParamsInput {
  const underlyings = { ...base.underlyings };
  for (const e of estimates) underlyings[e.asset] = { vol: e.vol, volOfVol: e.volOfVol };
  const margin = base.margin ?? {};
  const antiProcyclicality = margin.antiProcyclicality ?? {};
  return {
    ...base,
    underlyings,
    correlation,
    distribution: distribution === 'fhs' ? residuals! : distribution === 'student-t' ? (base.distribution?.type === 'student-t' ? base.distribution : { type: 'student-t', dof: 5 }) : { type: 'normal' },
    margin: { ...margin, antiProcyclicality: { ...antiProcyclicality, floor: { ...antiProcyclicality.floor, vols: { ...antiProcyclicality.floor?.vols, ...stressVols } } } },
  };
}
