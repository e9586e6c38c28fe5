/**
 * The WebAssembly SIMD aggregation (assembly/aggregate.ts through aggregateWasm.ts) against the
 * JavaScript reference (aggregateAccounts): the same bits in every element (tolerance 0: the
 * same multiplies and adds in the same order, IEEE-exact on both sides), on random CSR books
 * whose scenario counts are not multiples of the block (256) or of the vector width (2).
 * NaN compares by Object.is (any NaN equals any NaN: WebAssembly leaves NaN payloads open).
 */
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import type { RiskPlan } from '../../src/engine/plan.js';
import { aggregateAccounts } from '../../src/engine/reference/aggregate.js';
import { aggregateAccountsWasm, wasmAggregation } from '../../src/engine/reference/aggregateWasm.js';
import { TailAccumulator } from '../../src/engine/tailAccumulator.js';
import { mulberry32 } from '../helpers/expectClose.js';

/** Accounts with the given position counts over `instruments` instruments (only the fields aggregation reads). */
function randomBook(rand: () => number, positionCounts: number[], instruments: number, quantity: () => number): RiskPlan {
  const offsets = new Uint32Array(positionCounts.length + 1);
  positionCounts.forEach((n, a) => (offsets[a + 1] = offsets[a] + n));
  const total = offsets[positionCounts.length];
  return {
    accountIds: positionCounts.map((_, a) => `A${a}`),
    instrumentIds: Array.from({ length: instruments }, (_, i) => `I${i}`),
    accountOffsets: offsets,
    positionInstrument: Uint32Array.from({ length: total }, () => Math.floor(rand() * instruments)),
    positionQuantity: Float64Array.from({ length: total }, quantity),
  } as unknown as RiskPlan;
}

function randomPnl(rand: () => number, length: number, special: number[] = []): Float64Array {
  return Float64Array.from({ length }, () => {
    if (special.length > 0 && rand() < 0.02) return special[Math.floor(rand() * special.length)];
    // Mixed magnitudes and signs, so that sums round differently in any other order.
    return (rand() - 0.5) * 10 ** Math.floor(rand() * 12 - 4);
  });
}

/** The first element whose bits differ (Object.is: -0 ≠ +0, NaN = NaN), or -1. */
function firstDifference(actual: Float64Array, expected: Float64Array): number {
  if (actual.length !== expected.length) return 0;
  for (let j = 0; j < actual.length; j++) if (!Object.is(actual[j], expected[j])) return j;
  return -1;
}

function expectSameBits(actual: Float64Array, expected: Float64Array) {
  const at = firstDifference(actual, expected);
  if (at >= 0) expect.fail(`element ${at}: computed ${actual[at]}, expected ${expected[at]} (tolerance: the same bits)`);
  // Where no NaN is involved the bytes themselves are equal.
  if (!expected.some(Number.isNaN)) expect(Buffer.from(actual.buffer, actual.byteOffset, actual.byteLength).equals(Buffer.from(expected.buffer, expected.byteOffset, expected.byteLength))).toBe(true);
}

function both(plan: RiskPlan, pnl: Float64Array, count: number) {
  const expected = new Float64Array(plan.accountIds.length * count).fill(7);
  aggregateAccounts(plan, pnl, count, expected);
  const actual = new Float64Array(plan.accountIds.length * count).fill(7);
  aggregateAccountsWasm(plan, pnl, count, actual);
  return { actual, expected };
}

describe('account aggregation in WebAssembly SIMD', () => {
  it('is available in this Node (SIMD validates)', () => {
    expect(wasmAggregation()).not.toBeNull();
  });

  it('equals aggregateAccounts bit for bit on random books, odd counts, accounts of 0 to 9 positions', () => {
    const rand = mulberry32(14);
    const quantity = () => [-0, 0, 1, -1, 3][Math.floor(rand() * 5)] * (rand() < 0.3 ? 1 : (rand() - 0.5) * 1e3);
    for (const count of [1, 2, 3, 5, 255, 256, 257, 511, 513, 1031]) {
      const counts = [0, 1, 3, 4, 5, 0, 8, 9, 2, 7, 6, 4, 1];
      const plan = randomBook(rand, counts, 11, quantity);
      const pnl = randomPnl(rand, 11 * count);
      const { actual, expected } = both(plan, pnl, count);
      expectSameBits(actual, expected);
    }
  });

  it('propagates NaN and ±Infinity like the JavaScript version, -0 quantities and P&L included', () => {
    const rand = mulberry32(15);
    const quantity = () => [-0, 0, 2, -1.5, Infinity, -Infinity, NaN][Math.floor(rand() * 7)];
    for (const count of [3, 257, 600]) {
      const plan = randomBook(rand, [0, 1, 3, 4, 5, 12, 2, 7], 6, quantity);
      const pnl = randomPnl(rand, 6 * count, [NaN, Infinity, -Infinity, -0, 0]);
      const { actual, expected } = both(plan, pnl, count);
      expect(expected.some(Number.isNaN)).toBe(true);
      expectSameBits(actual, expected);
    }
  });

  it('keeps its results right across plans and growing chunks (positions reloaded, views re-taken after memory.grow)', () => {
    const rand = mulberry32(16);
    const small = randomBook(rand, [3, 4, 5], 4, () => rand() - 0.5);
    const large = randomBook(rand, Array.from({ length: 300 }, () => Math.floor(rand() * 12)), 50, () => rand() - 0.5);
    for (const [plan, instruments, count] of [
      [small, 4, 17],
      [large, 50, 777],
      [small, 4, 301],
      [large, 50, 5003],
      [small, 4, 9],
    ] as const) {
      const { actual, expected } = both(plan, randomPnl(rand, instruments * count), count);
      expectSameBits(actual, expected);
    }
  });

  it('lets the chunk pipeline fill the instrument block in place and read the accounts from the instance', () => {
    const rand = mulberry32(17);
    const plan = randomBook(rand, [1, 4, 0, 6, 3], 7, () => rand() * 4 - 2);
    const count = 515;
    const pnl = randomPnl(rand, 7 * count);
    const block = wasmAggregation()!.block(plan, count)!;
    block.instrumentPnl.set(pnl);
    block.aggregate();
    const expected = new Float64Array(5 * count);
    aggregateAccounts(plan, pnl, count, expected);
    expectSameBits(block.accountPnl, expected);
  });
});

describe('tail candidates collected by the WebAssembly kernel with the sums', () => {
  it('are the losses TailAccumulator.addRows appends from the finished row (NaN passed on), and give the same tails, for any threshold and odd counts', () => {
    const rand = mulberry32(18);
    for (const count of [1, 7, 8, 9, 15, 17, 255, 256, 257, 1001]) {
      // Accounts of 0 to 5 positions on 3 instruments whose P&L has ties, ±0, ±Infinity and NaN.
      const positionCounts = [0, 1, 2, 3, 4, 5, 1];
      const accounts = positionCounts.length;
      const plan = randomBook(rand, positionCounts, 3, () => [1, -1, 0.5, -0][Math.floor(rand() * 4)]);
      const pnl = Float64Array.from({ length: 3 * count }, () => {
        if (rand() < 0.03) return [0, -0, Infinity, -Infinity, NaN][Math.floor(rand() * 5)];
        return Math.round((rand() - 0.5) * 40) / 4;
      });
      const sums = new Float64Array(accounts * count);
      aggregateAccounts(plan, pnl, count, sums);
      const k = Math.max(1, Math.ceil(count / 10));
      for (const threshold of [-Infinity, -3, 0, -0, 2.5, 1e9, Infinity]) {
        const thresholds = Float64Array.from({ length: accounts }, (_, a) => (a === 3 ? -Infinity : threshold));
        const start = 1000 + count;
        const block = wasmAggregation()!.block(plan, count)!;
        block.instrumentPnl.set(pnl);
        block.aggregate({ start, thresholds });
        for (let a = 0; a < accounts; a++) {
          const losses: number[] = [];
          const scenarios: number[] = [];
          for (let s = 0; s < count; s++) {
            const loss = -sums[a * count + s];
            if (loss >= thresholds[a] || Number.isNaN(loss)) {
              losses.push(loss);
              scenarios.push(start + s);
            }
          }
          const candidates = block.tailCandidates(a);
          expect(Array.from(candidates.scenarios)).toEqual(scenarios);
          expectSameBits(candidates.losses, Float64Array.from(losses));
          // The tails from the candidates and from the whole row: the same, or both refuse a NaN.
          const fromRow = new TailAccumulator(1, k);
          const fromCandidates = new TailAccumulator(1, k);
          const row = () => fromRow.addRows(sums.subarray(a * count, (a + 1) * count), count, start);
          const kept = () => fromCandidates.addAccount(0, candidates.losses, candidates.scenarios);
          if (losses.some(Number.isNaN)) {
            expect(row).toThrow(/NaN/);
            expect(kept).toThrow(/NaN/);
            continue;
          }
          row();
          kept();
          const [expected, tail] = [fromRow.finish()[0], fromCandidates.finish()[0]];
          if (thresholds[a] === -Infinity) {
            expect(Array.from(tail.scenarios)).toEqual(Array.from(expected.scenarios));
            expectSameBits(tail.losses, expected.losses);
          }
        }
      }
    }
  });
});

describe('the WebAssembly block', () => {
  it('refuses a plan whose positions name an instrument past the plan (the kernel reads memory unchecked)', () => {
    const plan = randomBook(mulberry32(5), [2, 3], 4, () => 1);
    plan.positionInstrument[3] = 4;
    expect(() => wasmAggregation()!.block(plan, 16)).toThrow('position 3 names instrument 4; the plan has 4');
  });
});

describe('embedded WebAssembly', () => {
  it('the generated WebAssembly modules (aggregation, revaluation) match assembly/ compiled', () => {
    // Exits non-zero (and the call throws) when the generated module is stale.
    expect(() => execFileSync(process.execPath, ['scripts/embed-wasm.mjs', '--check'], { stdio: 'pipe' })).not.toThrow();
  });
});
