import { diffParameters, namedParameters } from '../calibration/pack/parameters.js';
import type { ParameterPack } from '../calibration/pack/types.js';

/**
 * The sanity checks a pack passes before it is published (a venue's governance step): no vol
 * moving by more than `volChange` (relative) and no correlation by more than `correlationChange`
 * (absolute) since the last published pack, no correlation repair farther than `repairDistance`
 * (Frobenius), no failed GARCH fit. A pack that fails one is kept as a candidate unless approved.
 */
export interface CheckThresholds {
  volChange: number;
  correlationChange: number;
  repairDistance: number;
}

export const DEFAULT_THRESHOLDS: CheckThresholds = { volChange: 0.5, correlationChange: 0.3, repairDistance: 0.1 };

export interface CheckResult {
  check: string;
  passed: boolean;
  detail: string;
}

export function checkPack(pack: ParameterPack, previous: ParameterPack | undefined, thresholds: CheckThresholds = DEFAULT_THRESHOLDS): CheckResult[] {
  const results: CheckResult[] = [];
  const changes = previous ? diffParameters(namedParameters(previous.params), namedParameters(pack.params)) : [];
  const volMoves = changes.filter((c) => /\.(vol|volOfVol)$/.test(c.name) && !c.name.startsWith('floor.') && c.relativeChange !== undefined && Math.abs(c.relativeChange) > thresholds.volChange);
  results.push({
    check: 'vol change',
    passed: volMoves.length === 0,
    detail: previous
      ? volMoves.length === 0
        ? `every vol within ±${pct(thresholds.volChange)} of the ${previous.asOf} pack`
        : volMoves.map((c) => `${c.name} ${c.before!.toFixed(4)} → ${c.after!.toFixed(4)} (${signedPct(c.relativeChange!)})`).join('; ')
      : 'no previous pack: nothing to compare',
  });
  const correlationMoves = changes.filter((c) => c.name.startsWith('corr(') && c.change !== undefined && Math.abs(c.change) > thresholds.correlationChange);
  results.push({
    check: 'correlation change',
    passed: correlationMoves.length === 0,
    detail: correlationMoves.length === 0 ? `every correlation within ±${thresholds.correlationChange}` : correlationMoves.map((c) => `${c.name} ${c.before!.toFixed(3)} → ${c.after!.toFixed(3)}`).join('; '),
  });
  const repair = pack.provenance.correlation.repair;
  results.push({
    check: 'correlation repair',
    passed: !repair || repair.distance <= thresholds.repairDistance,
    detail: repair ? `repaired at Frobenius distance ${repair.distance.toExponential(3)} (limit ${thresholds.repairDistance})` : 'the estimate was a correlation matrix',
  });
  const failedFits = pack.provenance.estimates.filter((e) => e.garch && !e.garch.converged);
  results.push({
    check: 'fits converged',
    passed: failedFits.length === 0,
    detail: failedFits.length === 0 ? 'every fit converged' : failedFits.map((e) => `${e.asset}: ${e.garch!.reason}`).join('; '),
  });
  return results;
}

const pct = (x: number) => `${(100 * x).toFixed(0)}%`;
const signedPct = (x: number) => `${x >= 0 ? '+' : ''}${(100 * x).toFixed(1)}%`;
