/**
 * The three inputs of a run and the names errors give them, as the CLI resolves them: the
 * sample venue, the generated venue, or the user's files with each missing one from the sample.
 */
import { generateVenue, sampleBook, sampleMarket, sampleParams } from 'webgpu-margin';
import type { InputFile, InputRole, InputSource } from './protocol.js';

export interface ResolvedInputs {
  inputs: { market: unknown; book: unknown; params: unknown };
  sources: { market: string; book: string; params: string };
}

export function resolveInputs(source: InputSource, read: (file: InputFile, role: InputRole) => unknown): ResolvedInputs {
  if (source.kind === 'generated') {
    const venue = generateVenue({ accounts: source.accounts, instruments: source.instruments, seed: source.seed });
    const name = `generated venue (${source.accounts} accounts, seed ${source.seed})`;
    return { inputs: venue, sources: { market: `${name} market`, book: `${name} book`, params: `${name} params` } };
  }
  const files: Partial<Record<InputRole, InputFile>> = source.kind === 'files' ? source : {};
  const sample = { market: sampleMarket, book: sampleBook, params: sampleParams };
  const pick = (role: InputRole) => {
    const file = files[role];
    return file ? { value: read(file, role), name: file.name } : { value: sample[role](), name: `sample ${role}` };
  };
  const market = pick('market');
  const book = pick('book');
  const params = pick('params');
  return {
    inputs: { market: market.value, book: book.value, params: params.value },
    sources: { market: market.name, book: book.name, params: params.name },
  };
}
