import { d } from 'typegpu';
import { describe, expect, it } from 'vitest';
import { SLOTS_PER_TILE, TILE_STRIDE_BYTES, TileHeader, TileSlot } from '../../src/engine/gpu/layouts.js';
import { packTiles, revaluationTiles } from '../../src/engine/gpu/revaluationTiles.js';
import { PayoffCode } from '../../src/engine/reference/payoff.js';
import { prepareRisk } from '../../src/engine/risk.js';
import { generateVenue } from '../../src/sample/generate.js';
import { sampleBook, sampleMarket, sampleParams } from '../../src/sample/sampleVenue.js';

describe('revaluation tiles (GPU work units)', () => {
  const plan = prepareRisk(generateVenue({ accounts: 50, instruments: 400, seed: 3 }), { scenarios: 100 });
  const tiles = revaluationTiles(plan);

  it('hold every instrument exactly once, at most SLOTS_PER_TILE per tile', () => {
    const rows = tiles.flatMap((t) => t.slots.map((s) => s.row)).sort((a, b) => a - b);
    expect(rows).toEqual(Array.from(plan.instrumentIds, (_, i) => i));
    for (const tile of tiles) {
      expect(tile.slots.length).toBeGreaterThan(0);
      expect(tile.slots.length).toBeLessThanOrEqual(SLOTS_PER_TILE);
      expect(tile.header.slot_count).toBe(tile.slots.length);
    }
  });

  it('share one underlying per tile, and one expiry per option tile', () => {
    for (const tile of tiles) {
      const rows = tile.slots.map((s) => s.row);
      expect(new Set(rows.map((i) => plan.underlyingIndex[i]))).toEqual(new Set([tile.header.underlying]));
      const linear = rows.map((i) => plan.payoff[i] === PayoffCode.linear);
      expect(new Set(linear).size).toBe(1);
      if (!linear[0]) {
        for (const i of rows) {
          expect(Math.fround(plan.expiryYears[i] - plan.horizonYears)).toBe(Math.fround(tile.header.time_left));
          expect(Math.fround(plan.volTermWeight[i])).toBe(Math.fround(tile.header.vol_weight));
        }
      }
    }
    // A book with many option expiries per underlying needs more tiles than underlyings.
    expect(tiles.length).toBeGreaterThan(plan.underlyings.length);
  });

  it('carry their f64-derived ratios: the slot reproduces the instrument', () => {
    const h = plan.horizonYears;
    for (const tile of tiles) {
      for (const slot of tile.slots) {
        const i = slot.row;
        const u = plan.underlyingIndex[i];
        const f0 = plan.spot[u] * Math.exp((plan.rate - plan.carry[u]) * plan.carryYears[i]);
        expect(slot.pnl_scale).toBeCloseTo(plan.multiplier[i] * f0, 6);
        expect(slot.base_ratio * f0).toBeCloseTo(plan.basePrice[i], 6);
        if (plan.payoff[i] !== PayoffCode.linear && plan.expiryYears[i] > h) {
          expect(slot.strike_ratio * f0).toBeCloseTo(plan.strike[i], 6);
          expect(slot.total_vol * slot.inverse_total_vol).toBeCloseTo(1, 12);
          expect(slot.total_vol).toBeCloseTo(plan.impliedVol[i] * Math.sqrt(plan.expiryYears[i] - h), 12);
        }
      }
    }
  });

  it('split an expiry with more strikes than a tile holds (the sample venue has such)', () => {
    const sample = prepareRisk({ market: sampleMarket(), book: sampleBook(), params: sampleParams() }, { scenarios: 100 });
    const sampleTiles = revaluationTiles(sample);
    const full = sampleTiles.filter((t) => t.slots.length === SLOTS_PER_TILE);
    expect(full.length).toBeGreaterThan(0);
    const sameExpiry = (a: (typeof sampleTiles)[number], b: (typeof sampleTiles)[number]) =>
      a !== b && a.header.underlying === b.header.underlying && a.header.time_left === b.header.time_left && a.header.carry_shift === b.header.carry_shift;
    expect(full.some((t) => sampleTiles.some((other) => sameExpiry(t, other)))).toBe(true);
  });

  it('pack at TILE_STRIDE_BYTES, header then slots, by the typegpu schemas (padding and unused slots zero)', () => {
    const packed = packTiles(tiles);
    expect(packed.byteLength).toBe(tiles.length * TILE_STRIDE_BYTES);
    const words = new Uint32Array(packed);
    const floats = new Float32Array(packed);
    const headerWords = d.sizeOf(TileHeader) / 4;
    const slotWords = d.sizeOf(TileSlot) / 4;
    expect([headerWords, slotWords]).toEqual([8, 12]);
    const last = tiles.length - 1;
    const base = (last * TILE_STRIDE_BYTES) / 4;
    const tile = tiles[last];
    expect(words[base]).toBe(tile.header.underlying);
    expect(words[base + 1]).toBe(tile.slots.length);
    expect(floats[base + 5]).toBe(Math.fround(tile.header.discount));
    expect(Array.from(words.subarray(base + 6, base + 8))).toEqual([0, 0]);
    const firstSlot = base + headerWords;
    expect(words[firstSlot]).toBe(tile.slots[0].payoff);
    expect(words[firstSlot + 1]).toBe(tile.slots[0].row);
    expect(floats[firstSlot + 8]).toBe(Math.fround(tile.slots[0].base_ratio));
    expect(Array.from(words.subarray(firstSlot + 9, firstSlot + 12))).toEqual([0, 0, 0]);
    expect(words[firstSlot + slotWords + 1]).toBe(tile.slots[1]?.row ?? 0);
    const unused = firstSlot + tile.slots.length * slotWords;
    expect(words.subarray(unused, base + TILE_STRIDE_BYTES / 4).every((w) => w === 0)).toBe(true);
  });
});
