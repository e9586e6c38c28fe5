import { z } from 'zod';
import { InputError } from '../../model/errors.js';
import type { Market } from '../../model/schemas.js';
import { parseInput } from '../../model/validate.js';
import { parseCcxtSymbol } from './ccxtSymbol.js';
import { bookBalances, bookPositions, type ImportResult, type VenuePosition } from './venuePosition.js';

/**
 * CCXT's unified Position structure (CCXT manual, "Position Structure"): the fields the import
 * reads; the rest (entryPrice, leverage, margins, ...) is the venue's view and is ignored.
 */
const CcxtPositionSchema = z
  .object({
    symbol: z.string().min(1),
    side: z.enum(['long', 'short']).nullish(),
    contracts: z.number().nullish(),
    contractSize: z.number().positive().nullish(),
    markPrice: z.number().nonnegative().nullish(),
    info: z.record(z.string(), z.unknown()).nullish(),
  })
  .loose();
type CcxtPosition = z.output<typeof CcxtPositionSchema>;

/** CCXT's Balance structure: { CODE: { free, used, total }, free: {...}, used: {...}, total: {...}, info, ... }. */
const CcxtBalanceSchema = z.record(z.string(), z.unknown());
const RESERVED = new Set(['info', 'free', 'used', 'total', 'debt', 'timestamp', 'datetime']);

export interface CcxtImportInput {
  positions: unknown;
  balances: unknown;
  market?: Market;
  account?: string;
  sources?: { positions: string; balances: string };
}

/**
 * `margin import ccxt`: CCXT's fetchPositions and fetchBalance output as one account of our
 * book. Each position's symbol gives our id and its settlement (inverse when it settles in its
 * base); its size is contracts × contractSize in the contract's unit (coins, or USD of face for
 * an inverse future, CCXT's own convention), or Deribit's raw `info.size` where CCXT's Deribit
 * adapter leaves `contracts` empty. Balances are each currency's `total`. CCXT's total is, on
 * derivatives venues (Deribit, OKX, Bybit), the venue's equity, which counts open options at
 * their mark: the import takes the options' value (size × markPrice, in their settle currency)
 * out of it, since the engine values the options itself.
 */
export function importCcxt(input: CcxtImportInput): ImportResult {
  const sources = input.sources ?? { positions: 'positions', balances: 'balances' };
  const records = parseInput(z.array(CcxtPositionSchema), input.positions, sources.positions);
  const positions: VenuePosition[] = [];
  const optionValue = new Map<string, number>();
  records.forEach((record, index) => {
    const position = readPosition(record, index, sources.positions);
    if (!position) return;
    positions.push(position);
    if (position.kind === 'option') optionValue.set(position.settle, (optionValue.get(position.settle) ?? 0) + position.size * requireMark(record, index, sources.positions));
  });
  const totals = readTotals(parseInput(CcxtBalanceSchema, input.balances, sources.balances), sources.balances);
  const warnings: string[] = [];
  for (const [asset, value] of optionValue) {
    const held = totals.get(asset);
    if (!held) warnings.push(`${sources.balances}: no ${asset} balance, but options settled in ${asset} are worth ${value}: the balance is taken as 0 − that`);
    totals.set(asset, { amount: (held?.amount ?? 0) - value, field: held?.field ?? `total.${asset}` });
  }
  const booked = bookPositions(positions, input.market, sources.positions);
  const account = { id: input.account ?? 'ccxt', balances: bookBalances(totals, input.market, sources.balances), positions: booked.positions };
  return { book: { accounts: [account] }, instruments: booked.instruments, warnings };
}

function readPosition(record: CcxtPosition, index: number, source: string): VenuePosition | undefined {
  const symbol = parseCcxtSymbol(record.symbol);
  if ('reason' in symbol) throw new InputError(source, `[${index}].symbol`, record.symbol, symbol.reason);
  const raw = record.info?.size;
  let size: number;
  let sizeField: string;
  if (typeof record.contracts === 'number') {
    if (record.contractSize == null) throw new InputError(source, `[${index}].contractSize`, undefined, 'required: the size of a contract says the unit of contracts');
    size = record.contracts * record.contractSize;
    sizeField = 'contracts';
  } else if (typeof raw === 'number') {
    size = raw; // Deribit's own size, already in the contract's unit (USD for inverse futures, coins otherwise)
    sizeField = 'info.size';
  } else {
    throw new InputError(source, `[${index}].contracts`, record.contracts, 'required: the number of contracts (or the venue\'s info.size)');
  }
  if (size === 0) return undefined;
  // The side gives the sign; a size already signed must agree with it.
  if (size < 0 && record.side === 'long') throw new InputError(source, `[${index}].side`, record.side, `disagrees with the negative ${sizeField}`);
  const signed = record.side === 'short' ? -Math.abs(size) : record.side === 'long' ? Math.abs(size) : size;
  return { index, instrumentField: 'symbol', sizeField, name: record.symbol, id: symbol.id, kind: symbol.kind, settlement: symbol.settlement, settle: symbol.settle, size: signed, contractSize: record.contractSize ?? undefined };
}

function requireMark(record: CcxtPosition, index: number, source: string): number {
  if (record.markPrice == null) {
    throw new InputError(source, `[${index}].markPrice`, undefined, "required for an option: CCXT's total counts the option's value, which the import takes out (the engine values the option itself)");
  }
  return record.markPrice;
}

/** Each currency's total, from `{ CODE: { total } }` or the `total` map; the two must agree where both are given. */
function readTotals(balance: Record<string, unknown>, source: string): Map<string, { amount: number; field: string }> {
  const totals = new Map<string, { amount: number; field: string }>();
  const map = balance.total;
  if (map !== undefined && (map === null || typeof map !== 'object')) throw new InputError(source, 'total', map, 'expected { CODE: amount }');
  for (const [code, amount] of Object.entries((map ?? {}) as Record<string, unknown>)) {
    if (amount === null || amount === undefined) continue;
    if (typeof amount !== 'number' || !Number.isFinite(amount)) throw new InputError(source, `total.${code}`, amount, 'expected a number');
    totals.set(code, { amount, field: `total.${code}` });
  }
  for (const [code, entry] of Object.entries(balance)) {
    if (RESERVED.has(code) || entry === null || typeof entry !== 'object') continue;
    const total = (entry as { total?: unknown }).total;
    if (total === null || total === undefined) continue;
    if (typeof total !== 'number' || !Number.isFinite(total)) throw new InputError(source, `${code}.total`, total, 'expected a number');
    const other = totals.get(code);
    if (other && other.amount !== total) throw new InputError(source, `${code}.total`, total, `disagrees with total.${code} = ${other.amount}`);
    totals.set(code, { amount: total, field: `${code}.total` });
  }
  return totals;
}
