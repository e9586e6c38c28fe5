import { headerIndex, readCsvTable, type CsvRow } from '../../calibration/history/csvTable.js';
import { parseDecimal } from '../../model/decimal.js';
import { InputError } from '../../model/errors.js';
import { parseInstrumentId, type OptionType } from '../../model/instrumentId.js';

/**
 * One option of a Deribit chain snapshot (../shared/data/options/README.md gives the format):
 * prices in coin per coin of notional, strike and futures/index prices in USD, the mark IV as
 * a decimal, time in years of 365.25 days, expiries at 08:00 UTC.
 */
export interface ChainOption {
  /** Physical line of the CSV row (blank lines counted), for messages. */
  line: number;
  /** When the row was read (ISO 8601). */
  timestamp: string;
  instrument: string;
  coin: string;
  type: OptionType;
  strike: number;
  expiry: string;
  /** Mark price in coin (Black-76 on the future / futures price, per Deribit). */
  markPrice: number;
  /** The option's underlying: the future of its expiry (`SYN.` for a synthetic one) and its price. */
  futuresInstrument: string;
  futuresPrice: number;
  impliedVol: number;
  indexPrice: number;
  /** Deribit's delta N(d1) (calls) or N(d1) − 1 (puts), when the snapshot has it. */
  delta?: number;
}

const REQUIRED = [
  'timestamp', 'instrument_name', 'option_type', 'strike', 'expiry_datetime', 'mark_price',
  'futures_price', 'futures_instrument_name', 'implied_volatility', 'index_price', 'currency',
] as const;

/**
 * Parses a Deribit chain snapshot. Every row is checked: numbers are decimal and positive
 * where they must be, the instrument name agrees with the row's currency, strike, type and
 * expiry (a row whose name says one option and whose columns another is a broken export),
 * and an instrument appears once. Errors name the file, the line and the column.
 */
export function parseDeribitChain(text: string, source: string): ChainOption[] {
  const table = readCsvTable(text, source);
  const columns = headerIndex(table);
  for (const name of REQUIRED) {
    if (!columns.has(name)) throw new InputError(source, 'line 1', table.header.join(','), `missing column ${name} (a Deribit chain snapshot has ${REQUIRED.join(', ')})`);
  }
  const seen = new Map<string, number>();
  return table.rows.map((row) => {
    const option = parseRow(row, (name) => row.cells[columns.get(name)!], columns.has('delta') ? row.cells[columns.get('delta')!] : undefined, source);
    const earlier = seen.get(option.instrument);
    if (earlier !== undefined) throw new InputError(source, `line ${row.line}.instrument_name`, option.instrument, `listed twice (also line ${earlier})`);
    seen.set(option.instrument, row.line);
    return option;
  });
}

function parseRow(row: CsvRow, cell: (name: (typeof REQUIRED)[number]) => string, deltaText: string | undefined, source: string): ChainOption {
  const at = (column: string) => `line ${row.line}.${column}`;
  const positive = (name: (typeof REQUIRED)[number]): number => {
    const value = parseDecimal(cell(name));
    if (value === undefined || !(value > 0)) throw new InputError(source, at(name), cell(name), 'expected a positive decimal number');
    return value;
  };
  const time = (name: (typeof REQUIRED)[number]): string => {
    const ms = Date.parse(cell(name));
    if (Number.isNaN(ms)) throw new InputError(source, at(name), cell(name), 'not an ISO 8601 date-time');
    return new Date(ms).toISOString();
  };
  const instrument = cell('instrument_name');
  const parsed = parseInstrumentId(instrument);
  if (!parsed || parsed.kind !== 'option') throw new InputError(source, at('instrument_name'), instrument, 'not a Deribit option name (COIN-DDMMMYY-STRIKE-C|P)');
  const type = cell('option_type');
  if (type !== 'call' && type !== 'put') throw new InputError(source, at('option_type'), type, 'expected call or put');
  const option: ChainOption = {
    line: row.line,
    timestamp: time('timestamp'),
    instrument,
    coin: cell('currency'),
    type,
    strike: positive('strike'),
    expiry: time('expiry_datetime'),
    markPrice: nonNegative(cell('mark_price'), at('mark_price'), source),
    futuresInstrument: cell('futures_instrument_name'),
    futuresPrice: positive('futures_price'),
    impliedVol: positive('implied_volatility'),
    indexPrice: positive('index_price'),
  };
  const disagree = (column: string, value: unknown, named: unknown) =>
    new InputError(source, at(column), value, `disagrees with the instrument name ${instrument} (${String(named)})`);
  if (parsed.underlying !== option.coin) throw disagree('currency', option.coin, parsed.underlying);
  if (parsed.strike !== option.strike) throw disagree('strike', option.strike, parsed.strike);
  if (parsed.optionType !== option.type) throw disagree('option_type', option.type, parsed.optionType);
  if (parsed.expiry !== option.expiry) throw disagree('expiry_datetime', option.expiry, parsed.expiry);
  if (deltaText !== undefined && deltaText !== '') {
    const delta = parseDecimal(deltaText);
    if (delta === undefined || Math.abs(delta) > 1) throw new InputError(source, at('delta'), deltaText, 'expected a decimal number in [−1, 1]');
    option.delta = delta;
  }
  return option;
}

function nonNegative(text: string, at: string, source: string): number {
  const value = parseDecimal(text);
  if (value === undefined || value < 0) throw new InputError(source, at, text, 'expected a non-negative decimal number');
  return value;
}
