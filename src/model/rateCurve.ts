import type { RatePoint } from './schemas.js';
import { DAYS_PER_YEAR } from './time.js';

/**
 * The zero rate to `years` from a curve of points: linear in r·T between points (the log
 * discount factor, so forwards between two points are flat) and flat in the rate outside the
 * quoted tenors. Without points, the flat `rate`.
 *
 * Why a curve per underlying: a venue's dated futures on a coin trade at their own basis, one
 * per expiry (Deribit's BTC curve is not its ETH curve). Read as USD funding with the coin
 * earning nothing (carry 0), F(T) = S·e^{r(T)·T}, and an inverse option's coin value
 * e^{−r(T)·T}·Black(F)/S is then Black(F)/F, Deribit's own mark: one curve reproduces both the
 * futures and the option marks.
 */
export function zeroRateAt(points: readonly RatePoint[] | undefined, years: number, rate: number): number {
  if (!points || points.length === 0) return rate;
  const sorted = [...points].sort((a, b) => a.tenorDays - b.tenorDays);
  const tenors = sorted.map((p) => p.tenorDays / DAYS_PER_YEAR);
  if (years <= tenors[0]) return sorted[0].rate;
  const last = sorted.length - 1;
  if (years >= tenors[last]) return sorted[last].rate;
  let right = 1;
  while (tenors[right] < years) right++;
  const left = right - 1;
  const logLeft = sorted[left].rate * tenors[left];
  const logRight = sorted[right].rate * tenors[right];
  const weight = (years - tenors[left]) / (tenors[right] - tenors[left]);
  return (logLeft + weight * (logRight - logLeft)) / years;
}
