import { defineStruct } from './structLayout.js';

/**
 * The GPU buffer layouts of the engine, declared once. The WGSL struct text is generated from
 * these and prepended to every shader module; the orchestrator packs with the same objects.
 */

/** Per-dispatch settings (a uniform buffer). */
export const RunParamsLayout = defineStruct('RunParams', [
  ['scenario_start', 'u32'],
  ['scenario_count', 'u32'], // scenarios in this chunk
  ['pnl_stride', 'u32'], // row length of the instrument P&L block: scenario_count rounded up to 4
  ['factor_count', 'u32'],
  ['instrument_count', 'u32'],
  ['account_count', 'u32'],
  ['seed_lo', 'u32'],
  ['seed_hi', 'u32'],
  ['dof', 'f32'], // 0: normal; else Student-t degrees of freedom
  ['tail_count', 'u32'], // k
  ['tail_capacity', 'u32'], // slots per account in the tail output: min(k, scenario_count)
] as const);

/**
 * Per-instrument revaluation inputs, normalised by the base forward F0 (see revalue.wgsl):
 * carry_shift = (r − q)·(max(c − h, 0) − c), the log change of F/S over the horizon;
 * discount = e^{−r·(T − h)}; base_ratio = V0 / F0 (computed in f64 on the host).
 */
export const InstrumentParamsLayout = defineStruct('InstrumentParams', [
  ['payoff', 'u32'],
  ['underlying', 'u32'],
  ['pnl_scale', 'f32'], // multiplier · F0, USD per unit of value ratio
  ['carry_shift', 'f32'],
  ['carry_growth', 'f32'], // expm1(carry_shift), from f64 on the host
  ['strike_ratio', 'f32'], // K / F0
  ['log_strike_ratio', 'f32'], // ln(K / F0), so the kernel takes no log
  ['time_left', 'f32'], // T − h, years
  ['sqrt_time_left', 'f32'], // √(T − h) (0 once expired)
  ['vol', 'f32'],
  ['vol_weight', 'f32'],
  ['discount', 'f32'],
  ['base_ratio', 'f32'],
  // Padding to 16 words: revalue.wgsl reads these from a uniform array, whose stride must be a
  // multiple of 16 bytes.
  ['pad0', 'f32'],
  ['pad1', 'f32'],
  ['pad2', 'f32'],
] as const);

/**
 * Instruments per uniform block: 1,024 × 64 bytes = 64 KiB, WebGPU's guaranteed
 * maxUniformBufferBindingSize. Uniforms, unlike storage, are loaded once per SIMD group on a
 * software rasteriser (lavapipe): measured 76 against 55 M revaluations/s.
 */
export const INSTRUMENTS_PER_BLOCK = 1024;

/** Which slice of the instruments one revaluation dispatch covers (a uniform per block). */
export const InstrumentBlockLayout = defineStruct('InstrumentBlock', [
  ['base', 'u32'],
  ['count', 'u32'],
] as const);

export type RunParams = Parameters<typeof RunParamsLayout.pack>[0][number];
export type InstrumentParams = Parameters<typeof InstrumentParamsLayout.pack>[0][number];

export const STRUCTS_WGSL = RunParamsLayout.wgsl + InstrumentParamsLayout.wgsl + InstrumentBlockLayout.wgsl;
