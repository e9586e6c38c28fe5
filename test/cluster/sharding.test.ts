/**
 * The pieces that make sharding exact, without Redis: the plan survives its content-addressed
 * encoding bit for bit; a plan cut to an account block gives its accounts the whole plan's
 * losses and stress P&L bit for bit; shard results, pruned by any thresholds the merge could
 * publish, merge into the single run's tails for every layout; the layouts cover every
 * scenario and account exactly once.
 */
import { describe, expect, it } from 'vitest';
import { CpuEngine } from '../../src/engine/cpu/cpuEngine.js';
import { type RiskPlan, type SimulationResult, TailAccumulator } from '../../src/engine/index.js';
import { decodePlan, encodePlan } from '../../src/cluster/planCodec.js';
import { restrictPlan } from '../../src/cluster/restrictPlan.js';
import { decodeRevalueResult, decodeSimulateResult, encodeRevalueResult, encodeSimulateResult } from '../../src/cluster/results.js';
import { evenPieces, simulationLayout } from '../../src/cluster/layout.js';
import { decodeBundle, encodeBundle } from '../../src/cluster/bundle.js';
import { prepareMargin } from '../../src/margin/setup.js';
import { calibrate } from '../../src/calibration/calibrate.js';
import { syntheticHistory } from '../../src/calibration/history/index.js';
import { sampleBook, sampleMarket, sampleParams } from '../../src/sample/sampleVenue.js';
import type { RiskParamsInput } from '../../src/model/schemas.js';

const sample = { market: sampleMarket(), book: sampleBook(), params: sampleParams() };
const setup = prepareMargin(sample, { scenarios: 4_000, seed: 7 });
const plan = setup.plan;

const bitsOf = (a: ArrayBufferView) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);

/** Every field equal, typed arrays byte for byte (−0 and NaN included). */
function expectSamePlan(got: RiskPlan, expected: RiskPlan): void {
  expect(Object.keys(got).sort()).toEqual(Object.keys(expected).filter((k) => (expected as unknown as Record<string, unknown>)[k] !== undefined).sort());
  for (const [key, value] of Object.entries(expected)) {
    if (value === undefined) continue;
    const other = (got as unknown as Record<string, unknown>)[key];
    if (ArrayBuffer.isView(value)) {
      expect(other?.constructor, key).toBe(value.constructor);
      expect(bitsOf(other as ArrayBufferView).equals(bitsOf(value)), key).toBe(true);
    } else {
      expect(other, key).toStrictEqual(value);
    }
  }
}

async function roundTrip(p: RiskPlan): Promise<{ decoded: RiskPlan; blobs: number; hash: string }> {
  const encoded = encodePlan(p);
  const fetch = async (hash: string) => {
    const blob = encoded.blobs.get(hash);
    if (!blob) throw new Error(`no blob ${hash}`);
    return blob;
  };
  return { decoded: await decodePlan(encoded.manifest, fetch), blobs: encoded.blobs.size, hash: encoded.hash };
}

describe('plan codec', () => {
  it('round-trips the sample margin plan bit for bit, the same plan to the same hash', async () => {
    const { decoded, hash } = await roundTrip(plan);
    expectSamePlan(decoded, plan);
    expect(encodePlan(prepareMargin(sample, { scenarios: 4_000, seed: 7 }).plan).hash).toBe(hash);
    expect(encodePlan(prepareMargin(sample, { scenarios: 4_000, seed: 8 }).plan).hash).not.toBe(hash);
  });

  it('carries −0, NaN and ±∞ in JSON fields and typed arrays, and an FHS plan with its residual table', async () => {
    const odd: RiskPlan = { ...plan, rate: -0, confidence: plan.confidence, warnings: ['x'], moveScale: Float64Array.from([-0, NaN, Infinity, -Infinity]) };
    (odd as unknown as Record<string, unknown>).extra = { a: -0, b: NaN, c: [Infinity, -Infinity, 1e-310] };
    const { decoded } = await roundTrip(odd);
    expect(Object.is(decoded.rate, -0)).toBe(true);
    expect(bitsOf(decoded.moveScale).equals(bitsOf(odd.moveScale))).toBe(true);
    expect((decoded as unknown as { extra: unknown }).extra).toStrictEqual({ a: -0, b: NaN, c: [Infinity, -Infinity, 1e-310] });

    const { prices, impliedVols } = syntheticHistory();
    const pack = await calibrate({ prices, impliedVols, data: [], asOf: '2026-11-23', assets: ['BTC', 'ETH', 'SOL', 'USDC'], baseParams: sampleParams() as RiskParamsInput });
    const fhs = prepareMargin({ ...sample, params: pack.params }, { scenarios: 2_000 }).plan;
    expect(fhs.historical).toBeDefined();
    const fhsTrip = await roundTrip(fhs);
    expectSamePlan(fhsTrip.decoded, fhs);
  });

  it('shares every blob but moveScale between a plan and its stressed calibration', () => {
    const stressed: RiskPlan = { ...plan, moveScale: plan.moveScale.map((m) => m * 1.2) };
    const base = encodePlan(plan);
    const other = encodePlan(stressed);
    const fresh = [...other.blobs.keys()].filter((hash) => !base.blobs.has(hash));
    expect(fresh).toHaveLength(1);
    expect(other.hash).not.toBe(base.hash);
  });
});

describe('account blocks', () => {
  const engine = new CpuEngine();

  it("give each account the whole plan's tails and stress P&L, bit for bit, with only the instruments it holds", async () => {
    const whole = await engine.simulate(plan);
    const g = plan.stress.length;
    for (const [start, end] of [[0, 1], [0, 100], [100, 101], [37, 254], [253, 254]]) {
      const block = restrictPlan(plan, start, end);
      expect(block.instrumentIds.length).toBeLessThanOrEqual(plan.instrumentIds.length);
      const part = await engine.simulate(block);
      for (let a = start; a < end; a++) {
        expect(bitsOf(part.tails[a - start].losses).equals(bitsOf(whole.tails[a].losses)), `account ${a} in [${start}, ${end})`).toBe(true);
        expect([...part.tails[a - start].scenarios]).toEqual([...whole.tails[a].scenarios]);
      }
      expect(bitsOf(part.stressPnl).equals(bitsOf(whole.stressPnl.subarray(start * g, end * g)))).toBe(true);
    }
  });

  it('refuses a block outside the plan', () => {
    expect(() => restrictPlan(plan, 10, 10)).toThrow(RangeError);
    expect(() => restrictPlan(plan, 0, 255)).toThrow(/not within the plan's 254/);
  });
});

describe('shard results merge exactly', () => {
  const engine = new CpuEngine();

  /** Runs a layout as the cluster does (each shard's result encoded, pruned by the thresholds merged so far, decoded, merged). */
  async function runLayout(shards: number, accountBlock: number | undefined, order: 'forward' | 'reverse'): Promise<{ tails: SimulationResult['tails']; stress: Float64Array; pruned: number }> {
    const layout = simulationLayout({ scope: { start: 0, count: plan.scenarioCount }, accounts: plan.accountIds.length, tailCount: plan.tailCount, shards, accountBlock, slots: 0 });
    const accumulators = layout.blocks.map((b) => new TailAccumulator(b.end - b.start, plan.tailCount));
    const g = plan.stress.length;
    const stress = new Float64Array(plan.accountIds.length * g);
    let pruned = 0;
    const jobs = layout.blocks.flatMap((block, b) => layout.ranges.map((range, r) => ({ block, b, range, r })));
    if (order === 'reverse') jobs.reverse();
    for (const { block, b, range, r } of jobs) {
      const result = await engine.simulate(restrictPlan(plan, block.start, block.end), { scenarioRange: range, stressGrid: r === 0 });
      const encoded = encodeSimulateResult(result, accumulators[b].thresholds());
      pruned += encoded.pruned;
      const decoded = decodeSimulateResult(encoded.bundle);
      accumulators[b].add(decoded.candidates);
      if (r === 0) stress.set(decoded.stress!, block.start * g);
    }
    return { tails: accumulators.flatMap((a) => a.finish()), stress, pruned };
  }

  it('for any cut into scenario ranges and account blocks, in any order, pruned or not', async () => {
    const whole = await engine.simulate(plan);
    let prunedSomewhere = 0;
    for (const [shards, block, order] of [[1, undefined, 'forward'], [3, undefined, 'reverse'], [7, 50, 'forward'], [2, 254, 'reverse'], [5, 1, 'forward']] as const) {
      const { tails, stress, pruned } = await runLayout(shards, block, order);
      prunedSomewhere += pruned;
      let differing = 0;
      whole.tails.forEach((tail, a) => {
        if (!bitsOf(tails[a].losses).equals(bitsOf(tail.losses)) || tails[a].scenarios.some((s, j) => s !== tail.scenarios[j])) differing++;
      });
      expect(differing, `${shards} ranges, blocks of ${block ?? 'all'} accounts, ${order}`).toBe(0);
      expect(bitsOf(stress).equals(bitsOf(whole.stressPnl))).toBe(true);
    }
    // The thresholds did leave candidates out (the test would prove nothing otherwise).
    expect(prunedSomewhere).toBeGreaterThan(0);
  });

  it('revaluation results travel as f32 when every value is one, f64 otherwise, exactly', () => {
    const f64 = Float64Array.from([1.5, -0, 0.1, 3]);
    const f32ish = Float64Array.from([1.5, -0, Math.fround(0.1), 3]);
    for (const values of [f64, f32ish]) {
      const bundle = encodeRevalueResult(values, 2, 2);
      const { pnl } = decodeRevalueResult(bundle);
      expect(bitsOf(pnl).equals(bitsOf(values))).toBe(true);
    }
    expect(encodeRevalueResult(f32ish, 2, 2).length).toBeLessThan(encodeRevalueResult(f64, 2, 2).length);
  });

  it('a bundle refuses what is not one', () => {
    expect(() => decodeBundle(Buffer.from('hello world, not a bundle'))).toThrow(/bad magic/);
    const bundle = encodeBundle({ x: 1 }, { a: Uint32Array.from([1, 2, 3]) });
    expect(() => decodeBundle(bundle.subarray(0, bundle.length - 8))).toThrow(/past the end/);
    // Decoding from an odd offset (a Buffer slice of Redis's reply) still gives aligned arrays.
    const shifted = Buffer.concat([Buffer.from([0]), bundle]).subarray(1);
    expect([...(decodeBundle(shifted).sections.a as Uint32Array)]).toEqual([1, 2, 3]);
  });
});

describe('layouts', () => {
  it('cover every scenario and account once', () => {
    expect(evenPieces(10, 3)).toEqual([{ start: 0, count: 3 }, { start: 3, count: 3 }, { start: 6, count: 4 }]);
    expect(evenPieces(2, 5)).toEqual([{ start: 0, count: 1 }, { start: 1, count: 1 }]);
    const layout = simulationLayout({ scope: { start: 100, count: 1_000_000 }, accounts: 100_000, tailCount: 10_000, slots: 0, shards: 16 });
    expect(layout.ranges[0].start).toBe(100);
    expect(layout.ranges.reduce((s, r) => s + r.count, 0)).toBe(1_000_000);
    // 100,000 accounts × k 10,000 × 12 bytes = 11 GiB per range: cut into blocks of at most 256 MiB each.
    const perBlock = Math.max(...layout.blocks.map((b) => b.end - b.start));
    expect(perBlock * 10_000 * 12).toBeLessThanOrEqual(256 * 2 ** 20);
    expect(layout.blocks[0].start).toBe(0);
    expect(layout.blocks.at(-1)!.end).toBe(100_000);
    // Default: two ranges per live worker slot, at least 4, none shorter than 1,000 scenarios.
    expect(simulationLayout({ scope: { start: 0, count: 100_000 }, accounts: 10, tailCount: 1000, slots: 6 }).ranges).toHaveLength(12);
    expect(simulationLayout({ scope: { start: 0, count: 2_500 }, accounts: 10, tailCount: 25, slots: 6 }).ranges).toHaveLength(3);
  });
});
