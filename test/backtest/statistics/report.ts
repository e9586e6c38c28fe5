/**
 * Reference comparisons that say what they compared: each check prints computed, expected, error
 * and tolerance whether it passes or not, so the test log records the agreement reached, and
 * fails with the same four numbers.
 */
import { expectClose } from '../../helpers/expectClose.js';

export function checkClose(label: string, computed: number, expected: number, tolerance: number): void {
  const error = Math.abs(computed - expected);
  console.log(`${label}: computed ${fmt(computed)}, expected ${fmt(expected)}, error ${error.toExponential(2)}, tolerance ${tolerance.toExponential(2)}`);
  expectClose(computed, expected, tolerance, label);
}

/** Relative version: tolerance × |expected|. */
export function checkRelClose(label: string, computed: number, expected: number, relTolerance: number): void {
  checkClose(`${label} (relative ${relTolerance})`, computed, expected, relTolerance * Math.abs(expected));
}

/** A hit sequence of T days with exceptions on the given 1-based days (R's indexing, as the fixtures are written). */
export function hitsOnDays(T: number, days: readonly number[]): boolean[] {
  const hits = new Array<boolean>(T).fill(false);
  for (const day of days) hits[day - 1] = true;
  return hits;
}

function fmt(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toPrecision(12);
}
