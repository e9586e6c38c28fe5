import { createReadStream, readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import { BOOK_CSV_PARSE_OPTIONS, BookCsvBuilder, markValidatedBook } from '../src/model/bookCsv.js';
import { InputError } from '../src/model/errors.js';

/**
 * Reading the command's input files. `-` names standard input, as Unix tools do; the source in
 * error messages is then `stdin`.
 */
export const STDIN = '-';

export function sourceName(path: string): string {
  return path === STDIN ? 'stdin' : path;
}

function fileError(path: string, error: unknown): InputError {
  const code = (error as NodeJS.ErrnoException).code;
  const reason = code === 'ENOENT' ? 'file not found' : code === 'EISDIR' ? 'is a directory, not a file' : `cannot read: ${code ?? error}`;
  return new InputError(path, '(file)', path, reason);
}

/** Reads a whole file (or stdin), turning a missing or unreadable file into an InputError naming it. */
export async function readText(path: string): Promise<string> {
  try {
    if (path !== STDIN) return readFileSync(path, 'utf8');
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString('utf8');
  } catch (error) {
    throw fileError(sourceName(path), error);
  }
}

export function parseJson(text: string, source: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new InputError(source, '(json)', undefined, `not valid JSON: ${(error as Error).message}`);
  }
}

export async function readJson(path: string): Promise<unknown> {
  return parseJson(await readText(path), sourceName(path));
}

/**
 * A book: JSON ({ accounts: [...] }) or CSV (see src/model/bookCsv.ts), by the extension; on
 * stdin by its first non-blank character (`{` is JSON). A CSV book is streamed and validated row
 * by row, never held whole as text, and comes back already validated.
 */
export async function readBook(path: string): Promise<unknown> {
  const source = sourceName(path);
  if (path !== STDIN) {
    return extname(path).toLowerCase() === '.csv' ? readBookCsv(openFile(path), source) : readJson(path);
  }
  const { isJson, stream } = await sniffJson(process.stdin);
  if (!isJson) return readBookCsv(stream, source);
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return parseJson(Buffer.concat(chunks).toString('utf8'), source);
}

/** A missing file surfaces as the stream's error (its `syscall` is set), reported by readBookCsv. */
function openFile(path: string): Readable {
  return createReadStream(path);
}

async function readBookCsv(input: Readable, source: string): Promise<unknown> {
  const builder = new BookCsvBuilder(source);
  const parser = input.pipe(parse(BOOK_CSV_PARSE_OPTIONS));
  input.on('error', (error) => parser.destroy(error));
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      builder.add(record, info.lines);
    }
  } catch (error) {
    if (error instanceof InputError) throw error;
    if ((error as NodeJS.ErrnoException).syscall) throw fileError(source, error);
    throw new InputError(source, '(csv)', undefined, error instanceof Error ? error.message : String(error));
  } finally {
    input.destroy();
  }
  return markValidatedBook(builder.finish());
}

/** Reads until the first non-blank byte, says whether it opens a JSON object, and replays what it read. */
async function sniffJson(input: Readable): Promise<{ isJson: boolean; stream: Readable }> {
  const iterator = input[Symbol.asyncIterator]();
  const head: Buffer[] = [];
  let isJson = false;
  for (;;) {
    const next = await iterator.next();
    if (next.done) break;
    const chunk = next.value as Buffer;
    head.push(chunk);
    const first = chunk.toString('utf8').match(/\S/);
    if (first) {
      isJson = first[0] === '{';
      break;
    }
  }
  async function* replay() {
    yield* head;
    for (;;) {
      const next = await iterator.next();
      if (next.done) return;
      yield next.value as Buffer;
    }
  }
  return { isJson, stream: Readable.from(replay()) };
}
