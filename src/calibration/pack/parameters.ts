import type { RiskParamsInput } from '../../model/schemas.js';

/** One calibrated number of a pack, by a stable name (`BTC.vol`, `corr(BTC.spot,ETH.spot)`, `floor.BTC.vol`). */
export interface NamedParameter {
  name: string;
  value: number;
  standardError?: number;
}

/**
 * The calibrated numbers of a params file, flattened to names that stay the same from night to
 * night, so that packs can be diffed and stored as series: per underlying its vol and vol of
 * vol, every off-diagonal correlation once (factor names in the matrix's order), and the
 * anti-procyclicality floor's stressed vols.
 */
export function namedParameters(params: RiskParamsInput): NamedParameter[] {
  const out: NamedParameter[] = [];
  for (const [asset, risk] of Object.entries(params.underlyings ?? {}).sort(([a], [b]) => a.localeCompare(b))) {
    out.push({ name: `${asset}.vol`, value: risk.vol }, { name: `${asset}.volOfVol`, value: risk.volOfVol });
  }
  const correlation = params.correlation;
  if (correlation) {
    correlation.factors.forEach((row, r) => {
      for (let c = r + 1; c < correlation.factors.length; c++) out.push({ name: correlationName(row, correlation.factors[c]), value: correlation.matrix[r][c] });
    });
  }
  const floorVols = params.margin?.antiProcyclicality?.floor?.vols ?? {};
  for (const [asset, vol] of Object.entries(floorVols).sort(([a], [b]) => a.localeCompare(b))) out.push({ name: `floor.${asset}.vol`, value: vol });
  return out;
}

export function correlationName(a: string, b: string): string {
  return `corr(${a},${b})`;
}

/** How one parameter moved between two packs. */
export interface ParameterChange {
  name: string;
  before?: number;
  after?: number;
  /** after − before (absent when the parameter is new or gone). */
  change?: number;
  /** (after − before) / |before|, for vols (absent for correlations and new parameters). */
  relativeChange?: number;
}

/** Every parameter that differs between two packs' params, or appears or disappears. */
export function diffParameters(before: readonly NamedParameter[], after: readonly NamedParameter[]): ParameterChange[] {
  const old = new Map(before.map((p) => [p.name, p.value]));
  const changes: ParameterChange[] = [];
  for (const { name, value } of after) {
    const previous = old.get(name);
    old.delete(name);
    if (previous === value) continue;
    if (previous === undefined) changes.push({ name, after: value });
    else changes.push({ name, before: previous, after: value, change: value - previous, relativeChange: name.startsWith('corr(') ? undefined : (value - previous) / Math.abs(previous) });
  }
  for (const [name, value] of old) changes.push({ name, before: value });
  return changes;
}
