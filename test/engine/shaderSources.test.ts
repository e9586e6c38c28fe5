import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { kernelSource } from '../../src/engine/gpu/pipelines.js';
import { RunParamsLayout, SLOTS_PER_TILE, TILE_STRIDE_BYTES, TileHeaderLayout, TileSlotLayout } from '../../src/engine/gpu/layouts.js';

describe('embedded WGSL', () => {
  it('src/engine/gpu/shaderSources.ts matches shaders/*.wgsl', () => {
    // Exits non-zero (and the call throws) when the generated module is stale.
    expect(() => execFileSync(process.execPath, ['scripts/embed-shaders.mjs', '--check'], { stdio: 'pipe' })).not.toThrow();
  });

  it('every kernel declares the structs from the one layout definition', () => {
    const source = kernelSource('revalueInstruments');
    expect(source).toContain(RunParamsLayout.wgsl);
    expect(source).toContain(TileHeaderLayout.wgsl);
    expect(source).toContain(TileSlotLayout.wgsl);
    expect(TileSlotLayout.byteSize).toBe(4 * TileSlotLayout.fields.length);
    const packed = new Float32Array(TileSlotLayout.pack([
      { payoff: 1, row: 2, pnl_scale: 3, carry_growth: 3.5, strike_ratio: 4, log_strike_ratio: 5, total_vol: 6, inverse_total_vol: 7, base_ratio: 8, pad0: 0, pad1: 0, pad2: 0 },
    ]));
    expect(Array.from(packed.subarray(2))).toEqual([3, 3.5, 4, 5, 6, 7, 8, 0, 0, 0]);
    expect(new Uint32Array(packed.buffer, 0, 2)).toEqual(Uint32Array.of(1, 2));
    // WGSL's uniform layout: a struct member starts at a multiple of 16 bytes, array strides too.
    expect(TileHeaderLayout.byteSize % 16).toBe(0);
    expect(TileSlotLayout.byteSize % 16).toBe(0);
    expect(TILE_STRIDE_BYTES % 256).toBe(0);
    expect(TILE_STRIDE_BYTES).toBeGreaterThanOrEqual(TileHeaderLayout.byteSize + SLOTS_PER_TILE * TileSlotLayout.byteSize);
  });
});
