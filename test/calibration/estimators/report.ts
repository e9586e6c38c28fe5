/**
 * Reference comparisons that say what they compared: each check prints one line (computed,
 * expected, error, tolerance) whether it passes or not, so the test log documents the agreement
 * achieved, and fails with the same four numbers (expectClose).
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

function fmt(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toPrecision(12);
}
