import { parseDecimal } from '../model/decimal.js';
import { InputError } from '../model/errors.js';
import type { Trade } from './whatIf.js';

/**
 * Parses `INSTRUMENT:QTY[,INSTRUMENT:QTY...]` (the `--trade` argument). The quantity follows
 * the last colon, so ids may contain colons; it must be a non-zero decimal number of contracts.
 */
export function parseTrades(text: string, source = 'trades'): Trade[] {
  const parts = text.split(',').map((part) => part.trim()).filter((part) => part !== '');
  if (parts.length === 0) throw new InputError(source, 'trades', text, 'expected INSTRUMENT:QTY[,INSTRUMENT:QTY...]');
  return parts.map((part, j) => {
    const colon = part.lastIndexOf(':');
    const instrument = colon > 0 ? part.slice(0, colon).trim() : '';
    const quantity = colon > 0 ? parseDecimal(part.slice(colon + 1)) : undefined;
    if (instrument === '' || quantity === undefined || quantity === 0) {
      throw new InputError(source, `trades[${j}]`, part, 'expected INSTRUMENT:QTY with a non-zero decimal quantity (e.g. BTC-PERPETUAL:-0.5)');
    }
    return { instrument, quantity };
  });
}
