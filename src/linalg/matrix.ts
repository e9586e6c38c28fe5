/**
 * Tiny dense helpers on row-major `number[][]`, f64. The matrices in this engine are factor
 * correlations (a few to ~200 factors), so clarity and error messages that name the offending
 * entry matter more than blocking or BLAS-style speed.
 */

/** A dense matrix as an array of rows. */
export type Matrix = number[][];

/**
 * Relative symmetry tolerance for inputs to the symmetric routines (eigen, Cholesky). Their inputs
 * are computed matrices (correlations from data, B·Bᵀ products, repaired correlations) whose
 * rounding asymmetry is a few ulps; a larger gap is a real asymmetry (a typo, a transposed block).
 * These routines read one triangle only, so without this check they would silently work on a
 * different matrix than the one the caller meant.
 */
export const SYMMETRY_TOLERANCE = 1e-12;

/**
 * Throws unless `m` is an n×n array of rows (n ≥ 0). Called at every public entry so that a
 * ragged input fails with its row index instead of producing `undefined` arithmetic downstream.
 */
export function assertSquare(m: readonly (readonly number[])[], name = 'matrix'): void {
  if (!Array.isArray(m)) throw new TypeError(`${name} must be an array of rows, got ${typeof m}`);
  const n = m.length;
  for (let i = 0; i < n; i++) {
    const row = m[i];
    if (!Array.isArray(row)) throw new TypeError(`${name} row ${i} must be an array, got ${typeof row}`);
    if (row.length !== n) {
      throw new RangeError(`${name} is not square: row ${i} has ${row.length} entries, expected ${n} (${n} rows)`);
    }
  }
}

/**
 * Throws on the first NaN or ±Infinity entry. NaN compares false with everything, so without
 * this check it would slip through `pivot <= 0` style tests and poison every later entry.
 */
export function assertFinite(m: readonly (readonly number[])[], name = 'matrix'): void {
  for (let i = 0; i < m.length; i++) {
    const row = m[i];
    for (let j = 0; j < row.length; j++) {
      if (!Number.isFinite(row[j])) throw new RangeError(`${name}[${i}][${j}] is ${row[j]}: entries must be finite numbers`);
    }
  }
}

/** Largest |entry|: the scale that relative tolerances are measured against. */
export function maxAbs(m: readonly (readonly number[])[]): number {
  let scale = 0;
  for (const row of m) for (const v of row) scale = Math.max(scale, Math.abs(v));
  return scale;
}

/**
 * First (row, col) with |m[i][j] − m[j][i]| > tol · max|m|, or undefined when symmetric. The
 * tolerance is relative to the largest entry so the test does not depend on the matrix's units.
 */
function firstAsymmetry(m: readonly (readonly number[])[], tol: number): { row: number; col: number } | undefined {
  const bound = tol * maxAbs(m);
  for (let i = 0; i < m.length; i++) {
    for (let j = 0; j < i; j++) {
      if (!(Math.abs(m[i][j] - m[j][i]) <= bound)) return { row: i, col: j };
    }
  }
  return undefined;
}

/** True when the square matrix `m` is symmetric to within `tol` relative to its largest entry. */
export function isSymmetric(m: readonly (readonly number[])[], tol = 0): boolean {
  assertSquare(m);
  return firstAsymmetry(m, tol) === undefined;
}

/** Throws, naming the first asymmetric pair and both values, unless `m` is symmetric within `tol` (relative). */
export function assertSymmetric(m: readonly (readonly number[])[], tol: number, name = 'matrix'): void {
  const at = firstAsymmetry(m, tol);
  if (at) {
    const { row, col } = at;
    throw new RangeError(
      `${name} is not symmetric: [${row}][${col}] = ${m[row][col]} but [${col}][${row}] = ${m[col][row]} ` +
        `(difference ${Math.abs(m[row][col] - m[col][row])}, allowed ${tol} × max|entry| = ${tol * maxAbs(m)})`,
    );
  }
}

/** n×n identity. */
export function identity(n: number): Matrix {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`identity size must be a non-negative integer, got ${n}`);
  return Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 1 : 0)));
}

/** Columns of a rectangular matrix (rows × cols, every row the same length). */
function columnCount(m: readonly (readonly number[])[], name: string): number {
  const cols = m.length === 0 ? 0 : m[0].length;
  m.forEach((row, i) => {
    if (row.length !== cols) throw new RangeError(`${name} is ragged: row ${i} has ${row.length} entries, row 0 has ${cols}`);
  });
  return cols;
}

/** Aᵀ of a rectangular matrix. */
export function transpose(m: readonly (readonly number[])[]): Matrix {
  const cols = columnCount(m, 'matrix');
  return Array.from({ length: cols }, (_, j) => m.map((row) => row[j]));
}

/** A·B, with a size check naming both shapes. Loop order i-k-j reads rows of B contiguously. */
export function multiply(a: readonly (readonly number[])[], b: readonly (readonly number[])[]): Matrix {
  const aCols = columnCount(a, 'left matrix');
  const bCols = columnCount(b, 'right matrix');
  if (aCols !== b.length) {
    throw new RangeError(`cannot multiply ${a.length}×${aCols} by ${b.length}×${bCols}: inner sizes differ`);
  }
  return a.map((aRow) => {
    const out = new Array<number>(bCols).fill(0);
    for (let k = 0; k < aCols; k++) {
      const aik = aRow[k];
      if (aik === 0) continue;
      const bRow = b[k];
      for (let j = 0; j < bCols; j++) out[j] += aik * bRow[j];
    }
    return out;
  });
}

/** ‖A − B‖_F, the norm the nearest-correlation problem is posed in. Shapes must match. */
export function frobeniusDistance(a: readonly (readonly number[])[], b: readonly (readonly number[])[]): number {
  const aCols = columnCount(a, 'left matrix');
  const bCols = columnCount(b, 'right matrix');
  if (a.length !== b.length || aCols !== bCols) {
    throw new RangeError(`cannot compare ${a.length}×${aCols} with ${b.length}×${bCols}: sizes differ`);
  }
  let sum = 0;
  for (let i = 0; i < a.length; i++) {
    for (let j = 0; j < aCols; j++) {
      const d = a[i][j] - b[i][j];
      sum += d * d;
    }
  }
  return Math.sqrt(sum);
}
