/**
 * The WebAssembly option revaluation (assembly/revalue.ts through revalueWasm.ts) against the
 * JavaScript it replaces, bit for bit (Object.is on every value: NaN and the sign of zero count):
 * its exp and log against this engine's Math.exp and Math.log (what the bit-identity rests on:
 * fdlibm's algorithms, as V8 implements them), its vector and scalar Φ against normal.ts's
 * normalCdf across every range and boundary, and whole option rows against revalue.ts's loop.
 * No tolerance: the claim is the same IEEE operations in the same order.
 */
import { describe, expect, it } from 'vitest';
import { HEAD_FACTORS, normalCdf } from '../../src/pricing/normal.js';
import { revalueOption } from '../../src/engine/reference/revalue.js';
import { type OptionTerms, wasmOptionRevaluation } from '../../src/engine/reference/revalueWasm.js';
import { revalueWasmBase64 } from '../../src/engine/reference/revalueWasmModule.js';
import { mulberry32 } from '../helpers/expectClose.js';

interface RawKernel {
  memory: WebAssembly.Memory;
  CONSTANTS_BYTES: WebAssembly.Global;
  writeConstants(table: number): void;
  expScalar(x: number): number;
  logScalar(x: number): number;
  logArray(count: number, xs: number): void;
  normalCdfArray(count: number, xs: number, heads: number): void;
}

/** The raw kernel with its constants and head table laid out as revalueWasm.ts does, and room for `count` arguments after them. */
function rawKernel(count: number) {
  const bytes = Buffer.from(revalueWasmBase64, 'base64');
  const kernel = new WebAssembly.Instance(new WebAssembly.Module(bytes), {}).exports as unknown as RawKernel;
  const heads = Math.ceil((kernel.CONSTANTS_BYTES.value as number) / 16) * 16;
  const args = Math.ceil((heads + 8 * HEAD_FACTORS.length) / 16) * 16;
  kernel.memory.grow(Math.ceil((args + 8 * count) / 65536));
  kernel.writeConstants(0);
  new Float64Array(kernel.memory.buffer, heads, HEAD_FACTORS.length).set(HEAD_FACTORS);
  const view = () => new Float64Array(kernel.memory.buffer, args, count);
  return { kernel, heads, args, view };
}

function firstMismatch(actual: ArrayLike<number>, expected: ArrayLike<number>, inputs: ArrayLike<number>): string | undefined {
  for (let i = 0; i < expected.length; i++) {
    if (!Object.is(actual[i], expected[i])) return `at ${i}: input ${inputs[i]}, kernel ${actual[i]}, JavaScript ${expected[i]}`;
  }
  return undefined;
}

const SPECIALS = [0, -0, 1, -1, 0.5, 2, Infinity, -Infinity, NaN, 5e-324, -5e-324, 2.2250738585072014e-308, 1e-310, 709.78, 709.79, -745.13, -745.14, 1e-9, -1e-9, 2 ** -28, -(2 ** -28), 0.34657359027997264, 1.0397207708399179];

describe('WebAssembly option revaluation', () => {
  it("computes exp and log as this engine's Math.exp and Math.log do, bit for bit", () => {
    const { kernel } = rawKernel(0);
    const next = mulberry32(1);
    const inputs: number[] = [...SPECIALS];
    for (let i = 0; i < 200_000; i++) inputs.push((next() * 2 - 1) * [1e-6, 0.3, 0.7, 1.1, 5, 40, 720][i % 7]);
    expect(firstMismatch(inputs.map((x) => kernel.expScalar(x)), inputs.map(Math.exp), inputs)).toBeUndefined();
    const positives: number[] = [...SPECIALS, 1 + 2 ** -21, 1 - 2 ** -22, 2 + 2 ** -20, 0.5 - 2 ** -24];
    for (let i = 0; i < 200_000; i++) positives.push(Math.exp((next() * 2 - 1) * [1e-7, 0.05, 1, 30, 700][i % 5]));
    expect(firstMismatch(positives.map((x) => kernel.logScalar(x)), positives.map(Math.log), positives)).toBeUndefined();
  });

  it('computes log over arrays (vector pairs, scalar where a lane is out of the vector domain) as Math.log', () => {
    const next = mulberry32(2);
    const inputs: number[] = [];
    for (let i = 0; i < 100_000; i++) {
      // Mostly moneyness ratios, with an out-of-domain argument in some pairs' second lane.
      const special = i % 97 === 1 ? SPECIALS[(i >> 7) % SPECIALS.length] : undefined;
      inputs.push(special ?? Math.exp((next() * 2 - 1) * [0.02, 0.4, 3][i % 3]));
    }
    inputs.push(1.25); // an odd count: the last argument alone
    const { kernel, args, view } = rawKernel(inputs.length);
    view().set(inputs);
    kernel.logArray(inputs.length, args);
    expect(firstMismatch(view(), inputs.map(Math.log), inputs)).toBeUndefined();
  });

  it("computes Φ over arrays as normalCdf, across the central, intermediate and tail ranges and past the underflow", () => {
    const next = mulberry32(3);
    const boundaries = [0.66291, Math.sqrt(32), 38.5, 37.5, 1.1e-16];
    const inputs: number[] = [];
    for (let i = 0; i < 200_000; i++) {
      const scale = [0.5, 2, 6, 20, 40][i % 5];
      // Pairs within one range, pairs across ranges, and exact boundaries (both signs, one ulp either side).
      let x = (next() * 2 - 1) * scale;
      if (i % 53 === 0) {
        const b = boundaries[(i >> 6) % boundaries.length] * (next() < 0.5 ? -1 : 1);
        x = [b, b * (1 + 2 ** -52), b * (1 - 2 ** -53)][i % 3];
      }
      if (i % 211 === 0) x = SPECIALS[(i >> 8) % SPECIALS.length];
      inputs.push(x);
    }
    inputs.push(-1.5);
    const { kernel, args, heads, view } = rawKernel(inputs.length);
    view().set(inputs);
    kernel.normalCdfArray(inputs.length, args, heads);
    expect(firstMismatch(view(), inputs.map(normalCdf), inputs)).toBeUndefined();
  });

  it("revalues options as revalue.ts's loop, bit for bit, from deep in to deep out of the money, intrinsic cases included", () => {
    const kernel = wasmOptionRevaluation();
    expect(kernel, 'this Node has WebAssembly SIMD and fdlibm Math.exp').not.toBeNull();
    const next = mulberry32(4);
    for (let trial = 0; trial < 120; trial++) {
      const count = [1, 2, 3, 255, 1024, 4097][trial % 6];
      const spots = Float64Array.from({ length: count }, () => 100 * Math.exp((next() * 2 - 1) * [0.01, 0.1, 0.6][trial % 3]));
      const multipliers = Float64Array.from({ length: count }, () => Math.exp((next() * 2 - 1) * 0.4));
      if (count > 8 && trial % 4 === 0) {
        // A spot at zero, a vol multiplier at zero and NaN: the intrinsic value and NaN as in JavaScript.
        spots[3] = 0;
        multipliers[5] = 0;
        multipliers[6] = Number.NaN;
      }
      const timeLeft = [1 / 365, 0.02, 0.25, 1, 5][trial % 5];
      const rate = 0.03;
      const strike = 100 * Math.exp((next() * 2 - 1) * 1.5);
      const terms: OptionTerms = {
        multiplier: [1, 100, 0.01][trial % 3],
        base: next() * 10,
        isCall: trial % 2 === 0,
        impliedVol: [0.02, 0.3, 1.5][trial % 3],
        carryGrowth: Math.exp(0.01 * timeLeft),
        discount: Math.exp(-rate * timeLeft),
        discountedStrike: strike * Math.exp(-rate * timeLeft),
        sqrtTime: Math.sqrt(timeLeft),
      };
      const viaKernel = new Float64Array(count);
      const viaJavaScript = new Float64Array(count);
      revalueOption(terms, spots, multipliers, viaKernel, kernel);
      revalueOption(terms, spots, multipliers, viaJavaScript, null);
      expect(firstMismatch(viaKernel, viaJavaScript, spots), `trial ${trial}`).toBeUndefined();
    }
  });

  it('copies inputs again when they change: a new array of the same length, or the same array for a shorter run', () => {
    const kernel = wasmOptionRevaluation()!;
    const terms: OptionTerms = { multiplier: 1, base: 0, isCall: true, impliedVol: 0.4, carryGrowth: 1, discount: 1, discountedStrike: 100, sqrtTime: 0.5 };
    const multipliers = new Float64Array(16).fill(1);
    const rowFor = (spots: Float64Array, count = spots.length) => {
      const row = new Float64Array(count);
      revalueOption(terms, spots, multipliers.subarray(0, count), row, kernel);
      const expected = new Float64Array(count);
      revalueOption(terms, spots.subarray(0, count), multipliers.subarray(0, count), expected, null);
      return { row, expected };
    };
    const low = new Float64Array(16).fill(80);
    const high = new Float64Array(16).fill(120);
    for (const { row, expected } of [rowFor(low), rowFor(high), rowFor(low), rowFor(high, 5)]) {
      expect(Array.from(row)).toEqual(Array.from(expected));
    }
  });
});
