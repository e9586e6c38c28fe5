import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../helpers/expectClose.js';
import { mulhi32, mullo32, philox4x32, philox4x32Into, type PhiloxCounter, type PhiloxKey } from '../../src/random/philox.js';

/** Tolerance everywhere in this file: zero. Philox words are integers and must match exactly. */

const hex = (words: ArrayLike<number>) => Array.from(words, (w) => w.toString(16).padStart(8, '0')).join(' ');

/**
 * Random123 known-answer vectors, file `tests/kat_vectors`, the three "philox4x32 10" lines
 * (columns: counter[4], key[2], expected[4]):
 *   philox4x32 10 00000000 00000000 00000000 00000000 00000000 00000000   6627e8d5 e169c58d bc57ac4c 9b00dbd8
 *   philox4x32 10 ffffffff ffffffff ffffffff ffffffff ffffffff ffffffff   408f276d 41c83b0e a20bc7c6 6d5451fd
 *   philox4x32 10 243f6a88 85a308d3 13198a2e 03707344 a4093822 299f31d0   d16cfe09 94fdcceb 5001e420 24126ea1
 * Checked against several independent public copies of that file (a Python port that embeds
 * the kat_vectors lines verbatim, and Rust/Go/Python/C/Swift test suites quoting them).
 */
const KNOWN_ANSWERS: { name: string; counter: PhiloxCounter; key: PhiloxKey; expected: PhiloxCounter }[] = [
  {
    name: 'zero counter, zero key',
    counter: [0, 0, 0, 0],
    key: [0, 0],
    expected: [0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8],
  },
  {
    name: 'all ones',
    counter: [0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff],
    key: [0xffffffff, 0xffffffff],
    expected: [0x408f276d, 0x41c83b0e, 0xa20bc7c6, 0x6d5451fd],
  },
  {
    name: 'pi digits',
    counter: [0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344],
    key: [0xa4093822, 0x299f31d0],
    expected: [0xd16cfe09, 0x94fdcceb, 0x5001e420, 0x24126ea1],
  },
];

function randomU32(next: () => number): number {
  return Math.floor(next() * 2 ** 32) >>> 0;
}

describe('Philox4x32-10', () => {
  for (const { name, counter, key, expected } of KNOWN_ANSWERS) {
    it(`matches the Random123 known-answer vector: ${name}`, () => {
      const computed = philox4x32(counter, key);
      expect(hex(computed), `philox4x32(${hex(counter)}; ${hex(key)})`).toBe(hex(expected));

      const out = new Uint32Array(6);
      philox4x32Into(counter[0], counter[1], counter[2], counter[3], key[0], key[1], out, 2);
      expect(hex(out.subarray(2)), `philox4x32Into(${hex(counter)}; ${hex(key)})`).toBe(hex(expected));
      expect(out[0] | out[1], 'philox4x32Into writes only out[offset .. offset + 3]').toBe(0);
    });
  }

  it('philox4x32Into agrees with philox4x32 on 20,000 random counters and keys', () => {
    const next = mulberry32(20240611);
    const out = new Uint32Array(4);
    for (let i = 0; i < 20_000; i++) {
      const counter: PhiloxCounter = [randomU32(next), randomU32(next), randomU32(next), randomU32(next)];
      const key: PhiloxKey = [randomU32(next), randomU32(next)];
      philox4x32Into(counter[0], counter[1], counter[2], counter[3], key[0], key[1], out, 0);
      const expected = philox4x32(counter, key);
      if (out[0] !== expected[0] || out[1] !== expected[1] || out[2] !== expected[2] || out[3] !== expected[3]) {
        throw new Error(
          `counter ${hex(counter)} key ${hex(key)}: philox4x32Into ${hex(out)}, philox4x32 ${hex(expected)}`,
        );
      }
    }
  });

  it('outputs are u32 numbers (non-negative integers below 2^32)', () => {
    for (const { counter, key } of KNOWN_ANSWERS) {
      for (const w of philox4x32(counter, key)) {
        expect(Number.isInteger(w) && w >= 0 && w < 2 ** 32, `word ${w}`).toBe(true);
      }
    }
  });
});

describe('mulhi32 / mullo32 (16-bit halves, as in WGSL)', () => {
  const check = (a: number, b: number) => {
    const product = BigInt(a) * BigInt(b);
    const hi = Number(product >> 32n);
    const lo = Number(product & 0xffffffffn);
    const computedHi = mulhi32(a, b);
    const computedLo = mullo32(a, b);
    if (computedHi !== hi || computedLo !== lo) {
      throw new Error(
        `${a.toString(16)} × ${b.toString(16)}: computed hi ${computedHi.toString(16)} lo ${computedLo.toString(16)}, ` +
          `expected (BigInt) hi ${hi.toString(16)} lo ${lo.toString(16)}, tolerance 0`,
      );
    }
  };

  it('matches BigInt multiplication on edge values', () => {
    const edges = [0, 1, 2, 0xffff, 0x10000, 0x1ffff, 0x7fffffff, 0x80000000, 0xfffeffff, 0xffff0000, 0xffffffff, 0xd2511f53, 0xcd9e8d57];
    for (const a of edges) for (const b of edges) check(a, b);
  });

  it('matches BigInt multiplication on 200,000 random u32 pairs', () => {
    const next = mulberry32(7);
    for (let i = 0; i < 200_000; i++) check(randomU32(next), randomU32(next));
    for (let i = 0; i < 10_000; i++) check(0xffffffff, randomU32(next));
  });
});
