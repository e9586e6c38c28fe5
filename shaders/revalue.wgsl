// Full revaluation of every (scenario, instrument), mirroring
// src/engine/cpu/revalue.ts in f32. Everything is normalised by the instrument's base forward
// F0, so f32 keeps its digits: the forward ratio f = F'/F0, the strike ratio k = K/F0, values
// V/F0; P&L = pnl_scale * (V'/F0 - V0/F0) with pnl_scale = multiplier * F0 (USD).
// Needs: RunParams, InstrumentParams.

@group(0) @binding(0) var<uniform> run: RunParams;
@group(0) @binding(1) var<storage, read> instruments: array<InstrumentParams>;
@group(0) @binding(2) var<storage, read> moves: array<f32>; // scenario-major
@group(0) @binding(3) var<storage, read_write> instrument_pnl: array<f32>; // instrument-major: i * pnl_stride + s

const PAYOFF_LINEAR: u32 = 0u;
const PAYOFF_CALL: u32 = 1u;

// erfc with fractional error < 1.2e-7 everywhere (Numerical Recipes' Chebyshev fit): f32
// precision in the tails, where 1 - erf would cancel.
fn erfc_f32(x: f32) -> f32 {
  let z = abs(x);
  let t = 1.0 / (1.0 + 0.5 * z);
  let poly = -z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 +
    t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277))))))));
  let r = t * exp(poly);
  return select(2.0 - r, r, x >= 0.0);
}

fn normal_cdf(x: f32) -> f32 {
  return 0.5 * erfc_f32(-x * 0.70710678118654752);
}

// exp(y) - 1 without the cancellation of exp(y) - 1 for small y (Kahan's trick).
fn expm1_f32(y: f32) -> f32 {
  let u = exp(y);
  if (u == 1.0) {
    return y;
  }
  let um1 = u - 1.0;
  if (um1 == -1.0) {
    return -1.0;
  }
  return um1 * y / log(u);
}

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
  let last = min(first + INSTRUMENTS_PER_INVOCATION, run.instrument_count);
  for (var i = first; i < last; i = i + 1u) {
    instrument_pnl[i * run.pnl_stride + s] = revalue_one(instruments[i], s);
  }
}

fn revalue_one(inst: InstrumentParams, s: u32) -> f32 {
  let f_count = run.factor_count;
  let spot_move = moves[s * f_count + 2u * inst.underlying];
  let vol_move = moves[s * f_count + 2u * inst.underlying + 1u];
  // Forward ratio F'/F0 = exp(spot move + change of the carry term over the horizon).
  let log_ratio = spot_move + inst.carry_shift;
  var value_change: f32;
  if (inst.payoff == PAYOFF_LINEAR) {
    value_change = expm1_f32(log_ratio);
  } else {
    let f = exp(log_ratio);
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
