/**
 * Philox4x32-10 (Salmon, Moraes, Dror & Shaw, "Parallel Random Numbers: As Easy as 1, 2, 3",
 * SC'11), bit-compatible with Random123's `philox4x32_R(10, ctr, key)`.
 *
 * One round on the counter words (x0, x1, x2, x3) with key (k0, k1):
 *   (hi0, lo0) = mulhilo32(M0, x0);  (hi1, lo1) = mulhilo32(M1, x2)
 *   (x0, x1, x2, x3) ← (hi1 ⊕ x1 ⊕ k0, lo1, hi0 ⊕ x3 ⊕ k1, lo0)
 * Ten rounds; between consecutive rounds the key is bumped by the Weyl constants,
 * k0 += W0, k1 += W1 (mod 2^32), so round r (0-based) uses key + r·W.
 *
 * Every word is an unsigned 32-bit integer held in a JS number (`>>> 0` after each operation
 * that could leave the u32 range or make it signed).
 */

export const PHILOX_M0 = 0xd2511f53;
export const PHILOX_M1 = 0xcd9e8d57;
export const PHILOX_W0 = 0x9e3779b9;
export const PHILOX_W1 = 0xbb67ae85;
export const PHILOX_ROUNDS = 10;

export type PhiloxCounter = [number, number, number, number];
export type PhiloxKey = [number, number];

/**
 * High 32 bits of the 64-bit product a·b of two u32 words.
 *
 * Built from 16-bit halves, exactly as the WGSL shader must do it (WGSL has no 64-bit
 * integers): each partial product of two 16-bit halves is below 2^32, so it is exact both as a
 * WGSL u32 and as a JS double; `middle` gathers the three terms that land on bits 16..31 of
 * the product (sum < 3·2^16) and its bits above 16 are the carry into the high word. The final
 * sum is the true high word, below 2^32, so nothing wraps.
 */
export function mulhi32(a: number, b: number): number {
  const aLo = a & 0xffff;
  const aHi = a >>> 16;
  const bLo = b & 0xffff;
  const bHi = b >>> 16;
  const loLo = aLo * bLo;
  const loHi = aLo * bHi;
  const hiLo = aHi * bLo;
  const hiHi = aHi * bHi;
  const middle = (loLo >>> 16) + (loHi & 0xffff) + (hiLo & 0xffff);
  return (hiHi + (loHi >>> 16) + (hiLo >>> 16) + (middle >>> 16)) >>> 0;
}

/** Low 32 bits of a·b: a wrapping u32 multiply (WGSL `a * b` on u32). */
export function mullo32(a: number, b: number): number {
  return Math.imul(a, b) >>> 0;
}

/**
 * Philox4x32-10 of one counter under one key; returns a fresh 4-word array.
 * A plain transcription of the round structure above: the readable reference that the
 * allocation-free `philox4x32Into` is tested against.
 */
export function philox4x32(counter: PhiloxCounter, key: PhiloxKey): PhiloxCounter {
  const x: PhiloxCounter = [counter[0] >>> 0, counter[1] >>> 0, counter[2] >>> 0, counter[3] >>> 0];
  const k: PhiloxKey = [key[0] >>> 0, key[1] >>> 0];
  for (let round = 0; round < PHILOX_ROUNDS; round++) {
    if (round > 0) {
      k[0] = (k[0] + PHILOX_W0) >>> 0;
      k[1] = (k[1] + PHILOX_W1) >>> 0;
    }
    const hi0 = mulhi32(PHILOX_M0, x[0]);
    const lo0 = mullo32(PHILOX_M0, x[0]);
    const hi1 = mulhi32(PHILOX_M1, x[2]);
    const lo1 = mullo32(PHILOX_M1, x[2]);
    x[0] = (hi1 ^ x[1] ^ k[0]) >>> 0;
    x[1] = lo1;
    x[2] = (hi0 ^ x[3] ^ k[1]) >>> 0;
    x[3] = lo0;
  }
  return x;
}

/**
 * Philox4x32-10 for hot loops: counter (c0, c1, c2, c3), key (k0, k1), the four output words
 * written to out[outOffset .. outOffset + 3]. No allocation; same words as `philox4x32`.
 */
export function philox4x32Into(
  c0: number,
  c1: number,
  c2: number,
  c3: number,
  k0: number,
  k1: number,
  out: Uint32Array,
  outOffset: number,
): void {
  let x0 = c0 >>> 0;
  let x1 = c1 >>> 0;
  let x2 = c2 >>> 0;
  let x3 = c3 >>> 0;
  let key0 = k0 >>> 0;
  let key1 = k1 >>> 0;
  for (let round = 0; round < PHILOX_ROUNDS; round++) {
    const hi0 = mulhi32(PHILOX_M0, x0);
    const lo0 = Math.imul(PHILOX_M0, x0) >>> 0;
    const hi1 = mulhi32(PHILOX_M1, x2);
    const lo1 = Math.imul(PHILOX_M1, x2) >>> 0;
    x0 = (hi1 ^ x1 ^ key0) >>> 0;
    x1 = lo1;
    x2 = (hi0 ^ x3 ^ key1) >>> 0;
    x3 = lo0;
    // Bumping after the last round too is harmless (the key is dead) and keeps the loop flat.
    key0 = (key0 + PHILOX_W0) >>> 0;
    key1 = (key1 + PHILOX_W1) >>> 0;
  }
  out[outOffset] = x0;
  out[outOffset + 1] = x1;
  out[outOffset + 2] = x2;
  out[outOffset + 3] = x3;
}
