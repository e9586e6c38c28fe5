import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { kernelSource } from '../../src/engine/gpu/pipelines.js';
import { InstrumentParamsLayout, RunParamsLayout } from '../../src/engine/gpu/layouts.js';

describe('embedded WGSL', () => {
  it('src/engine/gpu/shaderSources.ts matches shaders/*.wgsl', () => {
    // Exits non-zero (and the call throws) when the generated module is stale.
    expect(() => execFileSync(process.execPath, ['scripts/embed-shaders.mjs', '--check'], { stdio: 'pipe' })).not.toThrow();
  });

  it('every kernel declares the structs from the one layout definition', () => {
    const source = kernelSource('revalueInstruments');
    expect(source).toContain(RunParamsLayout.wgsl);
    expect(source).toContain(InstrumentParamsLayout.wgsl);
    expect(InstrumentParamsLayout.byteSize).toBe(4 * InstrumentParamsLayout.fields.length);
    const packed = new Float32Array(InstrumentParamsLayout.pack([
      { payoff: 1, underlying: 2, pnl_scale: 3, carry_shift: 4, carry_growth: 4.5, strike_ratio: 5, log_strike_ratio: 5.5, time_left: 6, sqrt_time_left: 6.5, vol: 7, vol_weight: 8, discount: 9, base_ratio: 10, pad0: 0, pad1: 0, pad2: 0 },
    ]));
    expect(Array.from(packed.subarray(2))).toEqual([3, 4, 4.5, 5, 5.5, 6, 6.5, 7, 8, 9, 10, 0, 0, 0]);
    expect(InstrumentParamsLayout.byteSize % 16).toBe(0); // a uniform array's stride
    expect(new Uint32Array(packed.buffer, 0, 2)).toEqual(Uint32Array.of(1, 2));
  });
});
