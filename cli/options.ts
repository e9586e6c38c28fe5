import { availableParallelism } from 'node:os';
import { InvalidArgumentError } from 'commander';
import { parseDecimal, parseExactInteger } from '../src/model/decimal.js';
import { ScenarioCountSchema, SeedSchema } from '../src/model/schemas.js';
import { isMarginModelName, MARGIN_MODEL_NAMES, type MarginModelName } from '../src/margin/marginModels.js';

/**
 * Parsers of option values. Numbers are decimal literals only (`0x10` and `0b11` are refused,
 * not read as 16 and 3), and each parser enforces the same bounds as the schema field it
 * overrides, so a bad value is reported against the option, before any file is read.
 */

function integerIn(value: string, min: number, max: number, what: string): number {
  const n = parseExactInteger(value);
  if (n === undefined || n < min || n > max) {
    const exact = parseDecimal(value);
    const hint = exact !== undefined && Number.isInteger(exact) && !Number.isSafeInteger(exact) ? ' (above 2^53 − 1, it cannot be represented exactly)' : '';
    throw new InvalidArgumentError(`expected ${what}, got "${value}"${hint}`);
  }
  return n;
}

export function positiveInt(value: string): number {
  return integerIn(value, 1, Number.MAX_SAFE_INTEGER, 'a positive integer');
}

export function nonNegativeInt(value: string): number {
  return integerIn(value, 0, Number.MAX_SAFE_INTEGER, 'a non-negative integer');
}

/** --scenarios: the schema's bounds (1 … 2^31). */
export function scenarioCount(value: string): number {
  const n = integerIn(value, 1, Number.MAX_SAFE_INTEGER, 'a positive integer');
  const checked = ScenarioCountSchema.safeParse(n);
  if (!checked.success) throw new InvalidArgumentError(`expected at most ${2 ** 31} scenarios, got "${value}"`);
  return n;
}

/** --seed: an integer in [0, 2^53 − 1], exactly as written. */
export function seed(value: string): number {
  const n = integerIn(value, 0, Number.MAX_SAFE_INTEGER, 'an integer in [0, 2^53 − 1]');
  SeedSchema.parse(n);
  return n;
}

export function nonNegativeNumber(value: string): number {
  const n = parseDecimal(value);
  if (n === undefined || n < 0) throw new InvalidArgumentError(`expected a non-negative decimal number, got "${value}"`);
  return n;
}

export function shareInOpenUnit(value: string): number {
  const n = parseDecimal(value);
  if (n === undefined || !(n > 0 && n < 1)) throw new InvalidArgumentError(`expected a number strictly between 0 and 1, got "${value}"`);
  return n;
}

/** A comma-separated list of non-empty items. */
export function commaList(value: string): string[] {
  const items = value.split(',').map((item) => item.trim());
  if (items.some((item) => item === '')) throw new InvalidArgumentError(`expected a comma-separated list without empty items, got "${value}"`);
  return items;
}

/** --models: a comma-separated list of known margin model names, each once. */
export function marginModels(value: string): MarginModelName[] {
  const names = commaList(value);
  const unknown = names.filter((name) => !isMarginModelName(name));
  if (unknown.length > 0) throw new InvalidArgumentError(`unknown margin model${unknown.length > 1 ? 's' : ''} ${unknown.map((n) => `"${n}"`).join(', ')}: expected a comma-separated list of ${MARGIN_MODEL_NAMES.join(', ')}`);
  const repeated = names.filter((name, k) => names.indexOf(name) !== k);
  if (repeated.length > 0) throw new InvalidArgumentError(`"${repeated[0]}" is listed twice in "${value}"`);
  return names as MarginModelName[];
}

/**
 * --workers: at most the machine's available parallelism. More threads than cores only cost
 * memory (each worker holds its own chunk buffers: 1,000 workers took 9 GB), never speed, and
 * results do not depend on the count, so a larger request is lowered with a warning.
 */
export function workerCount(requested: number | undefined, warn: (line: string) => void): number | undefined {
  const cores = availableParallelism();
  if (requested === undefined || requested <= cores) return requested;
  warn(`warning: --workers ${requested} is above this machine's available parallelism (${cores}): using ${cores} workers`);
  return cores;
}

/** A calendar date written YYYY-MM-DD (a real date: 2023-02-30 is refused). */
export function isoDate(value: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  const date = match ? new Date(`${value}T00:00:00Z`) : undefined;
  if (!date || Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== value) throw new InvalidArgumentError(`expected a date YYYY-MM-DD, got "${value}"`);
  return value;
}
