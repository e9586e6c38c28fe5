/**
 * Asserts |computed − expected| ≤ tolerance and, on failure, says all four numbers: the
 * QuantLib habit that makes a failing numerical test diagnosable from its log alone.
 */
export function expectClose(computed: number, expected: number, tolerance: number, label: string): void {
  const error = Math.abs(computed - expected);
  if (!(error <= tolerance)) {
    throw new Error(`${label}: computed ${computed}, expected ${expected}, error ${error}, tolerance ${tolerance}`);
  }
}

/** Relative version: tolerance × max(|expected|, floor). */
export function expectRelClose(computed: number, expected: number, relTolerance: number, label: string, floor = 0): void {
  expectClose(computed, expected, relTolerance * Math.max(Math.abs(expected), floor), label);
}

/** mulberry32: a tiny seeded PRNG for building test data (not the engine's stream). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
