import { DAYS_PER_YEAR } from './time.js';
import type { VolPoint } from './schemas.js';

/**
 * ATM implied vol at `expiryYears` from a term structure of points, interpolated linearly in
 * total variance σ²T (the arbitrage-free choice when total variance increases with T) and
 * flat in vol outside the quoted tenors.
 */
export function interpolateAtmVol(points: readonly VolPoint[], expiryYears: number): number {
  if (points.length === 0) throw new RangeError('interpolateAtmVol: no vol points');
  const sorted = [...points].sort((a, b) => a.tenorDays - b.tenorDays);
  const tenors = sorted.map((p) => p.tenorDays / DAYS_PER_YEAR);
  if (expiryYears <= tenors[0]) return sorted[0].vol;
  const last = sorted.length - 1;
  if (expiryYears >= tenors[last]) return sorted[last].vol;
  let right = 1;
  while (tenors[right] < expiryYears) right++;
  const left = right - 1;
  const varLeft = sorted[left].vol ** 2 * tenors[left];
  const varRight = sorted[right].vol ** 2 * tenors[right];
  const weight = (expiryYears - tenors[left]) / (tenors[right] - tenors[left]);
  const totalVariance = varLeft + weight * (varRight - varLeft);
  return Math.sqrt(totalVariance / expiryYears);
}
