import { z } from 'zod';
import { InputError } from '../../model/errors.js';
import { parseInstrumentId } from '../../model/instrumentId.js';
import type { Market } from '../../model/schemas.js';
import { parseInput } from '../../model/validate.js';
import { bookBalances, bookPositions, type ImportResult, type VenuePosition } from './venuePosition.js';

/**
 * Deribit API v2 private/get_positions records (the fields the import reads): size is "for
 * futures in quote currency (e.g. USD), for options in base currency (e.g. BTC)"; linear
 * (USDC) futures are sized in the base coin; size_currency is the futures' size in coin.
 */
const DeribitPositionSchema = z
  .object({
    instrument_name: z.string().min(1),
    kind: z.string().min(1),
    direction: z.enum(['buy', 'sell', 'zero']),
    size: z.number(),
    size_currency: z.number().nullish(),
    mark_price: z.number().nonnegative().nullish(),
  })
  .loose();
type DeribitPosition = z.output<typeof DeribitPositionSchema>;

/** private/get_account_summary, per currency: equity counts the options at their value and the futures' unsettled P&L. */
const DeribitSummarySchema = z
  .object({
    currency: z.string().min(1),
    equity: z.number(),
    options_value: z.number().nullish(),
  })
  .loose();

export interface DeribitImportInput {
  positions: unknown;
  summary: unknown;
  market?: Market;
  account?: string;
  sources?: { positions: string; summary: string };
}

/**
 * `margin import deribit`: Deribit's get_positions and get_account_summary (one currency, or
 * several: an array, or get_account_summaries' `summaries`; JSON-RPC envelopes `{ result }`
 * are unwrapped) as one account of our book. An instrument is inverse unless its name carries
 * a settle currency (BTC_USDC-…: linear, in USDC). Sizes keep Deribit's unit (USD of face for
 * inverse futures and perpetuals, coins otherwise), checked against size_currency × mark_price
 * where given. Each currency's balance is equity − options_value: the coin the account holds
 * with its futures' P&L included (our futures carry no value: their P&L is in the coin), its
 * options left to the engine, which values them.
 */
export function importDeribit(input: DeribitImportInput): ImportResult {
  const sources = input.sources ?? { positions: 'positions', summary: 'summary' };
  const records = parseInput(z.array(DeribitPositionSchema), unwrap(input.positions), sources.positions);
  const positions = records.flatMap((record, index) => readPosition(record, index, sources.positions) ?? []);
  const summaries = parseInput(z.array(DeribitSummarySchema).min(1), summaryList(unwrap(input.summary)), sources.summary);
  const balances = new Map<string, { amount: number; field: string }>();
  const warnings: string[] = [];
  summaries.forEach((summary, k) => {
    const holdsOptions = positions.some((p) => p.kind === 'option' && p.settle === summary.currency);
    if (summary.options_value == null && holdsOptions) {
      throw new InputError(sources.summary, `[${k}].options_value`, undefined, `required: the account holds ${summary.currency} options, and equity counts their value`);
    }
    if (balances.has(summary.currency)) throw new InputError(sources.summary, `[${k}].currency`, summary.currency, 'a second summary of the same currency');
    balances.set(summary.currency, { amount: summary.equity - (summary.options_value ?? 0), field: `[${k}].equity` });
  });
  for (const settle of new Set(positions.map((p) => p.settle))) {
    if (!balances.has(settle)) warnings.push(`${sources.summary}: no ${settle} summary: the ${settle}-settled positions' account holds no ${settle}`);
  }
  const booked = bookPositions(positions, input.market, sources.positions);
  const account = { id: input.account ?? 'deribit', balances: bookBalances(balances, input.market, sources.summary), positions: booked.positions };
  return { book: { accounts: [account] }, instruments: booked.instruments, warnings };
}

function readPosition(record: DeribitPosition, index: number, source: string): VenuePosition | undefined {
  const at = (field: string) => `[${index}].${field}`;
  if (record.kind === 'spot') throw new InputError(source, at('kind'), record.kind, 'spot holdings are balances (get_account_summary), not positions');
  if (record.kind !== 'future' && record.kind !== 'option') {
    throw new InputError(source, at('kind'), record.kind, 'expected future or option (a combination is imported as its legs)');
  }
  if (record.direction === 'zero' || record.size === 0) return undefined;
  const parsed = parseInstrumentId(record.instrument_name);
  const kindOf = parsed?.kind === 'option' ? 'option' : parsed?.kind === 'future' || parsed?.kind === 'perpetual' ? 'future' : undefined;
  if (!parsed || !kindOf) throw new InputError(source, at('instrument_name'), record.instrument_name, 'unknown instrument name: expected COIN[_SETTLE]-PERPETUAL, -DDMMMYY or -DDMMMYY-STRIKE-C|P');
  if (kindOf !== record.kind) throw new InputError(source, at('kind'), record.kind, `disagrees with the instrument name ${record.instrument_name} (${parsed.kind})`);
  if (record.size < 0 && record.direction === 'buy') throw new InputError(source, at('direction'), record.direction, 'disagrees with the negative size');
  const base = record.instrument_name.split('-')[0];
  const settle = base.includes('_') ? base.split('_')[1] : parsed.underlying;
  const settlement = base.includes('_') ? 'linear' : 'inverse';
  const size = (record.direction === 'sell' ? -1 : 1) * Math.abs(record.size);
  if (record.kind === 'future') checkFutureUnits(record, settlement, at, source);
  return { index, instrumentField: 'instrument_name', sizeField: 'size', name: record.instrument_name, id: record.instrument_name, kind: parsed.kind, settlement, settle, size };
}

/**
 * A future's size must be in its unit: USD of face for an inverse one (so size_currency ×
 * mark_price ≈ size), coins for a linear one (size_currency ≈ size). A size in the other unit
 * is off by a factor of the price (~1e3–1e5), so 1% separates the two with room for rounding.
 */
function checkFutureUnits(record: DeribitPosition, settlement: 'linear' | 'inverse', at: (field: string) => string, source: string): void {
  if (record.size_currency == null) return;
  const implied = settlement === 'inverse' ? (record.mark_price == null ? undefined : Math.abs(record.size_currency) * record.mark_price) : Math.abs(record.size_currency);
  if (implied === undefined) return;
  if (Math.abs(implied - Math.abs(record.size)) > 0.01 * Math.abs(record.size)) {
    const unit = settlement === 'inverse' ? 'USD of face (size_currency × mark_price' : 'coins (size_currency';
    throw new InputError(source, at('size'), record.size, `mixed units: an ${settlement} future's size is in ${unit} = ${implied})`);
  }
}

/** `{ result: X }` (a JSON-RPC response) → X. */
function unwrap(value: unknown): unknown {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && 'result' in value ? (value as { result: unknown }).result : value;
}

/** One summary, an array of them, or get_account_summaries' `{ summaries: [...] }`, as an array. */
function summaryList(value: unknown): unknown {
  if (Array.isArray(value)) return value;
  if (value !== null && typeof value === 'object' && 'summaries' in value) return (value as { summaries: unknown }).summaries;
  return [value];
}
