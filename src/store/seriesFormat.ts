import type { AccountPoint, ParameterPoint } from './types.js';

/**
 * Series over time as `margin history` prints them: an aligned text table, JSON or CSV.
 * Numbers are written in full (String(x)) in JSON and CSV, rounded for reading in the table.
 * A health factor with no maintenance margin is null in JSON, empty in CSV, `n/a` in the table,
 * as in the CLI's margin reports.
 */
export type SeriesFormat = 'table' | 'json' | 'csv';

interface Column<T> {
  header: string;
  /** Cell for CSV (raw) and JSON (value); undefined and null leave the cell empty. */
  value: (point: T) => string | number | boolean | null | undefined;
  /** Cell for the table; defaults to the raw value. */
  text?: (point: T) => string;
}

const fixed = (digits: number) => (x: number | null | undefined) => (x === null || x === undefined ? 'n/a' : x.toFixed(digits));
const number = (x: number) => (Math.abs(x) >= 1000 ? x.toFixed(2) : x.toPrecision(6));

const PARAMETER_COLUMNS: Column<ParameterPoint>[] = [
  { header: 'asOf', value: (p) => p.asOf },
  { header: 'value', value: (p) => p.value, text: (p) => number(p.value) },
  { header: 'standardError', value: (p) => p.standardError, text: (p) => (p.standardError === undefined ? '' : number(p.standardError)) },
  { header: 'hash', value: (p) => p.hash, text: (p) => p.hash.slice(0, 12) },
];

const ACCOUNT_COLUMNS: Column<AccountPoint>[] = [
  { header: 'asOf', value: (p) => p.asOf },
  { header: 'initial', value: (p) => p.initial, text: (p) => fixed(2)(p.initial) },
  { header: 'maintenance', value: (p) => p.maintenance, text: (p) => fixed(2)(p.maintenance) },
  { header: 'equity', value: (p) => p.equity, text: (p) => fixed(2)(p.equity) },
  { header: 'healthFactor', value: (p) => p.healthFactor, text: (p) => fixed(2)(p.healthFactor) },
  { header: 'liquidatable', value: (p) => p.liquidatable, text: (p) => (p.liquidatable ? 'yes' : 'no') },
  { header: 'packHash', value: (p) => p.packHash, text: (p) => p.packHash.slice(0, 12) },
];

export function formatParameterSeries(name: string, points: readonly ParameterPoint[], format: SeriesFormat): string {
  return formatSeries({ parameter: name }, PARAMETER_COLUMNS, points, format);
}

export function formatAccountSeries(account: string, points: readonly AccountPoint[], format: SeriesFormat): string {
  return formatSeries({ account }, ACCOUNT_COLUMNS, points, format);
}

function formatSeries<T>(subject: Record<string, string>, columns: Column<T>[], points: readonly T[], format: SeriesFormat): string {
  if (format === 'json') {
    const rows = points.map((p) => Object.fromEntries(columns.map((c) => [c.header, c.value(p) ?? null])));
    return `${JSON.stringify({ ...subject, points: rows }, null, 2)}\n`;
  }
  if (format === 'csv') {
    const lines = [columns.map((c) => c.header).join(','), ...points.map((p) => columns.map((c) => csvCell(c.value(p))).join(','))];
    return `${lines.join('\n')}\n`;
  }
  const [key, value] = Object.entries(subject)[0];
  if (points.length === 0) return `${key} ${value}: no records\n`;
  const cells = [columns.map((c) => c.header), ...points.map((p) => columns.map((c) => (c.text ? c.text(p) : String(c.value(p) ?? ''))))];
  const widths = columns.map((_, i) => Math.max(...cells.map((row) => row[i].length)));
  const lines = cells.map((row) => row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  ').trimEnd());
  return `${key} ${value}\n${lines.join('\n')}\n`;
}

function csvCell(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
