import { describe, expect, it } from 'vitest';
import { philox4x32 } from '../../src/random/philox.js';
import { uniformFromWord } from '../../src/random/uniform.js';
import {
  MAX_MIXING_ATTEMPTS,
  STREAM_MIXING,
  STREAM_NORMALS,
  chiSquareMixing,
  scenarioNormals,
  seedKey0,
  seedKey1,
  studentTScale,
} from '../../src/random/stream.js';

/**
 * Tolerance zero throughout: the stream is deterministic, and the reference below performs
 * the same f64 operations in the same order, so results must be identical bit for bit.
 */

/** Independent transcription of the specification at the top of src/random/stream.ts. */
const spec = {
  key: (seed: number): [number, number] => [seed % 2 ** 32, Math.floor(seed / 2 ** 32)],
  boxMuller(w0: number, w1: number): [number, number] {
    const r = Math.sqrt(-2 * Math.log(uniformFromWord(w0)));
    const theta = Math.PI * (2 * uniformFromWord(w1) - 1);
    return [r * Math.cos(theta), r * Math.sin(theta)];
  },
  normal(seed: number, scenario: number, j: number): number {
    const w = philox4x32([scenario, Math.floor(j / 4), STREAM_NORMALS, 0], spec.key(seed));
    const lane = j % 4;
    return spec.boxMuller(w[lane < 2 ? 0 : 2], w[lane < 2 ? 1 : 3])[lane % 2];
  },
  mixing(seed: number, scenario: number, dof: number): { w: number; attempt: number } {
    const d = dof / 2 - 1 / 3;
    const c = 1 / Math.sqrt(9 * d);
    for (let a = 0; a < MAX_MIXING_ATTEMPTS; a++) {
      const w = philox4x32([scenario, a, STREAM_MIXING, 0], spec.key(seed));
      const x = spec.boxMuller(w[0], w[1])[0];
      const u = uniformFromWord(w[2]);
      const b = 1 + c * x;
      const v = b * b * b;
      if (v > 0 && Math.log(u) < 0.5 * x * x + d - d * v + d * Math.log(v)) return { w: 2 * d * v, attempt: a };
    }
    return { w: 2 * d, attempt: MAX_MIXING_ATTEMPTS };
  },
};

const sameBits = (a: number, b: number) => Object.is(a, b);

function normals(seed: number, scenario: number, count: number): Float64Array {
  const out = new Float64Array(count);
  scenarioNormals(seed, scenario, count, out);
  return out;
}

function expectSameBits(computed: ArrayLike<number>, expected: ArrayLike<number>, label: string): void {
  expect(computed.length, `${label}: length`).toBe(expected.length);
  for (let i = 0; i < computed.length; i++) {
    if (!sameBits(computed[i], expected[i])) {
      throw new Error(`${label}[${i}]: computed ${computed[i]}, expected ${expected[i]}, error ${computed[i] - expected[i]}, tolerance 0`);
    }
  }
}

const SEEDS = [0, 1, 42, 2 ** 32 - 1, 2 ** 32, 2 ** 32 * 5 + 7, Number.MAX_SAFE_INTEGER];

describe('scenario stream: specification', () => {
  it('exports the stream constants', () => {
    expect([STREAM_NORMALS, STREAM_MIXING, MAX_MIXING_ATTEMPTS]).toEqual([0, 1, 64]);
  });

  it('key = (seed mod 2^32, floor(seed / 2^32)), so seeds ≥ 2^32 use key word 1', () => {
    for (const seed of SEEDS) {
      expect([seedKey0(seed), seedKey1(seed)], `seed ${seed}`).toEqual(spec.key(seed));
    }
    expect([seedKey0(2 ** 32 * 5 + 7), seedKey1(2 ** 32 * 5 + 7)]).toEqual([7, 5]);
    expect([seedKey0(Number.MAX_SAFE_INTEGER), seedKey1(Number.MAX_SAFE_INTEGER)]).toEqual([0xffffffff, 0x1fffff]);
  });

  it('normal j of scenario s is lane j mod 4 of block floor(j/4) on the normals stream', () => {
    for (const seed of SEEDS) {
      for (const scenario of [0, 1, 12345, 2 ** 32 - 1]) {
        for (const count of [0, 1, 2, 3, 4, 5, 7, 8, 13]) {
          const expected = Array.from({ length: count }, (_, j) => spec.normal(seed, scenario, j));
          expectSameBits(normals(seed, scenario, count), expected, `seed ${seed} scenario ${scenario} count ${count}`);
        }
      }
    }
  });

  it('writes at outOffset and nowhere else; a prefix does not depend on the total count', () => {
    const full = normals(42, 3, 10);
    const out = new Float64Array(16).fill(Number.NaN);
    scenarioNormals(42, 3, 6, out, 5);
    expectSameBits(out.subarray(5, 11), full.subarray(0, 6), 'offset 5, count 6');
    for (const i of [0, 1, 2, 3, 4, 11, 12, 13, 14, 15]) expect(out[i], `out[${i}] untouched`).toBeNaN();
  });

  it('the mixing draw follows Marsaglia–Tsang on the mixing stream, attempt a at counter (s, a, 1, 0)', () => {
    let retried = 0;
    for (const seed of [0, 42, 2 ** 32 * 5 + 7]) {
      for (const dof of [2.0001, 3, 4.5, 10, 30]) {
        for (let scenario = 0; scenario < 400; scenario++) {
          const expected = spec.mixing(seed, scenario, dof);
          const computed = chiSquareMixing(seed, scenario, dof);
          if (!sameBits(computed, expected.w)) {
            throw new Error(`seed ${seed} ν ${dof} scenario ${scenario}: computed ${computed}, expected ${expected.w}, tolerance 0`);
          }
          const scale = studentTScale(seed, scenario, dof);
          if (!sameBits(scale, Math.sqrt((dof - 2) / expected.w))) {
            throw new Error(`seed ${seed} ν ${dof} scenario ${scenario}: t scale ${scale} ≠ sqrt((ν−2)/W)`);
          }
          if (expected.attempt > 0) retried++;
        }
      }
    }
    // Rejections happen (~1–5% per attempt at small ν): make sure the retry path was exercised.
    expect(retried, 'scenarios that needed more than one attempt').toBeGreaterThan(10);
  });
});

describe('scenario stream: determinism', () => {
  it('the same (seed, scenario) gives identical bits, call after call', () => {
    for (const seed of SEEDS) {
      for (const scenario of [0, 9, 1_000_000]) {
        expectSameBits(normals(seed, scenario, 11), normals(seed, scenario, 11), `seed ${seed} scenario ${scenario}`);
        expect(sameBits(chiSquareMixing(seed, scenario, 5), chiSquareMixing(seed, scenario, 5))).toBe(true);
      }
    }
  });

  it('different scenarios and different seeds give different numbers', () => {
    const seen = new Set<number>();
    for (const seed of SEEDS) {
      for (let scenario = 0; scenario < 50; scenario++) {
        for (const z of normals(seed, scenario, 8)) seen.add(z);
        seen.add(chiSquareMixing(seed, scenario, 6));
      }
    }
    // 7 seeds × 50 scenarios × (8 normals + 1 mixing draw), all distinct.
    expect(seen.size).toBe(SEEDS.length * 50 * 9);
  });

  it('key word 1 matters: seed 2^32 differs from seed 0, seed 2^32·5 + 7 from seed 7', () => {
    const differ = (a: Float64Array, b: Float64Array) => a.some((x, i) => !sameBits(x, b[i]));
    expect(differ(normals(2 ** 32, 0, 8), normals(0, 0, 8))).toBe(true);
    expect(differ(normals(2 ** 32 * 5 + 7, 0, 8), normals(7, 0, 8))).toBe(true);
    expect(chiSquareMixing(2 ** 32, 0, 5) === chiSquareMixing(0, 0, 5)).toBe(false);
  });
});

describe('scenario stream: argument validation', () => {
  const out = new Float64Array(8);
  it('rejects seeds outside [0, 2^53) and non-integers', () => {
    for (const seed of [-1, 0.5, 2 ** 53, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => scenarioNormals(seed, 0, 4, out), `seed ${seed}`).toThrow(RangeError);
      expect(() => chiSquareMixing(seed, 0, 5), `seed ${seed}`).toThrow(RangeError);
    }
  });

  it('rejects scenarios outside [0, 2^32)', () => {
    for (const scenario of [-1, 1.5, 2 ** 32]) {
      expect(() => scenarioNormals(1, scenario, 4, out), `scenario ${scenario}`).toThrow(RangeError);
      expect(() => chiSquareMixing(1, scenario, 5), `scenario ${scenario}`).toThrow(RangeError);
    }
  });

  it('rejects a bad count or an output range that does not fit', () => {
    expect(() => scenarioNormals(1, 0, -1, out)).toThrow(RangeError);
    expect(() => scenarioNormals(1, 0, 2.5, out)).toThrow(RangeError);
    expect(() => scenarioNormals(1, 0, 9, out)).toThrow(RangeError);
    expect(() => scenarioNormals(1, 0, 4, out, 5)).toThrow(RangeError);
    expect(() => scenarioNormals(1, 0, 4, out, -1)).toThrow(RangeError);
    expect(() => scenarioNormals(1, 0, 4, out, 4)).not.toThrow();
  });
});
