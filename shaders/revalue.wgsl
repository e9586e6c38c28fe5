// Full revaluation of every (scenario, instrument), mirroring
// src/engine/cpu/revalue.ts in f32. Everything is normalised by the instrument's base forward
// F0, so f32 keeps its digits: the forward ratio f = F'/F0, the strike ratio k = K/F0, values
// V/F0; P&L = pnl_scale * (V'/F0 - V0/F0) with pnl_scale = multiplier * F0 (USD).
// Needs: RunParams, InstrumentParams, f32math.wgsl.

@group(0) @binding(0) var<uniform> run: RunParams;
@group(0) @binding(1) var<uniform> instruments: array<InstrumentParams, 1024>; // one block (INSTRUMENTS_PER_BLOCK)
@group(0) @binding(2) var<storage, read> moves: array<f32>; // scenario-major
@group(0) @binding(3) var<storage, read_write> instrument_pnl: array<f32>; // instrument-major: i * pnl_stride + s
@group(0) @binding(4) var<storage, read> spot_growth: array<f32>; // s * underlyings + u: expm1(spot move)
@group(0) @binding(5) var<uniform> block: InstrumentBlock; // this dispatch's instruments

const PAYOFF_LINEAR: u32 = 0u;
const PAYOFF_CALL: u32 = 1u;

// Undiscounted Black value / F0 of a call or put on forward ratio f = exp(log_f), strike ratio
// k = exp(log_k); sqrt_time = sqrt(T) from the host, so no log or sqrt is taken here.
fn black_ratio(is_call: bool, f: f32, log_f: f32, k: f32, log_k: f32, vol: f32, sqrt_time: f32) -> f32 {
  let std_dev = vol * sqrt_time;
  let d1 = (log_f - log_k) / std_dev + 0.5 * std_dev;
  let d2 = d1 - std_dev;
  if (is_call) {
    return f * normal_cdf(d1) - k * normal_cdf(d2);
  }
  return k * normal_cdf(-d2) - f * normal_cdf(-d1);
}

// Each invocation revalues one scenario for a tile of INSTRUMENTS_PER_INVOCATION instruments:
// few, large workgroups, since a software rasteriser (lavapipe) pays per workgroup, while a real
// GPU still gets (scenarios / 256) x (instruments / tile) workgroups.
const INSTRUMENTS_PER_INVOCATION: u32 = 16u;

@compute @workgroup_size(256)
fn revalue_instruments(@builtin(global_invocation_id) gid: vec3<u32>) {
  let s = gid.x;
  if (s >= run.scenario_count) {
    return;
  }
  let first = gid.y * INSTRUMENTS_PER_INVOCATION;
  let last = min(first + INSTRUMENTS_PER_INVOCATION, block.count);
  for (var i = first; i < last; i = i + 1u) {
    instrument_pnl[(block.base + i) * run.pnl_stride + s] = revalue_one(instruments[i], s);
  }
}

fn revalue_one(inst: InstrumentParams, s: u32) -> f32 {
  let f_count = run.factor_count;
  let spot_move = moves[s * f_count + 2u * inst.underlying];
  let vol_move = moves[s * f_count + 2u * inst.underlying + 1u];
  // Forward ratio F'/F0 = (1 + g)(1 + c): g = expm1(spot move), once per scenario and
  // underlying in scenarios.wgsl; c = expm1(change of the carry term), per instrument on the
  // host. Linear instruments take no transcendental at all, options one exp fewer.
  let g = spot_growth[s * (f_count / 2u) + inst.underlying];
  let log_ratio = spot_move + inst.carry_shift;
  var value_change: f32;
  if (inst.payoff == PAYOFF_LINEAR) {
    value_change = g + (1.0 + g) * inst.carry_growth;
  } else {
    let f = (1.0 + g) * (1.0 + inst.carry_growth);
    let is_call = inst.payoff == PAYOFF_CALL;
    var value: f32;
    if (inst.time_left <= 0.0) {
      value = max(select(inst.strike_ratio - f, f - inst.strike_ratio, is_call), 0.0);
    } else {
      let vol = inst.vol * exp(vol_move * inst.vol_weight);
      value = inst.discount * black_ratio(is_call, f, log_ratio, inst.strike_ratio, inst.log_strike_ratio, vol, inst.sqrt_time_left);
    }
    value_change = value - inst.base_ratio;
  }
  return inst.pnl_scale * value_change;
}
