/**
 * Calendar dates of a price history: `YYYY-MM-DD` strings, which sort and compare as text, and
 * the arithmetic on them (UTC days, so no time zone or daylight-saving shift moves a date).
 */

const MS_PER_DAY = 86_400_000;

/** `YYYY-MM-DD`, optionally followed by a time of day and a UTC offset (ISO 8601 / RFC 3339, `T` or a blank between). */
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?\s*(Z|[+-]\d{2}:?\d{2})?)?$/i;

export interface HistoryDate {
  /** The calendar date, `YYYY-MM-DD`. */
  date: string;
  /**
   * True when the value carried a time of day other than 00:00 UTC: the row is then dated by
   * the UTC calendar date of that instant, which a reader should be told.
   */
  shifted: boolean;
}

/**
 * Reads a history date. A plain `YYYY-MM-DD` is taken as written. A date-time is an instant:
 * with an offset (`Z`, `+02:00`, `-0500`) it is converted to UTC, without one it is read as UTC,
 * and the row is dated by the UTC calendar date of that instant (`2025-02-19T22:00:00-05:00`
 * is 2025-02-20). Returns undefined for anything else, including impossible dates (02-30).
 */
export function parseHistoryDate(text: string): HistoryDate | undefined {
  const m = DATE_TIME.exec(text.trim());
  if (!m) return undefined;
  const [, y, mo, d, hh, mm, ss, frac, zone] = m;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const dayMs = Date.UTC(year, month - 1, day);
  if (year < 1 || formatUtcDate(dayMs) !== `${y}-${mo}-${d}`) return undefined;
  if (hh === undefined) return { date: `${y}-${mo}-${d}`, shifted: false };
  const hours = Number(hh);
  const minutes = Number(mm);
  const seconds = ss === undefined ? 0 : Number(ss);
  if (hours > 23 || minutes > 59 || seconds > 59) return undefined;
  const offsetMinutes = zone === undefined ? 0 : parseOffsetMinutes(zone);
  if (offsetMinutes === undefined) return undefined;
  const fractionMs = frac === undefined ? 0 : Number(frac) * 1000;
  const instant = dayMs + ((hours * 60 + minutes - offsetMinutes) * 60 + seconds) * 1000 + fractionMs;
  return { date: formatUtcDate(instant), shifted: instant % MS_PER_DAY !== 0 };
}

function parseOffsetMinutes(zone: string): number | undefined {
  if (zone.toUpperCase() === 'Z') return 0;
  const digits = zone.slice(1).replace(':', '');
  const hours = Number(digits.slice(0, 2));
  const minutes = Number(digits.slice(2));
  if (hours > 23 || minutes > 59) return undefined;
  return (zone[0] === '-' ? -1 : 1) * (hours * 60 + minutes);
}

/** The UTC calendar date of an epoch-millisecond instant. */
function formatUtcDate(ms: number): string {
  return new Date(Math.floor(ms / MS_PER_DAY) * MS_PER_DAY).toISOString().slice(0, 10);
}

/** True for a real calendar date written `YYYY-MM-DD` (no time part). */
export function isIsoDate(text: string): boolean {
  const parsed = /^\d{4}-\d{2}-\d{2}$/.test(text) ? parseHistoryDate(text) : undefined;
  return parsed !== undefined;
}

/** Days since 1970-01-01 of a `YYYY-MM-DD` date. */
export function epochDay(date: string): number {
  return Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) / MS_PER_DAY;
}

/** The `YYYY-MM-DD` date `days` after day 0 = 1970-01-01. */
export function dateOfEpochDay(days: number): string {
  return formatUtcDate(days * MS_PER_DAY);
}

/** Calendar days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return epochDay(to) - epochDay(from);
}

/** The date `days` calendar days after `date`. */
export function addDays(date: string, days: number): string {
  return dateOfEpochDay(epochDay(date) + days);
}
