/**
 * The user's files read as the CLI reads them: JSON parsed, a book also as CSV (the engine's
 * `parseBookCsv`), each validated with the engine's own schemas; failures become InputIssues
 * naming the file, the field path and the value.
 */
import { BookSchema, InputError, InputErrors, MarketSchema, parseBookCsv, parseInput, RiskParamsSchema } from 'webgpu-margin';
import type { InputFile, InputIssue, InputRole } from './protocol.js';

export const isCsv = (file: InputFile) => /\.csv$/i.test(file.name) || (!file.text.trimStart().startsWith('{') && !file.text.trimStart().startsWith('['));

/** The file's content as the engine takes it (a CSV book is parsed and validated here). */
export function readInputFile(file: InputFile, role: InputRole): unknown {
  if (role === 'book' && isCsv(file)) return parseBookCsv(file.text, file.name);
  try {
    return JSON.parse(file.text);
  } catch (error) {
    throw new InputError(file.name, '(json)', file.text.slice(0, 40), `not valid JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** Validates one file on its own (the cross-file checks come with the run) and says what it holds. */
export function validateInputFile(file: InputFile, role: InputRole): string {
  const content = readInputFile(file, role);
  if (role === 'market') {
    const market = parseInput(MarketSchema, content, file.name);
    return `${market.instruments.length} instruments on ${Object.keys(market.underlyings).length} underlyings`;
  }
  if (role === 'book') {
    const book = isCsv(file) ? (content as ReturnType<typeof parseBookCsv>) : parseInput(BookSchema, content, file.name);
    return `${book.accounts.length} accounts, ${book.accounts.reduce((n, a) => n + a.positions.length, 0)} positions`;
  }
  const params = parseInput(RiskParamsSchema, content, file.name);
  return `${params.scenarios} scenarios, confidence ${params.confidence}, ${params.distribution.type}`;
}

/** The issues an error carries: every InputError of the engine, or the error itself. */
export function issuesOf(error: unknown): InputIssue[] | undefined {
  if (error instanceof InputErrors) return error.errors.map(issueOf);
  if (error instanceof InputError) return [issueOf(error)];
  return undefined;
}

/** The value as the engine's message prints it (`source: field = value: reason`). */
function issueOf(error: InputError): InputIssue {
  const field = error.fieldPath || '(root)';
  const prefix = `${error.source}: ${field} = `;
  const suffix = `: ${error.reason}`;
  const value = error.message.startsWith(prefix) && error.message.endsWith(suffix) ? error.message.slice(prefix.length, -suffix.length) : String(error.value);
  return { source: error.source, field, value, reason: error.reason };
}
