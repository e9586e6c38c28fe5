/** Number of high bits of a Philox word that a uniform keeps. */
export const UNIFORM_BITS = 23;

const UNIFORM_SCALE = 2 ** -UNIFORM_BITS;

/**
 * Uniform in (0, 1) from one u32 word: u = ((w >>> 9) + 0.5) · 2^-23 = (2k + 1) / 2^24 with
 * k = w >>> 9 the top 23 bits.
 *
 * - Strictly inside (0, 1): the smallest value is 2^-24 and the largest 1 − 2^-24, so ln(u)
 *   and ln(1 − u) are always finite (Box–Muller's ln(u1) never sees 0).
 * - Exactly representable in f32: 2k + 1 < 2^24 fits the 24-bit f32 significand, and every
 *   step of the WGSL expression `(f32(w >> 9u) + 0.5) * (1.0 / 8388608.0)` is exact in f32
 *   (an integer below 2^23, plus one half, times a power of two). So the GPU's f32 uniform
 *   and this f64 uniform are the same number, bit for bit once widened.
 * - Symmetric: the word with all 23 top bits flipped gives exactly 1 − u.
 *
 * Why 23 bits and not 24: ((w >>> 8) + 0.5) · 2^-24 = (2k + 1) / 2^25 needs a 25-bit
 * significand once k ≥ 2^23 (u ≥ 1/2), so f32 rounds it (and w = 0xffffffff rounds to exactly
 * 1.0): CPU and GPU would disagree on half of all uniforms.
 */
export function uniformFromWord(w: number): number {
  return ((w >>> 9) + 0.5) * UNIFORM_SCALE;
}
