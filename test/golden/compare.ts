/** Field-by-field comparison of a run's JSON with its golden fixture. */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { VOLATILE_KEYS } from './goldenRuns.js';

const fixtures = join(dirname(fileURLToPath(import.meta.url)), 'fixtures');

/** A committed golden fixture, parsed. */
export const fixture = (name: string): unknown => JSON.parse(readFileSync(join(fixtures, name), 'utf8'));

export interface Tolerance {
  relative: number;
  absolute: number;
}

/** Every difference between `actual` and `expected` beyond the tolerance, as `path: got vs want`. */
export function differences(actual: unknown, expected: unknown, tolerance: Tolerance, path = '$', out: string[] = []): string[] {
  if (out.length >= 200) return out;
  if (typeof expected === 'number' && typeof actual === 'number') {
    const error = Math.abs(actual - expected);
    const allowed = tolerance.relative * Math.max(Math.abs(actual), Math.abs(expected)) + tolerance.absolute;
    if (!(error <= allowed) && !(Number.isNaN(actual) && Number.isNaN(expected))) out.push(`${path}: computed ${actual}, expected ${expected}, error ${error.toExponential(2)}, tolerance ${allowed.toExponential(2)}`);
    return out;
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual) || actual.length !== expected.length) out.push(`${path}: length ${Array.isArray(actual) ? actual.length : typeof actual} vs ${expected.length}`);
    else expected.forEach((item, k) => differences(actual[k], item, tolerance, `${path}[${k}]`, out));
    return out;
  }
  if (expected !== null && typeof expected === 'object') {
    if (actual === null || typeof actual !== 'object') return out.concat(`${path}: ${JSON.stringify(actual)} vs an object`);
    const keys = (o: object) => Object.keys(o).filter((k) => !VOLATILE_KEYS.has(k) && (o as Record<string, unknown>)[k] !== undefined).sort();
    const [a, e] = [keys(actual), keys(expected)];
    if (a.join() !== e.join()) out.push(`${path}: keys [${a}] vs [${e}]`);
    for (const key of e) differences((actual as Record<string, unknown>)[key], (expected as Record<string, unknown>)[key], tolerance, `${path}.${key}`, out);
    return out;
  }
  if (actual !== expected) out.push(`${path}: ${JSON.stringify(actual)} vs ${JSON.stringify(expected)}`);
  return out;
}

