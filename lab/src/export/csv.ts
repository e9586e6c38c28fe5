/** RFC 4180 CSV: a header and rows; fields with a comma, quote or newline are quoted. */
export function toCsv(head: readonly string[], rows: readonly (readonly unknown[])[]): string {
  const field = (value: unknown): string => {
    const text = value === null || value === undefined ? '' : typeof value === 'number' ? (Number.isFinite(value) ? String(value) : '') : String(value);
    return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  return [head, ...rows].map((row) => row.map(field).join(',')).join('\r\n') + '\r\n';
}

/** Several tables in one tidy CSV: table, row, column, value. */
export function tidyCsv(tables: Record<string, { head: readonly string[]; rows: readonly (readonly unknown[])[] }>): string {
  const rows: unknown[][] = [];
  for (const [name, t] of Object.entries(tables)) {
    for (const row of t.rows) for (let c = 1; c < t.head.length; c++) rows.push([name, row[0], t.head[c], row[c]]);
  }
  return toCsv(['table', 'row', 'column', 'value'], rows);
}
