import { assertPositive } from './validate.js';

/**
 * Annualization. A daily volatility σ_d becomes an annual one by √(periods per year), a
 * variance by the periods themselves (returns independent from day to day, so variances add).
 *
 * Which count is right depends on the calendar the series is sampled on, so it is always an
 * explicit parameter:
 * - 365 for calendar-day series (crypto trades every day; the engine's year is ACT/365.25 of
 *   calendar time, and 365 vs 365.25 moves a vol by 0.03%, so 365 whole days per year of
 *   daily bars). This is the default of every estimator here, because the venues this engine
 *   margins are crypto venues.
 * - 252 for trading-day series (equity indices): a year of such a series has ~252 returns,
 *   and scaling it by √365 would overstate the annual vol by 20%.
 */
export const CALENDAR_DAYS_PER_YEAR = 365;
export const TRADING_DAYS_PER_YEAR = 252;

/** σ_annual = σ_period · √periodsPerYear. */
export function annualizeVolatility(periodVolatility: number, periodsPerYear = CALENDAR_DAYS_PER_YEAR): number {
  assertPositive(periodsPerYear, 'annualizeVolatility', 'periodsPerYear');
  return periodVolatility * Math.sqrt(periodsPerYear);
}

/** v_annual = v_period · periodsPerYear. */
export function annualizeVariance(periodVariance: number, periodsPerYear = CALENDAR_DAYS_PER_YEAR): number {
  assertPositive(periodsPerYear, 'annualizeVariance', 'periodsPerYear');
  return periodVariance * periodsPerYear;
}
