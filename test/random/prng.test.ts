import { describe, expect, it } from 'vitest';
import { createPrng } from '../../src/random/prng.js';

describe('createPrng (input builder PRNG)', () => {
  it('repeats for a seed and differs between seeds', () => {
    const draw = (seed: number) => {
      const rng = createPrng(seed);
      return Array.from({ length: 8 }, () => rng.uniform());
    };
    expect(draw(42)).toStrictEqual(draw(42));
    expect(draw(42)).not.toStrictEqual(draw(43));
    expect(draw(2 ** 40)).not.toStrictEqual(draw(0)); // high bits of the seed count
  });

  it('uniform, int and pick stay in range', () => {
    const rng = createPrng(1);
    const seen = new Set<number>();
    const bad: unknown[] = [];
    for (let k = 0; k < 10_000; k++) {
      const u = rng.uniform();
      if (!(u >= 0 && u < 1)) bad.push(['uniform', u]);
      const i = rng.int(-2, 3);
      if (!(Number.isInteger(i) && i >= -2 && i <= 3)) bad.push(['int', i]);
      seen.add(i);
      const picked = rng.pick(['a', 'b', 'c']);
      if (!['a', 'b', 'c'].includes(picked)) bad.push(['pick', picked]);
    }
    expect(bad).toStrictEqual([]);
    expect([...seen].sort()).toStrictEqual([-1, -2, 0, 1, 2, 3].sort());
    expect(() => rng.int(3, 2)).toThrow(RangeError);
    expect(() => rng.pick([])).toThrow(RangeError);
  });

  it('normal() has mean 0 and variance 1', () => {
    // n = 200 000: the standard error of the mean is 1/√n ≈ 0.0022 and of the variance
    // √(2/n) ≈ 0.0032; tolerance 0.015 is about 5 standard errors.
    const rng = createPrng(7);
    const n = 200_000;
    let sum = 0;
    let sumSq = 0;
    for (let k = 0; k < n; k++) {
      const z = rng.normal();
      sum += z;
      sumSq += z * z;
    }
    const mean = sum / n;
    const variance = sumSq / n - mean * mean;
    expect(Math.abs(mean), `mean ${mean}`).toBeLessThan(0.015);
    expect(Math.abs(variance - 1), `variance ${variance}`).toBeLessThan(0.015);
  });
});
