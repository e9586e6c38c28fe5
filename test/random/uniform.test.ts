import { describe, expect, it } from 'vitest';
import { expectClose, mulberry32 } from '../helpers/expectClose.js';
import { UNIFORM_BITS, uniformFromWord } from '../../src/random/uniform.js';

/**
 * Tolerance zero throughout: the uniform is an exact dyadic rational, the same number in f32
 * and f64, so every check is an equality.
 */
describe('uniformFromWord', () => {
  it('maps the extreme words strictly inside (0, 1): 2^-24 and 1 − 2^-24', () => {
    const lo = uniformFromWord(0);
    const hi = uniformFromWord(0xffffffff);
    expectClose(lo, 2 ** -24, 0, 'u(0x00000000)');
    expectClose(hi, 1 - 2 ** -24, 0, 'u(0xffffffff)');
    expect(lo > 0 && hi < 1, `u(0) = ${lo}, u(0xffffffff) = ${hi}`).toBe(true);
    expect(Number.isFinite(Math.log(lo)) && Number.isFinite(Math.log1p(-hi))).toBe(true);
  });

  it('is exactly representable in f32 (Math.fround(u) === u), so CPU and GPU uniforms are identical', () => {
    const words = [0, 1, 0x1ff, 0x200, 0x7fffffff, 0x80000000, 0x80000200, 0xfffffdff, 0xfffffe00, 0xffffffff];
    const next = mulberry32(99);
    for (let i = 0; i < 100_000; i++) words.push(Math.floor(next() * 2 ** 32) >>> 0);
    for (const w of words) {
      const u = uniformFromWord(w);
      if (Math.fround(u) !== u) {
        throw new Error(`word ${w.toString(16)}: u = ${u}, fround(u) = ${Math.fround(u)}, error ${Math.fround(u) - u}, tolerance 0`);
      }
    }
  });

  it('keeps the top 23 bits: words differing only in the low 9 bits give the same uniform', () => {
    expect(UNIFORM_BITS).toBe(23);
    expectClose(uniformFromWord(0x12345600), uniformFromWord(0x123457ff), 0, 'u(0x12345600) vs u(0x123457ff)');
    expectClose(uniformFromWord(0x12345800) - uniformFromWord(0x123457ff), 2 ** -23, 0, 'grid step');
  });

  it('is symmetric: flipping all bits of the word gives 1 − u exactly', () => {
    const next = mulberry32(5);
    for (let i = 0; i < 10_000; i++) {
      const w = Math.floor(next() * 2 ** 32) >>> 0;
      expectClose(uniformFromWord(~w >>> 0), 1 - uniformFromWord(w), 0, `u(~${w.toString(16)})`);
    }
  });
});
