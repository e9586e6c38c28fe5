/**
 * Dense helpers. All cases use small integers or exactly representable values, so results are
 * exact: tolerance 0 unless stated.
 */
import { describe, expect, it } from 'vitest';
import {
  assertFinite,
  assertSquare,
  assertSymmetric,
  frobeniusDistance,
  identity,
  isSymmetric,
  multiply,
  transpose,
} from '../../src/linalg/matrix.js';
import { expectClose } from '../helpers/expectClose.js';

describe('matrix helpers', () => {
  it('identity, transpose and multiply', () => {
    expect(identity(3)).toEqual([[1, 0, 0], [0, 1, 0], [0, 0, 1]]);
    expect(identity(0)).toEqual([]);
    expect(transpose([[1, 2, 3], [4, 5, 6]])).toEqual([[1, 4], [2, 5], [3, 6]]);
    expect(multiply([[1, 2], [3, 4], [5, 6]], [[1, 0, -1], [2, 1, 0]])).toEqual([[5, 2, -1], [11, 4, -3], [17, 6, -5]]);
    expect(multiply([[1, 2], [3, 4]], identity(2))).toEqual([[1, 2], [3, 4]]);
  });

  it('frobeniusDistance', () => {
    // √(3² + 4²) = 5 exactly.
    expectClose(frobeniusDistance([[1, 2], [3, 4]], [[1, -1], [3, 0]]), 5, 0, '‖A − B‖_F');
    expect(frobeniusDistance([], [])).toBe(0);
  });

  it('isSymmetric measures its tolerance relative to the largest entry', () => {
    // Gap 1e-3 against max|entry| 1e6: within 1e-8 relative (bound 1e-2), not within 1e-10 (1e-4).
    const m = [[1e6, 2], [2 + 1e-3, 1]];
    expect(isSymmetric(m, 1e-8)).toBe(true);
    expect(isSymmetric(m, 1e-10)).toBe(false);
    expect(isSymmetric([[1, 2], [2, 1]])).toBe(true); // default tolerance 0: exact
  });

  it('rejects malformed shapes, naming row and sizes', () => {
    expect(() => assertSquare([[1, 2], [3]], 'C')).toThrow('C is not square: row 1 has 1 entries, expected 2 (2 rows)');
    expect(() => identity(-1)).toThrow(/non-negative integer, got -1/);
    expect(() => transpose([[1, 2], [3]])).toThrow('matrix is ragged: row 1 has 1 entries, row 0 has 2');
    expect(() => multiply([[1, 2, 3]], [[1, 2]])).toThrow('cannot multiply 1×3 by 1×2: inner sizes differ');
    expect(() => frobeniusDistance([[1, 2]], [[1], [2]])).toThrow('cannot compare 1×2 with 2×1: sizes differ');
  });

  it('names the offending entry and value for non-finite or asymmetric entries', () => {
    expect(() => assertFinite([[1, 2], [3, -Infinity]], 'C')).toThrow('C[1][1] is -Infinity: entries must be finite numbers');
    expect(() => assertSymmetric([[1, 0.5], [0.25, 1]], 1e-12, 'C')).toThrow(
      /C is not symmetric: \[1\]\[0\] = 0\.25 but \[0\]\[1\] = 0\.5 \(difference 0\.25/,
    );
  });
});
