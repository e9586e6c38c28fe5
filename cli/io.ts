import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, extname, join, basename } from 'node:path';
import { InputError } from '../src/model/errors.js';
import { parseBookCsv } from '../src/model/bookCsv.js';

/** Reads a file, turning a missing or unreadable file into an InputError naming it. */
export function readText(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new InputError(path, '(file)', path, code === 'ENOENT' ? 'file not found' : `cannot read: ${code ?? error}`);
  }
}

export function readJson(path: string): unknown {
  const text = readText(path);
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new InputError(path, '(json)', undefined, `not valid JSON: ${(error as Error).message}`);
  }
}

/** A book is JSON ({ accounts: [...] }) or CSV rows account,instrument,quantity, by extension. */
export function readBook(path: string): unknown {
  return extname(path).toLowerCase() === '.csv' ? parseBookCsv(readText(path), path) : readJson(path);
}

/**
 * Writes `content` to `path` atomically: a temp file beside it, then rename. A failed run never
 * leaves a partial or stale-looking output file.
 */
export function writeFileAtomic(path: string, content: string): void {
  mkdirSync(dirname(path), { recursive: true });
  const temp = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    writeFileSync(temp, content);
    renameSync(temp, path);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
}
