import { InputError } from '../../model/errors.js';
import { checkAssetName } from './assetName.js';
import type { CsvTable } from './csvTable.js';

/**
 * The three CSV forms of a price history, told apart by the header (names case-insensitive):
 *
 *   long     a date column, `asset` and `close`   one row per asset and date, many assets
 *   ohlcv    a date column and `close`, no asset  one asset per file (Yahoo Finance, venue klines)
 *   wide     a date column and one column per asset, nothing else
 *
 * The date column is `date` or `datetime` (not both). Columns other than these are ignored in
 * the long and per-asset forms (open, high, low, volume, ...). A header with OHLCV columns but
 * no `close` is refused rather than read as the wide form with assets named OPEN and HIGH.
 */
export type PriceForm =
  | { kind: 'long'; date: number; asset: number; close: number }
  | { kind: 'ohlcv'; date: number; close: number }
  | { kind: 'wide'; date: number; assets: { column: number; name: string }[] };

const OHLCV_WITHOUT_CLOSE = ['open', 'high', 'low', 'volume', 'adj close', 'adj_close', 'price'];

export function detectPriceForm(table: CsvTable, index: Map<string, number>): PriceForm {
  const date = dateColumn(table, index);
  const close = index.get('close');
  const asset = index.get('asset');
  if (asset !== undefined) {
    if (close === undefined) throw new InputError(table.source, 'line 1', table.header.join(','), 'an asset column but no close column: the long form is date,asset,close');
    return { kind: 'long', date, asset, close };
  }
  if (close !== undefined) return { kind: 'ohlcv', date, close };
  const ohlcv = OHLCV_WITHOUT_CLOSE.find((name) => index.has(name));
  if (ohlcv !== undefined) {
    throw new InputError(table.source, 'line 1', table.header.join(','), `an OHLCV column (${ohlcv}) but no close column: a daily OHLCV file needs close`);
  }
  const assets = table.header.map((name, column) => ({ column, name })).filter(({ column }) => column !== date);
  const unnamed = assets.find(({ name }) => name === '');
  if (unnamed) throw new InputError(table.source, 'line 1', table.header.join(','), `column ${unnamed.column + 1} has no name (in the wide form every column after the date is an asset)`);
  for (const { name } of assets) checkAssetName(name, table.source, 'line 1');
  if (assets.length === 0) throw new InputError(table.source, 'line 1', table.header.join(','), 'only a date column: expected close (date,close), asset and close (date,asset,close), or one column per asset');
  return { kind: 'wide', date, assets };
}

function dateColumn(table: CsvTable, index: Map<string, number>): number {
  const date = index.get('date');
  const datetime = index.get('datetime');
  if (date !== undefined && datetime !== undefined) {
    throw new InputError(table.source, 'line 1', table.header.join(','), 'both a date and a datetime column: which one dates the close is a guess, keep one');
  }
  const column = date ?? datetime;
  if (column === undefined) throw new InputError(table.source, 'line 1', table.header.join(','), 'no date column: expected a column named date or datetime');
  return column;
}
