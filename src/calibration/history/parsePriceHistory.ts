import { InputError } from '../../model/errors.js';
import { assetNameFromFileName, checkAssetName } from './assetName.js';
import { headerIndex, readCsvTable, type CsvRow, type CsvTable } from './csvTable.js';
import { parseHistoryDate } from './dates.js';
import { detectPriceForm, type PriceForm } from './priceForms.js';
import { resolveReadOptions, type ResolvedReadOptions } from './readOptions.js';
import { SeriesBuilder, type Cell } from './seriesBuilder.js';
import type { AssetHistory, HistoryReadOptions, PriceHistory } from './types.js';

/**
 * Reads a price history from CSV text: the long (`date,asset,close`), per-asset OHLCV
 * (`datetime,open,high,low,close,volume`) or wide (`date,BTC,ETH`) form (priceForms.ts), with
 * every rule of the column contract (formats.ts) checked. `source` names the file in errors
 * and, in the per-asset form, gives the asset's name (assetName.ts) unless `options.asset` does.
 * Reading files is the caller's job (the CLI in Node, a file input in the browser).
 */
export function parsePriceHistory(text: string, source: string, options?: HistoryReadOptions): PriceHistory {
  const resolved = resolveReadOptions(options);
  const table = readCsvTable(text, source);
  const form = detectPriceForm(table, headerIndex(table));
  if (resolved.asset !== undefined && form.kind !== 'ohlcv') {
    throw new InputError(source, '(asset option)', resolved.asset, `the ${form.kind} form names its assets itself; an asset name applies to a one-asset file only`);
  }
  const single = form.kind === 'ohlcv' ? singleAssetName(source, resolved.asset) : undefined;
  const collector = new PriceCollector(table, resolved, single);
  for (const row of table.rows) collector.addRow(form, row);
  return collector.finish(form);
}

/** The asset of a one-asset file: the caller's name, else the file name's ticker. */
function singleAssetName(source: string, asset: string | undefined): string {
  return asset === undefined ? assetNameFromFileName(source) : checkAssetName(asset, source, '(asset option)');
}

/** Series builders per asset, created as assets appear, and the file's warnings. */
class PriceCollector {
  private readonly builders = new Map<string, SeriesBuilder>();
  private shiftedLine: CsvRow | undefined;

  constructor(
    private readonly table: CsvTable,
    private readonly options: ResolvedReadOptions,
    /** The per-asset form's one asset. */
    private readonly single: string | undefined,
  ) {}

  addRow(form: PriceForm, row: CsvRow): void {
    const dateCell = this.cell(row, form.date);
    const parsed = parseHistoryDate(dateCell.text);
    if (parsed === undefined) throw new InputError(this.table.source, dateCell.at, dateCell.text, 'not a date: expected YYYY-MM-DD or an ISO 8601 date-time');
    if (parsed.shifted && this.shiftedLine === undefined) this.shiftedLine = row;
    if (form.kind === 'wide') {
      for (const { column, name } of form.assets) {
        const value = this.cell(row, column);
        // An empty cell in the wide form: no observation of that asset that day (listed later, delisted).
        if (value.text !== '') this.builder(name).add(parsed.date, dateCell, value, row.line);
      }
      return;
    }
    const asset = form.kind === 'long' ? this.assetOfRow(row, form.asset) : (this.single as string);
    this.builder(asset).add(parsed.date, dateCell, this.cell(row, form.close), row.line);
  }

  finish(form: PriceForm): PriceHistory {
    // Assets named by the header or the file exist even when no row falls in the window: the
    // coverage check then says "0 closes up to asOf" rather than "no history".
    if (form.kind === 'wide') for (const { name } of form.assets) this.builder(name);
    if (this.single !== undefined) this.builder(this.single);
    const assets = new Map<string, AssetHistory>();
    for (const [asset, builder] of this.builders) {
      const { dates, values, lines } = builder.finish();
      assets.set(asset, { asset, source: this.table.source, dates, closes: values, lines });
    }
    const warnings: string[] = [];
    if (this.shiftedLine) {
      const { cells, line } = this.shiftedLine;
      warnings.push(`${this.table.source}: dates carry a time of day (first on line ${line}: ${cells[form.date]}): each row is dated by the UTC calendar date of its time`);
    }
    return { assets, warnings };
  }

  private cell(row: CsvRow, column: number): Cell {
    return { text: row.cells[column], at: `line ${row.line}.${this.table.header[column]}` };
  }

  private assetOfRow(row: CsvRow, column: number): string {
    const { text, at } = this.cell(row, column);
    return checkAssetName(text, this.table.source, at);
  }

  private builder(asset: string): SeriesBuilder {
    let builder = this.builders.get(asset);
    if (!builder) {
      const { from, asOf, maxGapDays } = this.options;
      builder = new SeriesBuilder({ source: this.table.source, label: asset, valueName: 'price', from, asOf, maxGapDays });
      this.builders.set(asset, builder);
    }
    return builder;
  }
}
