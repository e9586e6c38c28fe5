import { parse } from 'csv-parse/browser/esm/sync';
import { InputError } from '../../model/errors.js';

/**
 * A CSV text split into a header and rows, each row with its physical line number (1-based,
 * blank lines counted; a quoted field spanning lines reports the line where its record ends).
 * Runtime-neutral: csv-parse's browser build, so the parsers run in the browser lab as well.
 */
export interface CsvTable {
  source: string;
  /** Header cells as written (trimmed). */
  header: string[];
  rows: CsvRow[];
}

export interface CsvRow {
  cells: string[];
  line: number;
}

const PARSE_OPTIONS = { bom: true, skip_empty_lines: true, trim: true, relax_column_count: true, info: true } as const;

/**
 * Parses `text`; every row must have as many cells as the header (a short or long row is a
 * broken export, not a missing value). A file with a header and no rows is a valid empty table.
 */
export function readCsvTable(text: string, source: string): CsvTable {
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text, PARSE_OPTIONS) as unknown as typeof records;
  } catch (error) {
    throw new InputError(source, '(csv)', undefined, error instanceof Error ? error.message : String(error));
  }
  if (records.length === 0) throw new InputError(source, 'line 1', undefined, 'empty file: expected a header row');
  const [first, ...rest] = records;
  const header = first.record;
  const rows: CsvRow[] = [];
  for (const { record, info } of rest) {
    if (record.length !== header.length) {
      throw new InputError(source, `line ${info.lines}`, record.join(','), `expected ${header.length} columns as in the header, found ${record.length}`);
    }
    rows.push({ cells: record, line: info.lines });
  }
  return { source, header, rows };
}

/**
 * Index of each header name, lower-cased (column names are case-insensitive: `Close` and
 * `close` are one column). Two columns with the same name are refused: which one holds the
 * data would be a guess. Unnamed columns (a spreadsheet's or pandas' index column) are left
 * out of the index: the forms that ignore extra columns ignore them too.
 */
export function headerIndex(table: CsvTable): Map<string, number> {
  const index = new Map<string, number>();
  table.header.forEach((name, i) => {
    const key = name.toLowerCase();
    if (key === '') return;
    const previous = index.get(key);
    if (previous !== undefined) {
      throw new InputError(table.source, 'line 1', name, `column ${previous + 1} and column ${i + 1} have the same name (names are case-insensitive)`);
    }
    index.set(key, i);
  });
  return index;
}
