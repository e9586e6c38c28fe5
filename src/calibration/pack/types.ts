import type { RiskParamsInput } from '../../model/schemas.js';
import type { ParameterChange } from './parameters.js';

/** How a pack's parameters were estimated. */
export type CalibrationMethod = 'ewma' | 'garch' | 'sample';

/** One input file of a calibration, as its provenance names it. */
export interface DataFile {
  name: string;
  /** SHA-256 of the file's bytes (hex). */
  sha256: string;
  kind: 'prices' | 'implied-vols';
}

/** One underlying's calibrated numbers and how they came about. */
export interface AssetEstimate {
  asset: string;
  /** Annualized spot vol for the scenarios (today's forecast over the horizon). */
  vol: number;
  volStandardError?: number;
  volOfVol: number;
  /** Where the vol of vol came from: the implied-vol history, or kept from the base params. */
  volOfVolSource: 'implied-vol-history' | 'base-params' | 'default';
  /** First and last close used, and the number of returns. */
  from: string;
  to: string;
  returns: number;
  /** Observations per year of this series (365.25 for a 7-day series, ≈ 252 for trading days). */
  periodsPerYear: number;
  /** GARCH only: the fit, its standard errors and whether it converged. */
  garch?: { mu: number; omega: number; alpha: number; beta: number; shape?: number; standardErrors: Record<string, number> | null; converged: boolean; reason: string; logLikelihood: number };
}

/** Everything needed to reproduce and audit a pack: inputs, settings, estimates, checks. */
export interface Provenance {
  asOf: string;
  method: CalibrationMethod;
  settings: {
    windowReturns: number;
    lambda: number;
    distribution: 'fhs' | 'normal' | 'student-t';
    correlation: { method: 'sample' | 'ewma'; shrinkage: 'none' | 'ledoit-wolf' };
    stressWindowReturns: number;
    horizonDays: number;
  };
  data: DataFile[];
  estimates: AssetEstimate[];
  correlation: {
    factors: string[];
    observations: number;
    from: string;
    to: string;
    shrinkageIntensity?: number;
    /** Entries not estimated from the data (kept from the base params), by factor pair. */
    keptFromBase: string[];
    repair?: { distance: number; iterations: number };
  };
  stressWindow: { rule: string; from?: string; to?: string; vols: Record<string, number> };
  residuals?: { factors: string[]; days: number; from: string; to: string };
  warnings: string[];
  previous?: { asOf: string; hash: string; changes: ParameterChange[] };
}

/**
 * A versioned parameter pack: the params.json the engine reads, its provenance, and a content
 * hash over both (SHA-256 of their canonical JSON), so that the same inputs give the same pack,
 * byte for byte, and a member can replicate it.
 */
export interface ParameterPack {
  formatVersion: 1;
  asOf: string;
  hash: string;
  params: RiskParamsInput;
  provenance: Provenance;
}
