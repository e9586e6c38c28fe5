// Full revaluation of every (scenario, instrument), mirroring src/engine/cpu/revalue.ts in f32.
// Everything is normalised by the instrument's base forward F0, so f32 keeps its digits: the
// forward ratio f = F'/F0, the strike ratio k = K/F0, values V/F0; P&L = pnl_scale * (V'/F0 -
// V0/F0) with pnl_scale = multiplier * F0 (USD).
// One dispatch per tile (revaluationTiles.ts): instruments of one underlying and expiry. Each
// invocation takes four consecutive scenarios as a vec4, computes what the tile's instruments
// share (forward, vol multiplier and its inverse) once, then each instrument: a software
// rasteriser (lavapipe) pays per invocation and per storage access, not per vector lane.
// Bindings, constants (WORKGROUP_SIZE, the payoff codes) and the modules used: revalue.ts,
// which also generates revalue_tile_slots, one revalue_slot call per slot of a tile.

// What a tile's instruments share in four scenarios.
struct TileScenarios {
  spot_growth: vec4<f32>, // g = expm1(spot move)
  log_forward: vec4<f32>, // ln f = spot move + carry shift (options)
  vol_multiplier: vec4<f32>, // exp(vol move * term weight)
  inverse_vol_multiplier: vec4<f32>,
}

@compute @workgroup_size(WORKGROUP_SIZE)
fn revalue_instruments(@builtin(global_invocation_id) gid: vec3<u32>) {
  let quad = gid.x;
  let row_quads = run.pnl_stride / 4u;
  if (quad >= row_quads) {
    return;
  }
  let header = tile.header;
  let u = header.underlying;
  // g = expm1(spot move) comes once per scenario and underlying from scenarios.wgsl, the carry
  // growth c = expm1(carry shift) per instrument from the host: linear instruments take no
  // transcendental.
  var tile_values: TileScenarios;
  tile_values.spot_growth = spotGrowth[u * row_quads + quad];
  if (header.time_left > 0.0) {
    tile_values.log_forward = moves[2u * u * row_quads + quad] + header.carry_shift;
    tile_values.vol_multiplier = exp(moves[(2u * u + 1u) * row_quads + quad] * header.vol_weight);
    tile_values.inverse_vol_multiplier = 1.0 / tile_values.vol_multiplier;
  }
  revalue_tile_slots(quad, row_quads, tile_values);
}

fn revalue_slot(j: u32, quad: u32, row_quads: u32, tile_values: TileScenarios) {
  if (j < tile.header.slot_count) {
    let slot = tile.slots[j];
    instrumentPnl[slot.row * row_quads + quad] = slot.pnl_scale * value_change(slot, tile.header, tile_values);
  }
}

// V'/F0 - V0/F0 of one instrument in the four scenarios.
fn value_change(slot: TileSlot, header: TileHeader, tile_values: TileScenarios) -> vec4<f32> {
  let g = tile_values.spot_growth;
  if (slot.payoff == PAYOFF_LINEAR) {
    // f - 1 = g + (1 + g) c, without the cancellation of (1 + g)(1 + c) - 1.
    return g + (1.0 + g) * slot.carry_growth;
  }
  let is_call = slot.payoff == PAYOFF_CALL;
  let f = (1.0 + g) * (1.0 + slot.carry_growth); // F'/F0
  let k = slot.strike_ratio;
  if (header.time_left <= 0.0) {
    // Expired inside the horizon: intrinsic value on the shocked forward.
    return max(select(k - f, f - k, is_call), vec4<f32>(0.0)) - slot.base_ratio;
  }
  // Black-76 on the forward ratio: total vol s = sigma sqrt(T) times the tile's vol multiplier.
  let total_vol = slot.total_vol * tile_values.vol_multiplier;
  let d1 = (tile_values.log_forward - slot.log_strike_ratio) * (slot.inverse_total_vol * tile_values.inverse_vol_multiplier) + 0.5 * total_vol;
  let d2 = d1 - total_vol;
  let black = black76_4(f, k, d1, d2, is_call);
  return header.discount * black - slot.base_ratio;
}
