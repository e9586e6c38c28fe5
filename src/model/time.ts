/** Year fraction convention: ACT/365.25, as venues quote option time to maturity. */
export const MS_PER_YEAR = 365.25 * 24 * 3600 * 1000;
export const DAYS_PER_YEAR = 365.25;

export function yearFraction(fromIso: string, toIso: string): number {
  return (Date.parse(toIso) - Date.parse(fromIso)) / MS_PER_YEAR;
}
