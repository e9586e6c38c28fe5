/**
 * The CPU chunk pipeline with the WebAssembly kernels (aggregation and the tail scan in the
 * instance's memory) against the pipeline without them (the JavaScript fallback, as where
 * WebAssembly SIMD is unavailable): the same candidates, bit for bit, chunk after chunk, with
 * the running thresholds of a tail accumulator.
 */
import { describe, expect, it, vi } from 'vitest';
import { cpuChunkSize, splitScenarios } from '../../src/engine/chunking.js';
import type { RiskPlan } from '../../src/engine/plan.js';
import { prepareRisk } from '../../src/engine/risk.js';
import { TailAccumulator } from '../../src/engine/tailAccumulator.js';
import { generateVenue } from '../../src/sample/generate.js';

type Simulate = typeof import('../../src/engine/reference/chunk.js').simulateChunk;

function run(simulateChunk: Simulate, plan: RiskPlan, chunk: number) {
  const tails = new TailAccumulator(plan.accountIds.length, plan.tailCount);
  const perChunk = [];
  for (const { start, count } of splitScenarios(plan.scenarioCount, chunk)) {
    const { candidates } = simulateChunk(plan, start, count, tails.thresholds());
    perChunk.push(candidates);
    tails.add(candidates);
  }
  return { perChunk, final: tails.finish() };
}

async function simulateWithoutWasm(): Promise<Simulate> {
  vi.resetModules();
  vi.doMock('../../src/engine/reference/aggregateWasm.js', () => ({ wasmAggregation: () => null }));
  const { simulateChunk } = await import('../../src/engine/reference/chunk.js');
  // The pipeline just imported sees no instance: it runs the JavaScript versions.
  const { wasmAggregation } = await import('../../src/engine/reference/aggregateWasm.js');
  expect(wasmAggregation()).toBeNull();
  vi.doUnmock('../../src/engine/reference/aggregateWasm.js');
  return simulateChunk;
}

describe('CPU chunk pipeline with and without WebAssembly', () => {
  it('gives the same tail candidates and tails, bit for bit (quickselect and heap rows, odd chunk sizes)', async () => {
    const { simulateChunk } = await import('../../src/engine/reference/chunk.js');
    const { wasmAggregation } = await import('../../src/engine/reference/aggregateWasm.js');
    expect(wasmAggregation()).not.toBeNull();
    const withoutWasm = await simulateWithoutWasm();
    const venue = generateVenue({ accounts: 40, instruments: 25, seed: 3 });
    // 99%: k = 30 of 3,000; chunks of 333 (quickselect rows) and of 997 (16·k < 997: heap rows).
    const plan = prepareRisk(venue, { scenarios: 3000 });
    for (const chunk of [333, 997, cpuChunkSize(3000, plan.instrumentIds.length, 40, plan.factorCount, 2)]) {
      const a = run(simulateChunk, plan, chunk);
      const b = run(withoutWasm, plan, chunk);
      expect(a.perChunk.length).toBe(b.perChunk.length);
      a.perChunk.forEach((c, j) => {
        expect(Buffer.from(c.losses.buffer, c.losses.byteOffset, c.losses.byteLength).equals(Buffer.from(b.perChunk[j].losses.buffer, b.perChunk[j].losses.byteOffset, b.perChunk[j].losses.byteLength))).toBe(true);
        expect(Array.from(c.scenarios)).toEqual(Array.from(b.perChunk[j].scenarios));
        expect(Array.from(c.offsets)).toEqual(Array.from(b.perChunk[j].offsets));
      });
      a.final.forEach((tail, account) => {
        expect(Array.from(tail.scenarios)).toEqual(Array.from(b.final[account].scenarios));
        expect(Array.from(tail.losses)).toEqual(Array.from(b.final[account].losses));
      });
    }
  });
});
