/**
 * The Basel traffic light (BCBS 1996, "Supervisory framework for the use of backtesting in
 * conjunction with the internal models approach to market risk capital requirements", Table 1;
 * carried into MAR99): with x exceptions in T days of a VaR at `coverage`, and X ~ Bin(T, 1 − coverage)
 * the exception count of a correct model,
 *   green  when P(X ≤ x) < 95%,
 *   yellow when 95% ≤ P(X ≤ x) < 99.99%,
 *   red    when P(X ≤ x) ≥ 99.99%.
 * At 250 days and 99% this is 0–4 green, 5–9 yellow, 10 or more red (P(X ≤ 4) = 89.22%,
 * P(X ≤ 5) = 95.88%, P(X ≤ 9) = 99.97%, P(X ≤ 10) = 99.99%, the Committee's table).
 */
import { binomialCdf } from './binomialCdf.js';
import { checkExceptionCounts, type ExceptionCounts } from './exceptionCounts.js';

export type TrafficLightZone = 'green' | 'yellow' | 'red';

/** The cumulative probabilities at which the yellow and the red zone begin. */
export const YELLOW_ZONE_FROM = 0.95;
export const RED_ZONE_FROM = 0.9999;

export function trafficLight(counts: ExceptionCounts): TrafficLightZone {
  const { exceptions, observations, exceptionProbability } = checkExceptionCounts(counts, 'trafficLight');
  return zoneOf(binomialCdf(exceptions, observations, exceptionProbability));
}

/**
 * P(X ≤ exceptions) for X ~ Bin(observations, 1 − coverage): the number the zone is read from,
 * for a report that shows it next to the colour.
 */
export function exceptionCumulativeProbability(counts: ExceptionCounts): number {
  const { exceptions, observations, exceptionProbability } = checkExceptionCounts(counts, 'exceptionCumulativeProbability');
  return binomialCdf(exceptions, observations, exceptionProbability);
}

function zoneOf(cumulativeProbability: number): TrafficLightZone {
  if (cumulativeProbability < YELLOW_ZONE_FROM) return 'green';
  return cumulativeProbability < RED_ZONE_FROM ? 'yellow' : 'red';
}
