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
 * Revaluation tiles (see revaluationTiles.ts and revalue.wgsl). Options that share an
 * underlying and an expiry share everything that depends on the scenario but not on the strike
 * (the log forward, the vol multiplier, discount), so those are computed once per tile: the
 * header. Linear instruments of an underlying share a tile whatever their expiry.
 * Values are normalised by the base forward F0: carry_shift = (r − q)·(max(c − h, 0) − c), the
 * log change of F/S over the horizon; discount = e^{−r·(T − h)} (f64 on the host).
 */
export const TileHeaderLayout = defineStruct('TileHeader', [
  ['underlying', 'u32'],
  ['slot_count', 'u32'],
  ['carry_shift', 'f32'], // options only (a linear tile holds several expiries)
  ['time_left', 'f32'], // T − h, years (≤ 0: expired within the horizon)
  ['vol_weight', 'f32'], // term weight of the vol move
  ['discount', 'f32'],
  // Padding to 32 bytes: the slots array that follows in `Tile` starts at a multiple of 16.
  ['pad0', 'f32'],
  ['pad1', 'f32'],
] as const);

/** One instrument of a tile; base_ratio = V0 / F0 (f64 on the host). */
export const TileSlotLayout = defineStruct('TileSlot', [
  ['payoff', 'u32'],
  ['row', 'u32'], // the instrument's index: its row of the instrument P&L block
  ['pnl_scale', 'f32'], // multiplier · F0, USD per unit of value ratio
  ['carry_growth', 'f32'], // expm1(carry_shift), from f64 on the host
  ['strike_ratio', 'f32'], // K / F0
  ['log_strike_ratio', 'f32'], // ln(K / F0), so the kernel takes no log
  ['total_vol', 'f32'], // σ·√(T − h) at the base vol
  ['inverse_total_vol', 'f32'], // 1 / (σ·√(T − h)), so the kernel divides once per tile
  ['base_ratio', 'f32'],
  // Padding to a multiple of 16 bytes, the stride of an array in a uniform buffer.
  ['pad0', 'f32'],
  ['pad1', 'f32'],
  ['pad2', 'f32'],
] as const);

/**
 * Instruments per tile. A tile is one uniform binding: a software rasteriser (lavapipe) loads
 * uniforms at constant offsets once per SIMD group, and one dispatch revalues the whole tile
 * for four scenarios per invocation.
 */
export const SLOTS_PER_TILE = 16;

/** `struct Tile { header: TileHeader, slots: array<TileSlot, 16> }`, bound one tile at a time. */
export const TILE_WGSL = `struct Tile {\n  header: TileHeader,\n  slots: array<TileSlot, ${SLOTS_PER_TILE}>,\n}\n`;

/**
 * Bytes between tiles in the tile buffer: header and slots, rounded up to 256, the largest
 * minUniformBufferOffsetAlignment WebGPU allows, so every tile can be bound at its offset.
 */
export const TILE_STRIDE_BYTES = Math.ceil((TileHeaderLayout.byteSize + SLOTS_PER_TILE * TileSlotLayout.byteSize) / 256) * 256;

export type RunParams = Parameters<typeof RunParamsLayout.pack>[0][number];
export type TileHeader = Parameters<typeof TileHeaderLayout.pack>[0][number];
export type TileSlot = Parameters<typeof TileSlotLayout.pack>[0][number];

export const STRUCTS_WGSL = RunParamsLayout.wgsl + TileHeaderLayout.wgsl + TileSlotLayout.wgsl + TILE_WGSL;
