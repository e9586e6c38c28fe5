import { parse } from 'csv-parse/sync';
import { InputError } from './errors.js';
import type { BookInput } from './schemas.js';

/**
 * A large book as CSV rows `account,instrument,quantity` (header required; extra columns are
 * an error so that a shifted file does not load silently). Rows of one account may be
 * anywhere in the file; accounts keep the order of their first row.
 */
export function parseBookCsv(text: string, source: string): BookInput {
  let rows: string[][];
  try {
    rows = parse(text, { skip_empty_lines: true, trim: true, relax_column_count: true }) as string[][];
  } catch (error) {
    throw new InputError(source, '(csv)', undefined, error instanceof Error ? error.message : String(error));
  }
  const header = rows[0]?.map((cell) => cell.toLowerCase());
  if (!header || header.join(',') !== 'account,instrument,quantity') {
    throw new InputError(source, 'line 1', rows[0]?.join(','), 'expected the header account,instrument,quantity');
  }
  const accounts = new Map<string, BookInput['accounts'][number]>();
  for (let r = 1; r < rows.length; r++) {
    const row = rows[r];
    const line = `line ${r + 1}`;
    if (row.length !== 3) throw new InputError(source, line, row.join(','), `expected 3 columns, found ${row.length}`);
    const [account, instrument, quantityText] = row;
    if (!account) throw new InputError(source, `${line}.account`, account, 'empty account id');
    if (!instrument) throw new InputError(source, `${line}.instrument`, instrument, 'empty instrument id');
    const quantity = Number(quantityText);
    if (quantityText === '' || !Number.isFinite(quantity)) {
      throw new InputError(source, `${line}.quantity`, quantityText, 'not a finite number');
    }
    let entry = accounts.get(account);
    if (!entry) accounts.set(account, (entry = { id: account, positions: [] }));
    entry.positions.push({ instrument, quantity });
  }
  return { accounts: [...accounts.values()] };
}

/** Writes a book's positions as CSV (balances are not part of the CSV format). */
export function formatBookCsv(book: BookInput): string {
  const lines = ['account,instrument,quantity'];
  for (const account of book.accounts) {
    for (const position of account.positions) lines.push(`${account.id},${position.instrument},${position.quantity}`);
  }
  return `${lines.join('\n')}\n`;
}
