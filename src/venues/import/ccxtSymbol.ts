import type { Settlement } from '../../model/instrument.js';
import { formatExpiryCode, formatStrike, type InstrumentKind, type OptionType, EXPIRY_HOUR_UTC } from '../../model/instrumentId.js';

/** A CCXT unified derivatives symbol, read: what it trades, how it settles, and our id for it. */
export interface CcxtSymbol {
  base: string;
  quote: string;
  settle: string;
  kind: Exclude<InstrumentKind, 'spot'>;
  settlement: Settlement;
  /** Our venue-style id: BTC-PERPETUAL, BTC-25DEC26-100000-C (inverse), BTC_USDC-PERPETUAL (linear). */
  id: string;
  expiry?: string;
  strike?: number;
  optionType?: OptionType;
}

const SYMBOL = /^([A-Z0-9]+)\/([A-Z0-9]+):([A-Z0-9]+)(?:-(\d{6})(?:-(\d+(?:\.\d+)?)-([CP]))?)?$/;

/**
 * Reads CCXT's unified symbol `BASE/QUOTE:SETTLE[-YYMMDD[-STRIKE-C|P]]` (CCXT manual, Market
 * structure: a contract is inverse when it settles in its base, linear when in its quote).
 * Returns the reason when it cannot: a spot symbol (no settle currency), a settle currency that
 * is neither base nor quote (a unit the engine does not model), or no such form at all.
 */
export function parseCcxtSymbol(symbol: string): CcxtSymbol | { reason: string } {
  if (/^[A-Z0-9]+\/[A-Z0-9]+$/.test(symbol)) return { reason: 'a spot market: spot holdings are balances, not positions' };
  const match = SYMBOL.exec(symbol);
  if (!match) return { reason: 'unknown symbol: expected CCXT\'s BASE/QUOTE:SETTLE[-YYMMDD[-STRIKE-C|P]]' };
  const [, base, quote, settle, date, strikeText, cp] = match;
  if (settle !== base && settle !== quote) return { reason: `mixed units: it settles in ${settle}, neither its base ${base} nor its quote ${quote}` };
  const settlement: Settlement = settle === base ? 'inverse' : 'linear';
  const prefix = settlement === 'inverse' ? base : `${base}_${settle}`;
  if (!date) return { base, quote, settle, settlement, kind: 'perpetual', id: `${prefix}-PERPETUAL` };
  const expiry = expiryOf(date);
  if (!expiry) return { reason: `unknown symbol: ${date} is not a date YYMMDD` };
  const code = formatExpiryCode(expiry);
  if (!strikeText) return { base, quote, settle, settlement, kind: 'future', id: `${prefix}-${code}`, expiry };
  const strike = Number(strikeText);
  const optionType: OptionType = cp === 'C' ? 'call' : 'put';
  return { base, quote, settle, settlement, kind: 'option', id: `${prefix}-${code}-${formatStrike(strike)}-${cp}`, expiry, strike, optionType };
}

/** `261225` → 2026-12-25 at the venues' 08:00 UTC expiry time; undefined for a date that does not exist. */
function expiryOf(yymmdd: string): string | undefined {
  const year = 2000 + Number(yymmdd.slice(0, 2));
  const month = Number(yymmdd.slice(2, 4)) - 1;
  const day = Number(yymmdd.slice(4, 6));
  const date = new Date(Date.UTC(year, month, day, EXPIRY_HOUR_UTC));
  return date.getUTCMonth() === month && date.getUTCDate() === day ? date.toISOString() : undefined;
}
