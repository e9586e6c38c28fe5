import { parse } from 'csv-parse/browser/esm/sync';
import { parseDecimal } from './decimal.js';
import { InputError } from './errors.js';
import type { Book } from './schemas.js';

/**
 * A book as CSV, for books too large for JSON. Two forms, told apart by the header:
 *
 *   account,instrument,quantity        positions only (balances, if any, come from elsewhere)
 *   account,kind,id,amount             `position` rows (id: instrument, amount: signed
 *                                      contracts) and `balance` rows (id: collateral asset,
 *                                      amount: units of it) in any order
 *
 * Either form may end with a `venue` column (`account,instrument,quantity,venue`,
 * `account,kind,id,amount,venue`): the venue holding the row (margin.crossVenue.venues); an
 * empty cell is the home venue, so a book without venues reads the same in every form.
 *
 * Validation happens row by row, so a file can be streamed through `BookCsvBuilder` without
 * being held whole (cli/bookFile.ts does that in Node); `parseBookCsv` is the same on a string.
 * Rows of one account may be anywhere; accounts keep the order of their first row. Numbers are
 * decimal literals only. The same position (account and instrument) or balance (account and
 * asset) on two rows is refused, naming both lines: a venue's export holds one net position per
 * account and instrument, and summing two rows in silence hides a broken export.
 */
export type BookCsvForm = 'positions' | 'kinds' | 'positions+venue' | 'kinds+venue';

const HEADERS: Record<BookCsvForm, string> = {
  positions: 'account,instrument,quantity',
  kinds: 'account,kind,id,amount',
  'positions+venue': 'account,instrument,quantity,venue',
  'kinds+venue': 'account,kind,id,amount,venue',
};

interface AccountDraft {
  balances: Record<string, number>;
  venueBalances: Record<string, Record<string, number>>;
  positions: { instrument: string; quantity: number; venue?: string }[];
  /** Line of each instrument's and asset's row, to name both lines of a duplicate. */
  positionLine: Map<string, number>;
  balanceLine: Map<string, number>;
}

export class BookCsvBuilder {
  private form: BookCsvForm | undefined;
  private readonly accounts = new Map<string, AccountDraft>();
  private rows = 0;

  constructor(private readonly source: string) {}

  /** Feeds one record (cells already split and trimmed) found on physical line `line` (1-based). */
  add(cells: readonly string[], line: number): void {
    if (this.form === undefined) {
      this.form = this.readHeader(cells);
      return;
    }
    const positionsOnly = this.form === 'positions' || this.form === 'positions+venue';
    const withVenue = this.form.endsWith('+venue');
    const expected = (positionsOnly ? 3 : 4) + (withVenue ? 1 : 0);
    const at = `line ${line}`;
    if (cells.length !== expected) throw new InputError(this.source, at, cells.join(','), `expected ${expected} columns, found ${cells.length}`);
    this.rows++;
    const [account, kind, id, amountText] = positionsOnly ? [cells[0], 'position', cells[1], cells[2]] : cells;
    const venue = withVenue && cells[expected - 1] !== '' ? cells[expected - 1] : undefined;
    if (!account) throw new InputError(this.source, `${at}.account`, account, 'empty account id');
    if (kind !== 'position' && kind !== 'balance') throw new InputError(this.source, `${at}.kind`, kind, 'expected position or balance');
    const idField = positionsOnly ? 'instrument' : 'id';
    if (!id) throw new InputError(this.source, `${at}.${idField}`, id, kind === 'position' ? 'empty instrument id' : 'empty asset');
    const amountField = positionsOnly ? 'quantity' : 'amount';
    const amount = parseDecimal(amountText);
    if (amount === undefined) throw new InputError(this.source, `${at}.${amountField}`, amountText, 'not a finite decimal number');

    let draft = this.accounts.get(account);
    if (!draft) this.accounts.set(account, (draft = { balances: {}, venueBalances: {}, positions: [], positionLine: new Map(), balanceLine: new Map() }));
    const lines = kind === 'position' ? draft.positionLine : draft.balanceLine;
    // The same instrument or asset on two venues is two holdings; on one venue, a broken export.
    const key = venue === undefined ? id : `${id}\u0000${venue}`;
    const first = lines.get(key);
    if (first !== undefined) {
      const what = `${kind === 'position' ? `position in ${id}` : `balance of ${id}`}${venue === undefined ? '' : ` on ${venue}`}`;
      throw new InputError(this.source, at, cells.join(','), `account ${account} has a second ${what} (first on line ${first}): merge the rows into one`);
    }
    lines.set(key, line);
    if (kind === 'position') draft.positions.push(venue === undefined ? { instrument: id, quantity: amount } : { instrument: id, quantity: amount, venue });
    else if (venue === undefined) draft.balances[id] = amount;
    else (draft.venueBalances[venue] ??= {})[id] = amount;
  }

  /** The book, once every record was added. Already validated: it satisfies BookSchema. */
  finish(): Book {
    if (this.form === undefined) throw new InputError(this.source, 'line 1', undefined, `empty file: expected the header ${HEADERS.positions} or ${HEADERS.kinds}`);
    if (this.accounts.size === 0) throw new InputError(this.source, 'accounts', `${this.rows} rows`, 'the book holds no accounts');
    return {
      accounts: [...this.accounts].map(([id, draft]) =>
        Object.keys(draft.venueBalances).length === 0
          ? { id, balances: draft.balances, positions: draft.positions }
          : { id, balances: draft.balances, venueBalances: draft.venueBalances, positions: draft.positions },
      ),
    };
  }

  private readHeader(cells: readonly string[]): BookCsvForm {
    const header = cells.map((cell) => cell.toLowerCase()).join(',');
    const form = (Object.keys(HEADERS) as BookCsvForm[]).find((f) => HEADERS[f] === header);
    if (!form) throw new InputError(this.source, 'line 1', cells.join(','), `expected the header ${HEADERS.positions} or ${HEADERS.kinds} (either may end with ,venue)`);
    return form;
  }
}

/**
 * Books that a builder already validated row by row (every constraint of BookSchema holds), so
 * that a book of millions of rows is not walked and copied a second time by the schema.
 */
const validatedBooks = new WeakSet<object>();

export function markValidatedBook(book: Book): Book {
  validatedBooks.add(book);
  return book;
}

export function isValidatedBook(value: unknown): value is Book {
  return typeof value === 'object' && value !== null && validatedBooks.has(value);
}

/** csv-parse options shared by the string parser here and the streaming reader in Node. */
export const BOOK_CSV_PARSE_OPTIONS = { skip_empty_lines: true, trim: true, relax_column_count: true, info: true } as const;

/** Parses a whole CSV book held in a string (runtime-neutral: csv-parse's browser build). */
export function parseBookCsv(text: string, source: string): Book {
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text, BOOK_CSV_PARSE_OPTIONS) as unknown as typeof records;
  } catch (error) {
    throw new InputError(source, '(csv)', undefined, error instanceof Error ? error.message : String(error));
  }
  const builder = new BookCsvBuilder(source);
  for (const { record, info } of records) builder.add(record, info.lines);
  return markValidatedBook(builder.finish());
}

interface CsvAccount {
  id: string;
  balances?: Record<string, number>;
  venueBalances?: Record<string, Record<string, number>>;
  positions: readonly { instrument: string; quantity: number; venue?: string }[];
}

/**
 * Writes a book as CSV in the `account,kind,id,amount` form (with a `venue` column when any
 * row names a venue): balances first, then positions.
 */
export function formatBookCsv(book: { accounts: readonly CsvAccount[] }): string {
  const withVenue = book.accounts.some((a) => Object.keys(a.venueBalances ?? {}).length > 0 || a.positions.some((p) => p.venue !== undefined));
  const lines = [withVenue ? HEADERS['kinds+venue'] : HEADERS.kinds];
  const row = (cells: (string | number)[], venue: string | undefined) => lines.push([...cells, ...(withVenue ? [csvField(venue ?? '')] : [])].join(','));
  for (const account of book.accounts) {
    const id = csvField(account.id);
    for (const [asset, amount] of Object.entries(account.balances ?? {})) row([id, 'balance', csvField(asset), amount], undefined);
    for (const [venue, balances] of Object.entries(account.venueBalances ?? {})) {
      for (const [asset, amount] of Object.entries(balances)) row([id, 'balance', csvField(asset), amount], venue);
    }
    for (const position of account.positions) row([id, 'position', csvField(position.instrument), position.quantity], position.venue);
  }
  return `${lines.join('\n')}\n`;
}

/** Quotes a field that holds a comma, a quote or a line break (RFC 4180), so any id survives a round trip. */
function csvField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
