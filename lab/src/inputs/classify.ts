/**
 * What a dropped or picked file is: an engine input (market, book, params), a night of
 * `margin nightly` (report.json or pack.json), a `margin backtest --format json`, or a saved lab
 * state. The name decides when it says (`market.json`, `book.csv`), else the content's keys.
 */
import type { InputFile, InputRole } from '../engine/protocol.js';

export type FileKind = InputRole | 'night-report' | 'night-pack' | 'backtest' | 'lab-state';

export interface Classified {
  kind?: FileKind;
  /** Why it could not be placed. */
  reason?: string;
  json?: unknown;
}

const isObject = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value);

export function classifyFile(file: InputFile): Classified {
  const name = file.name.toLowerCase();
  if (name.endsWith('.csv')) return { kind: 'book' };
  let json: unknown;
  try {
    json = JSON.parse(file.text);
  } catch (error) {
    // A broken engine input still goes to its role, whose validation names the JSON error.
    for (const role of ['market', 'book', 'params'] as const) if (name.includes(role)) return { kind: role };
    return { reason: `neither JSON nor CSV: ${error instanceof Error ? error.message : String(error)}` };
  }
  if (!isObject(json)) return { reason: 'a JSON file the lab reads holds an object' };
  if ('labState' in json) return { kind: 'lab-state', json };
  if ('results' in json && 'comparison' in json && 'run' in json) return { kind: 'backtest', json };
  if ('checks' in json && 'totals' in json && 'asOf' in json) return { kind: 'night-report', json };
  if ('provenance' in json && 'params' in json && 'hash' in json) return { kind: 'night-pack', json };
  for (const role of ['market', 'book', 'params'] as const) if (name.includes(role)) return { kind: role, json };
  if ('instruments' in json || 'valuationTime' in json) return { kind: 'market', json };
  if ('accounts' in json) return { kind: 'book', json };
  if ('horizonDays' in json || 'confidence' in json || 'correlation' in json || 'underlyings' in json || 'margin' in json) return { kind: 'params', json };
  return { reason: 'not a market, book or params file, a nightly report or pack, a backtest or a saved lab state' };
}
