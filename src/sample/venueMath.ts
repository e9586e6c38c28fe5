/**
 * Small helpers the input builders share: an expiry calendar, nice rounding, and a Black-76
 * price and delta good enough to size hedges and collateral. The risk engine prices with its
 * own f64 pricers; nothing here feeds a risk number.
 */
import { bsm } from '../pricing/bsm.js';
import { DAYS_PER_YEAR } from '../model/time.js';
import { EXPIRY_HOUR_UTC } from '../model/instrumentId.js';

const MS_PER_DAY = 24 * 3600 * 1000;

/** ISO time of `date` (UTC calendar day) at the venue's 08:00 UTC expiry hour. */
export function expiryOn(year: number, month: number, day: number): string {
  return new Date(Date.UTC(year, month, day, EXPIRY_HOUR_UTC)).toISOString();
}

/** Last Friday of a month (0-based month), at 08:00 UTC: the monthly/quarterly expiry convention. */
export function lastFriday(year: number, month: number): string {
  const last = new Date(Date.UTC(year, month + 1, 0));
  const back = (last.getUTCDay() - 5 + 7) % 7;
  return expiryOn(year, month, last.getUTCDate() - back);
}

/** `days` calendar days after `isoTime`, snapped to that day's 08:00 UTC. */
export function expiryAfterDays(isoTime: string, days: number): string {
  const date = new Date(Date.parse(isoTime) + days * MS_PER_DAY);
  return expiryOn(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate());
}

export function yearsBetween(fromIso: string, toIso: string): number {
  return (Date.parse(toIso) - Date.parse(fromIso)) / (DAYS_PER_YEAR * MS_PER_DAY);
}

/** Rounds to a multiple of `lot`, keeping the sign; never returns 0 for a non-zero input. */
export function roundToLot(quantity: number, lot: number): number {
  if (quantity === 0) return 0;
  const lots = Math.max(1, Math.round(Math.abs(quantity) / lot));
  return Math.sign(quantity) * cleanDecimal(lots * lot);
}

/** Strips binary noise (0.30000000000000004 → 0.3) by going through 12 significant digits. */
export function cleanDecimal(value: number): number {
  return Number(value.toPrecision(12));
}

const POW10 = Array.from({ length: 41 }, (_, k) => 10 ** (k - 20));

/** 10^k for integer k in [-20, 20], exact as a decimal literal would be. */
export function pow10(k: number): number {
  return k >= -20 && k <= 20 ? POW10[k + 20] : 10 ** k;
}

/** Rounds to `digits` significant digits without string conversion (fast enough for millions). */
export function roundSignificant(value: number, digits: number): number {
  if (value === 0 || !Number.isFinite(value)) return value;
  const exponent = Math.floor(Math.log10(Math.abs(value))) - digits + 1;
  return exponent < 0
    ? Math.round(value * pow10(-exponent)) / pow10(-exponent)
    : Math.round(value / pow10(exponent)) * pow10(exponent);
}

/**
 * Black-76 undiscounted price and forward delta of a European option on forward F, from the
 * engine's own pricer (Black-76 is BSM with the yield equal to the rate; rate 0 undiscounts).
 */
export function black76(forward: number, strike: number, years: number, vol: number, call: boolean): { price: number; delta: number } {
  const greeks = bsm({ type: call ? 'call' : 'put', spot: forward, strike, rate: 0, dividendYield: 0, vol, expiry: Math.max(years, 1e-9) });
  return { price: greeks.price, delta: greeks.delta };
}

/** Smile used by every builder: ATM(T) + skew·x + curvature·x², x = ln(K/F), floored at 20% of ATM. */
export function smileVol(atm: number, skew: number, curvature: number, strike: number, forward: number): number {
  const x = Math.log(strike / forward);
  return Math.max(0.2 * atm, atm + skew * x + curvature * x * x);
}
