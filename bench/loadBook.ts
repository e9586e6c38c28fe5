/**
 * Child of bench/largeBook.ts: reads one CSV book and prints what it read and how long it took.
 * `stream` is how `margin run` reads it (row by row); `whole` reads the file into one string and
 * parses that (how it was read before), for comparison.
 */
import { readFileSync } from 'node:fs';
import { readBook } from '../cli/io.js';
import { parseBookCsv } from '../src/model/bookCsv.js';
import type { Book } from '../src/model/schemas.js';

const [mode, path] = process.argv.slice(2);
const began = performance.now();
const book = (mode === 'whole' ? parseBookCsv(readFileSync(path, 'utf8'), path) : await readBook(path)) as Book;
const positions = book.accounts.reduce((sum, a) => sum + a.positions.length, 0);
console.log(JSON.stringify({ mode, accounts: book.accounts.length, positions, ms: performance.now() - began }));
