import { d, writeToArrayBuffer } from 'typegpu';

/**
 * The GPU buffer layouts of the engine, declared once as typegpu schemas: the WGSL struct text
 * of every kernel is resolved from them (kernel.ts), and the host packs with the same schemas
 * (`writeToArrayBuffer`). No byte offset is counted by hand.
 *
 * typegpu lays structs out by WGSL's alignment rules but does not add what the uniform address
 * space requires on top (array strides and struct members of struct type at multiples of 16
 * bytes), so the structs read from uniform buffers carry it explicitly: `d.size` on their last
 * member pads them to a multiple of 16 (test/engine/shaderSources.test.ts checks each).
 */

/** Per-dispatch settings (a uniform buffer). */
export const RunParams = d
  .struct({
    scenario_start: d.u32,
    scenario_count: d.u32, // scenarios in this chunk
    pnl_stride: d.u32, // row length of the instrument P&L block: scenario_count rounded up to 4
    factor_count: d.u32,
    instrument_count: d.u32,
    account_count: d.u32,
    seed_lo: d.u32,
    seed_hi: d.u32,
    dof: d.f32, // 0: normal; else Student-t degrees of freedom
    tail_count: d.u32, // k
    tail_capacity: d.u32, // slots per account in the tail output: min(k, scenario_count)
    history_days: d.u32, // filtered historical simulation: rows of the residual table (0: none)
    days_per_scenario: d.u32, // days each scenario draws and adds up
  })
  .$name('RunParams');
export type RunParams = d.Infer<typeof RunParams>;

/**
 * Revaluation tiles (see revaluationTiles.ts and revalue.wgsl). Options that share an
 * underlying and an expiry share everything that depends on the scenario but not on the strike
 * (the log forward, the vol multiplier, discount), so those are computed once per tile: the
 * header. Linear instruments of an underlying share a tile whatever their expiry.
 * Values are normalised by the base forward F0: carry_shift = (r − q)·(max(c − h, 0) − c), the
 * log change of F/S over the horizon; discount = e^{−r·(T − h)} (f64 on the host).
 */
export const TileHeader = d
  .struct({
    underlying: d.u32,
    slot_count: d.u32,
    carry_shift: d.f32, // options only (a linear tile holds several expiries)
    time_left: d.f32, // T − h, years (≤ 0: expired within the horizon)
    vol_weight: d.f32, // term weight of the vol move
    // @size(12): the header takes 32 bytes, so that the slots after it in `Tile` start at a
    // multiple of 16, as the uniform address space wants of an array member (typegpu's layout,
    // like Dawn's relaxed uniform layout, would otherwise put them at 24).
    discount: d.size(12, d.f32),
  })
  .$name('TileHeader');
export type TileHeader = d.Infer<typeof TileHeader>;

/** One instrument of a tile; base_ratio = V0 / F0 (f64 on the host). */
export const TileSlot = d
  .struct({
    payoff: d.u32, // PayoffCode (src/engine/payoff.ts); revalue.ts passes the codes to WGSL
    row: d.u32, // the instrument's index: its row of the instrument P&L block
    pnl_scale: d.f32, // multiplier · F0, USD per unit of value ratio
    carry_growth: d.f32, // expm1(carry_shift), from f64 on the host
    strike_ratio: d.f32, // K / F0
    log_strike_ratio: d.f32, // ln(K / F0), so the kernel takes no log
    total_vol: d.f32, // σ·√(T − h) at the base vol
    inverse_total_vol: d.f32, // 1 / (σ·√(T − h)), so the kernel divides once per tile
    // @size(16): 48 bytes a slot, a multiple of 16, the stride of an array in a uniform buffer.
    base_ratio: d.size(16, d.f32),
  })
  .$name('TileSlot');
export type TileSlot = d.Infer<typeof TileSlot>;

/**
 * Instruments per tile. A tile is one uniform binding: a software rasteriser (lavapipe) loads
 * uniforms at constant offsets once per SIMD group, and one dispatch revalues the whole tile
 * for four scenarios per invocation (revalue.ts generates one call per slot from this).
 */
export const SLOTS_PER_TILE = 16;

/** One bound tile: `struct Tile { header: TileHeader, slots: array<TileSlot, 16> }`. */
export const Tile = d.struct({ header: TileHeader, slots: d.arrayOf(TileSlot, SLOTS_PER_TILE) }).$name('Tile');

/** Bytes of one bound tile (its binding size). */
export const TILE_BYTES = d.sizeOf(Tile);

/**
 * Bytes between tiles in the tile buffer: a tile rounded up to 256, the largest
 * minUniformBufferOffsetAlignment WebGPU allows, so every tile can be bound at its offset.
 */
export const TILE_STRIDE_BYTES = Math.ceil(TILE_BYTES / 256) * 256;

/** A uniform buffer's size for a struct: its size rounded up to 16 bytes. */
export function uniformBufferSize(schema: d.AnyWgslData): number {
  return Math.ceil(d.sizeOf(schema) / 16) * 16;
}

/** RunParams packed for its uniform buffer. */
export function packRunParams(params: RunParams): ArrayBuffer {
  const bytes = new ArrayBuffer(uniformBufferSize(RunParams));
  writeToArrayBuffer(bytes, RunParams, params);
  return bytes;
}

/** Rows of the scenario-major blocks (moves, instrument P&L, account losses) are padded to whole vec4s. */
export function pnlStride(scenarioCount: number): number {
  return Math.ceil(scenarioCount / 4) * 4;
}
