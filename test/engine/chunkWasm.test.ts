/**
 * The CPU chunk pipeline with the WebAssembly kernels (the option revaluation, the aggregation
 * and the tail scan in the instance's memory) against the pipeline without them (the JavaScript fallback, as where
 * WebAssembly SIMD is unavailable): the same running thresholds chunk after chunk and the same
 * tails, bit for bit.
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
  const perChunk: Float64Array[] = [];
  for (const { start, count } of splitScenarios(plan.scenarioCount, chunk)) {
    simulateChunk(plan, start, count, tails);
    perChunk.push(tails.thresholds());
  }
  return { perChunk, final: tails.finish() };
}

async function simulateWithoutWasm(): Promise<Simulate> {
  vi.resetModules();
  vi.doMock('../../src/engine/reference/aggregateWasm.js', () => ({ wasmAggregation: () => null }));
  vi.doMock('../../src/engine/reference/revalueWasm.js', () => ({ wasmOptionRevaluation: () => null }));
  const { simulateChunk } = await import('../../src/engine/reference/chunk.js');
  // The pipeline just imported sees no instance: it runs the JavaScript versions.
  const { wasmAggregation } = await import('../../src/engine/reference/aggregateWasm.js');
  const { wasmOptionRevaluation } = await import('../../src/engine/reference/revalueWasm.js');
  expect(wasmAggregation()).toBeNull();
  expect(wasmOptionRevaluation()).toBeNull();
  vi.doUnmock('../../src/engine/reference/aggregateWasm.js');
  vi.doUnmock('../../src/engine/reference/revalueWasm.js');
  return simulateChunk;
}

describe('CPU chunk pipeline with and without WebAssembly', () => {
  it('gives the same running thresholds and tails, bit for bit (odd chunk sizes)', async () => {
    const { simulateChunk } = await import('../../src/engine/reference/chunk.js');
    const { wasmAggregation } = await import('../../src/engine/reference/aggregateWasm.js');
    const { wasmOptionRevaluation } = await import('../../src/engine/reference/revalueWasm.js');
    expect(wasmAggregation()).not.toBeNull();
    expect(wasmOptionRevaluation()).not.toBeNull();
    const withoutWasm = await simulateWithoutWasm();
    const venue = generateVenue({ accounts: 40, instruments: 25, seed: 3 });
    // 99%: k = 30 of 3,000; chunks shorter and longer than the tails' room (2k).
    const plan = prepareRisk(venue, { scenarios: 3000 });
    for (const chunk of [333, 997, cpuChunkSize(3000, plan.instrumentIds.length, 40, plan.factorCount, 2)]) {
      const a = run(simulateChunk, plan, chunk);
      const b = run(withoutWasm, plan, chunk);
      expect(a.perChunk.length).toBe(b.perChunk.length);
      a.perChunk.forEach((thresholds, j) => {
        expect(Buffer.from(thresholds.buffer).equals(Buffer.from(b.perChunk[j].buffer)), `chunk ${j}`).toBe(true);
      });
      a.final.forEach((tail, account) => {
        expect(Array.from(tail.scenarios)).toEqual(Array.from(b.final[account].scenarios));
        expect(Array.from(tail.losses)).toEqual(Array.from(b.final[account].losses));
      });
    }
  });
});
