/** A call or a put: plain data, so that model/ needs nothing from pricing/. */
export type OptionType = 'call' | 'put';

/**
 * Venue-style instrument ids (the convention Deribit users know):
 *   BTC_USDC              spot BTC quoted in a USD stablecoin
 *   BTC-PERPETUAL         perpetual future
 *   BTC-27DEC26           dated future, expiring 27 Dec 2026 at 08:00 UTC
 *   BTC-27DEC26-100000-C  European call, strike 100000, same expiry (P for a put)
 * Strikes may carry a decimal written as `d` (`XRP_USDC-27DEC26-0d625-C`).
 */
export type InstrumentKind = 'spot' | 'perpetual' | 'future' | 'option';

export interface ParsedInstrumentId {
  kind: InstrumentKind;
  underlying: string;
  expiry?: string;
  strike?: number;
  optionType?: OptionType;
}

/** Venues settle at 08:00 UTC on the expiry date. */
export const EXPIRY_HOUR_UTC = 8;

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];

/** `27DEC26` → `2026-12-27T08:00:00.000Z`; undefined when the text is not such a date. */
export function parseExpiryCode(code: string): string | undefined {
  const match = /^(\d{1,2})([A-Z]{3})(\d{2})$/.exec(code);
  if (!match) return undefined;
  const month = MONTHS.indexOf(match[2]);
  if (month < 0) return undefined;
  const day = Number(match[1]);
  const year = 2000 + Number(match[3]);
  const date = new Date(Date.UTC(year, month, day, EXPIRY_HOUR_UTC));
  if (date.getUTCDate() !== day) return undefined; // 31FEB26 and the like
  return date.toISOString();
}

/** `2026-12-27T08:00:00Z` → `27DEC26`. */
export function formatExpiryCode(isoTime: string): string {
  const date = new Date(isoTime);
  const yy = String(date.getUTCFullYear() % 100).padStart(2, '0');
  return `${date.getUTCDate()}${MONTHS[date.getUTCMonth()]}${yy}`;
}

function parseStrike(text: string): number | undefined {
  if (!/^\d+(d\d+)?$/.test(text)) return undefined;
  return Number(text.replace('d', '.'));
}

export function formatStrike(strike: number): string {
  return String(strike).replace('.', 'd');
}

/** Parses an id; undefined when it follows none of the conventions (then fields must be explicit). */
export function parseInstrumentId(id: string): ParsedInstrumentId | undefined {
  const parts = id.split('-');
  const base = parts[0].split('_')[0];
  if (!/^[A-Z0-9]+$/.test(base)) return undefined;
  if (parts.length === 1) {
    return parts[0].includes('_') ? { kind: 'spot', underlying: base } : undefined;
  }
  if (parts.length === 2 && parts[1] === 'PERPETUAL') return { kind: 'perpetual', underlying: base };
  const expiry = parseExpiryCode(parts[1]);
  if (!expiry) return undefined;
  if (parts.length === 2) return { kind: 'future', underlying: base, expiry };
  if (parts.length !== 4) return undefined;
  const strike = parseStrike(parts[2]);
  const optionType = parts[3] === 'C' ? 'call' : parts[3] === 'P' ? 'put' : undefined;
  if (strike === undefined || optionType === undefined) return undefined;
  return { kind: 'option', underlying: base, expiry, strike, optionType };
}

export function optionId(underlying: string, expiry: string, strike: number, type: OptionType): string {
  return `${underlying}-${formatExpiryCode(expiry)}-${formatStrike(strike)}-${type === 'call' ? 'C' : 'P'}`;
}

export function futureId(underlying: string, expiry: string): string {
  return `${underlying}-${formatExpiryCode(expiry)}`;
}
