/**
 * A tiny seeded PRNG (mulberry32) for *building inputs*: sample venues, synthetic books,
 * fixtures. It is not the scenario generator; the risk engine draws its scenarios from
 * Philox4x32-10 in src/random/, bit-identical to the shaders.
 *
 * mulberry32 has a 2^32 period and passes the usual smoke tests: plenty for shuffling strikes
 * and sizing positions, and it is the same sequence on every JavaScript engine.
 */
export interface Prng {
  /** Uniform in [0, 1), 32 bits of resolution. */
  uniform(): number;
  /** Standard normal (Box–Muller, both values of each pair used). */
  normal(): number;
  /** Uniform integer in [lo, hi], both ends included. */
  int(lo: number, hi: number): number;
  /** A uniformly chosen element of a non-empty array. */
  pick<T>(items: readonly T[]): T;
  /** Uniform in [lo, hi). */
  range(lo: number, hi: number): number;
  /** True with probability p. */
  chance(p: number): boolean;
}

/** Mixes a seed (any safe integer, negative included) into a well-spread 32-bit state. */
function seedState(seed: number): number {
  if (!Number.isSafeInteger(seed)) throw new RangeError(`createPrng: seed must be a safe integer, got ${seed}`);
  const low = seed >>> 0;
  const high = Math.floor(seed / 2 ** 32) >>> 0;
  // splitmix32-style finalizer over both halves, so that nearby seeds start far apart.
  let h = (low ^ Math.imul(high, 0x9e3779b9)) + 0x9e3779b9;
  h = Math.imul(h ^ (h >>> 16), 0x21f0aaad);
  h = Math.imul(h ^ (h >>> 15), 0x735a2d97);
  return (h ^ (h >>> 15)) >>> 0;
}

export function createPrng(seed: number): Prng {
  let state = seedState(seed);
  let spareNormal: number | undefined;

  const uniform = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };

  const normal = (): number => {
    if (spareNormal !== undefined) {
      const value = spareNormal;
      spareNormal = undefined;
      return value;
    }
    const u1 = 1 - uniform(); // (0, 1]: log is finite
    const u2 = uniform();
    const radius = Math.sqrt(-2 * Math.log(u1));
    spareNormal = radius * Math.sin(2 * Math.PI * u2);
    return radius * Math.cos(2 * Math.PI * u2);
  };

  const int = (lo: number, hi: number): number => {
    if (!Number.isInteger(lo) || !Number.isInteger(hi) || hi < lo) {
      throw new RangeError(`Prng.int: need integers lo <= hi, got ${lo}, ${hi}`);
    }
    return lo + Math.floor(uniform() * (hi - lo + 1));
  };

  const pick = <T>(items: readonly T[]): T => {
    if (items.length === 0) throw new RangeError('Prng.pick: empty array');
    return items[Math.floor(uniform() * items.length)];
  };

  const range = (lo: number, hi: number): number => lo + (hi - lo) * uniform();
  const chance = (p: number): boolean => uniform() < p;

  return { uniform, normal, int, pick, range, chance };
}
