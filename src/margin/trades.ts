import { InputError } from '../model/errors.js';
import type { Trade } from './whatIf.js';

/**
 * Parses `INSTRUMENT:QTY[,INSTRUMENT:QTY...]` (the `--trade` argument). The quantity follows
 * the last colon, so ids may contain colons; it must be a finite, non-zero number of contracts.
 */
export function parseTrades(text: string, source = '--trade'): Trade[] {
  const parts = text.split(',').map((part) => part.trim()).filter((part) => part !== '');
  if (parts.length === 0) throw new InputError(source, 'trades', text, 'expected INSTRUMENT:QTY[,INSTRUMENT:QTY...]');
  return parts.map((part, j) => {
    const colon = part.lastIndexOf(':');
    const instrument = colon > 0 ? part.slice(0, colon).trim() : '';
    const quantity = colon > 0 && part.slice(colon + 1).trim() !== '' ? Number(part.slice(colon + 1)) : Number.NaN;
    if (instrument === '' || !Number.isFinite(quantity) || quantity === 0) {
      throw new InputError(source, `trades[${j}]`, part, 'expected INSTRUMENT:QTY with a finite, non-zero quantity (e.g. BTC-PERPETUAL:-0.5)');
    }
    return { instrument, quantity };
  });
}
