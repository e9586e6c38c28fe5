import { uniformFromWord } from './uniform.js';



/**
 * Box–Muller on the word pair (w0, w1):
 *   u1 = uniformFromWord(w0), u2 = uniformFromWord(w1)
 *   r = sqrt(−2 ln u1), θ = π·(2·u2 − 1), z0 = r·cos θ, z1 = r·sin θ.
 * θ is uniform on (−π, π) rather than (0, 2π) (the same law): WGSL guarantees its sin and cos
 * only on [−π, π], so both backends use that range and the GPU's f32 values stay close.
 * z0 and z1 are independent standard normals. Since u1 ≥ 2^-24, |z| ≤ sqrt(48 ln 2) ≈ 5.77
 * (the normal puts about 8e-9 of its mass beyond that).
 */
export function boxMuller(w0: number, w1: number, out: Float64Array, outOffset: number): void {
  const r = Math.sqrt(-2 * Math.log(uniformFromWord(w0)));
  const theta = Math.PI * (2 * uniformFromWord(w1) - 1);
  out[outOffset] = r * Math.cos(theta);
  out[outOffset + 1] = r * Math.sin(theta);
}

/** z0 = r·cos θ of `boxMuller(w0, w1)` alone (the chi-square mixing draw needs only this). */
export function boxMullerCos(w0: number, w1: number): number {
  return Math.sqrt(-2 * Math.log(uniformFromWord(w0))) * Math.cos(Math.PI * (2 * uniformFromWord(w1) - 1));
}

/**
 * The normals of one 4-word Philox block: (z0, z1) from (w0, w1) and (z2, z3) from (w2, w3),
 * written to out[outOffset ..]. `count` (1..4) truncates the block: only the first `count`
 * normals are written, and the second pair is not computed when count ≤ 2.
 */
export function normalsFromBlock(
  words: Uint32Array,
  wordOffset: number,
  out: Float64Array,
  outOffset: number,
  count = 4,
): void {
  if (count >= 2) boxMuller(words[wordOffset], words[wordOffset + 1], out, outOffset);
  else out[outOffset] = boxMullerCos(words[wordOffset], words[wordOffset + 1]);
  if (count >= 4) boxMuller(words[wordOffset + 2], words[wordOffset + 3], out, outOffset + 2);
  else if (count === 3) out[outOffset + 2] = boxMullerCos(words[wordOffset + 2], words[wordOffset + 3]);
}
