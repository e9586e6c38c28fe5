import { parseDecimal } from '../../model/decimal.js';
import { InputError } from '../../model/errors.js';
import { checkAssetName } from './assetName.js';
import { headerIndex, readCsvTable, type CsvRow, type CsvTable } from './csvTable.js';
import { parseHistoryDate } from './dates.js';
import { resolveReadOptions, type ResolvedReadOptions } from './readOptions.js';
import { SeriesBuilder } from './seriesBuilder.js';
import { MAX_IMPLIED_VOL, type HistoryReadOptions, type ImpliedVolHistory, type ImpliedVolSeries } from './types.js';

const REQUIRED = ['asset', 'tenordays', 'vol'] as const;

/**
 * Reads an ATM implied-vol history, `date,asset,tenorDays,vol` (names case-insensitive, `date`
 * or `datetime`, other columns ignored; rows of different assets and tenors may interleave).
 * Each (asset, tenor) is one series with the price history's rules: increasing dates, gaps
 * within `maxGapDays`, the `asOf` and `from` window; vols decimal, in (0, MAX_IMPLIED_VOL].
 */
export function parseImpliedVolHistory(text: string, source: string, options?: HistoryReadOptions): ImpliedVolHistory {
  const resolved = resolveReadOptions(options);
  if (resolved.asset !== undefined) throw new InputError(source, '(asset option)', resolved.asset, 'an implied-vol history names its assets in its asset column');
  const table = readCsvTable(text, source);
  const columns = volColumns(table);
  const series = new Map<string, { asset: string; tenorDays: number; builder: SeriesBuilder }>();
  let shifted: CsvRow | undefined;
  for (const row of table.rows) {
    const at = (column: number) => `line ${row.line}.${table.header[column]}`;
    const dateText = row.cells[columns.date];
    const parsed = parseHistoryDate(dateText);
    if (parsed === undefined) throw new InputError(source, at(columns.date), dateText, 'not a date: expected YYYY-MM-DD or an ISO 8601 date-time');
    if (parsed.shifted) shifted ??= row;
    const asset = checkAssetName(row.cells[columns.asset], source, at(columns.asset));
    const tenorText = row.cells[columns.tenordays];
    const tenorDays = parseDecimal(tenorText);
    if (tenorDays === undefined || !(tenorDays > 0)) throw new InputError(source, at(columns.tenordays), tenorText, 'expected a positive number of calendar days');
    const key = `${asset}\u0000${tenorDays}`;
    let entry = series.get(key);
    if (!entry) series.set(key, (entry = { asset, tenorDays, builder: new SeriesBuilder(volRules(source, asset, tenorDays, resolved)) }));
    entry.builder.add(parsed.date, { text: dateText, at: at(columns.date) }, { text: row.cells[columns.vol], at: at(columns.vol) }, row.line);
  }
  const assets = new Map<string, ImpliedVolSeries[]>();
  for (const { asset, tenorDays, builder } of series.values()) {
    const { dates, values, lines } = builder.finish();
    const list = assets.get(asset) ?? [];
    list.push({ asset, tenorDays, source, dates, vols: values, lines });
    assets.set(asset, list);
  }
  for (const list of assets.values()) list.sort((a, b) => a.tenorDays - b.tenorDays);
  const warnings = shifted ? [`${source}: dates carry a time of day (first on line ${shifted.line}: ${shifted.cells[columns.date]}): each row is dated by the UTC calendar date of its time`] : [];
  return { assets, warnings };
}

function volColumns(table: CsvTable): Record<(typeof REQUIRED)[number] | 'date', number> {
  const index = headerIndex(table);
  const header = table.header.join(',');
  if (index.has('date') && index.has('datetime')) throw new InputError(table.source, 'line 1', header, 'both a date and a datetime column: keep one');
  const date = index.get('date') ?? index.get('datetime');
  if (date === undefined) throw new InputError(table.source, 'line 1', header, 'no date column: expected date,asset,tenorDays,vol');
  const missing = REQUIRED.filter((name) => !index.has(name));
  if (missing.length > 0) throw new InputError(table.source, 'line 1', header, `missing column ${missing.join(', ')}: expected date,asset,tenorDays,vol`);
  return { date, asset: index.get('asset')!, tenordays: index.get('tenordays')!, vol: index.get('vol')! };
}

function volRules(source: string, asset: string, tenorDays: number, options: ResolvedReadOptions) {
  return {
    source,
    label: `${asset} ${tenorDays}d`,
    valueName: 'vol',
    from: options.from,
    asOf: options.asOf,
    maxGapDays: options.maxGapDays,
    max: { value: MAX_IMPLIED_VOL, reason: `a vol above ${MAX_IMPLIED_VOL} (${MAX_IMPLIED_VOL * 100}%) looks like a percentage: give vols as decimals (0.55 = 55%)` },
  };
}

/** The series of `asset` at `tenorDays` (default 30), or an error naming the tenors there are. */
export function impliedVolSeries(history: ImpliedVolHistory, asset: string, tenorDays = 30): ImpliedVolSeries {
  const list = history.assets.get(asset);
  if (!list) throw new InputError('implied-vol history', asset, undefined, `no implied vols for ${asset} (history has: ${[...history.assets.keys()].join(', ') || 'nothing'})`);
  const series = list.find((s) => s.tenorDays === tenorDays);
  if (!series) throw new InputError(list[0].source, asset, tenorDays, `no ${tenorDays}-day series for ${asset} (tenors: ${list.map((s) => s.tenorDays).join(', ')} days)`);
  return series;
}
