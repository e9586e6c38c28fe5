/**
 * The CSV book: both headers, balances, physical line numbers in errors, duplicates refused, and
 * a lossless round trip of the sample venue (balances included: they used to be dropped).
 */
import { describe, expect, it } from 'vitest';
import { formatBookCsv, isValidatedBook, parseBookCsv } from '../../src/model/bookCsv.js';
import { BookSchema } from '../../src/model/schemas.js';
import { parseInput } from '../../src/model/validate.js';
import { sampleBook } from '../../src/sample/sampleVenue.js';

describe('CSV book', () => {
  it('reads balances and positions from the account,kind,id,amount form', () => {
    const book = parseBookCsv(
      ['account,kind,id,amount', 'a,balance,USDC,100000', 'a,position,BTC-PERPETUAL,0.5', 'b,position,ETH-PERPETUAL,-2', 'a,balance,BTC,1.5', 'b,balance,USDC,5e4'].join('\n'),
      'book.csv',
    );
    expect(book).toEqual({
      accounts: [
        { id: 'a', balances: { USDC: 100000, BTC: 1.5 }, positions: [{ instrument: 'BTC-PERPETUAL', quantity: 0.5 }] },
        { id: 'b', balances: { USDC: 50000 }, positions: [{ instrument: 'ETH-PERPETUAL', quantity: -2 }] },
      ],
    });
    expect(isValidatedBook(book)).toBe(true);
  });

  it('still reads the positions-only form', () => {
    const book = parseBookCsv('account,instrument,quantity\na,BTC-PERPETUAL,1\nb,ETH-PERPETUAL,-2\na,BTC_USDC,3\n', 'book.csv');
    expect(book.accounts.map((a) => [a.id, a.positions.length, a.balances])).toEqual([['a', 2, {}], ['b', 1, {}]]);
  });

  it('round-trips the sample venue, balances included, equal to its JSON book after validation', () => {
    const json = parseInput(BookSchema, sampleBook(), 'book.json');
    const csv = parseBookCsv(formatBookCsv(json), 'book.csv');
    expect(csv).toEqual(json);
    expect(csv.accounts.some((a) => Object.keys(a.balances).length > 0)).toBe(true);
  });

  it('quotes ids that hold commas or quotes, so they survive the round trip', () => {
    const book = { accounts: [{ id: 'desk "A", london', balances: { USDC: 1 }, positions: [{ instrument: 'BTC-PERPETUAL', quantity: 2 }] }] };
    expect(parseBookCsv(formatBookCsv(book), 'x.csv')).toEqual(book);
  });

  it('names the physical line of a bad row, blank lines counted', () => {
    const lines = ['account,instrument,quantity', 'a,BTC-PERPETUAL,1', '', '', 'b,BTC-PERPETUAL,2', '', 'c,BTC-PERPETUAL,NaN'];
    // The NaN is on physical line 7; counting records only would say line 4.
    expect(() => parseBookCsv(lines.join('\n'), 'book.csv')).toThrow('book.csv: line 7.quantity = "NaN": not a finite decimal number');
  });

  it('refuses numbers in other bases', () => {
    expect(() => parseBookCsv('account,instrument,quantity\na,BTC-PERPETUAL,0x10\n', 'book.csv')).toThrow('line 2.quantity = "0x10"');
    expect(() => parseBookCsv('account,kind,id,amount\na,balance,USDC,0b11\n', 'book.csv')).toThrow('line 2.amount = "0b11"');
  });

  it('refuses a second row for the same position or balance, naming both lines', () => {
    const positions = 'account,instrument,quantity\na,BTC-PERPETUAL,1\nb,BTC-PERPETUAL,1\na,BTC-PERPETUAL,2\n';
    expect(() => parseBookCsv(positions, 'book.csv')).toThrow('book.csv: line 4 = "a,BTC-PERPETUAL,2": account a has a second position in BTC-PERPETUAL (first on line 2)');
    const balances = 'account,kind,id,amount\na,balance,USDC,1\na,balance,USDC,2\n';
    expect(() => parseBookCsv(balances, 'book.csv')).toThrow('account a has a second balance of USDC (first on line 2)');
  });

  it('refuses unknown kinds, wrong column counts, empty ids and an empty file', () => {
    expect(() => parseBookCsv('account,kind,id,amount\na,loan,USDC,1\n', 'b.csv')).toThrow('line 2.kind = "loan": expected position or balance');
    expect(() => parseBookCsv('account,kind,id,amount\na,balance,USDC\n', 'b.csv')).toThrow('line 2 = "a,balance,USDC": expected 4 columns, found 3');
    expect(() => parseBookCsv('account,kind,id,amount\na,balance,,1\n', 'b.csv')).toThrow('line 2.id = "": empty asset');
    expect(() => parseBookCsv('', 'b.csv')).toThrow('empty file');
    expect(() => parseBookCsv('account,instrument,quantity\n', 'b.csv')).toThrow('the book holds no accounts');
  });
});

describe('JSON book', () => {
  it('refuses two positions in the same instrument in one account (they were summed in silence)', () => {
    const book = { accounts: [{ id: 'a', positions: [{ instrument: 'X', quantity: 1 }, { instrument: 'Y', quantity: 1 }, { instrument: 'X', quantity: 2 }] }] };
    expect(() => parseInput(BookSchema, book, 'book.json')).toThrow(
      'book.json: accounts[0].positions[2].instrument = "X": duplicate position: positions[0] holds the same instrument',
    );
  });
});
