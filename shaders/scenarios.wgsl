// Monte Carlo scenario moves, one invocation per scenario of the chunk, mirroring
// src/engine/cpu/scenarios.ts: moves = move_scale * (L * z) * t_scale. generate_moves takes
// the chunk's consecutive scenarios; generate_listed_moves takes scenario indices from a list
// (the tail scenarios to attribute), each regenerated from its own Philox counter.
// Needs: RunParams, philox.wgsl, normals.wgsl, f32math.wgsl.

const MAX_FACTORS: u32 = 128u;

@group(0) @binding(0) var<uniform> run: RunParams;
@group(0) @binding(1) var<storage, read> cholesky_lower: array<f32>; // factor_count², row-major
@group(0) @binding(2) var<storage, read> move_scale: array<f32>; // factor_count
// Factor-major, rows padded to pnl_stride, so that revaluation reads four scenarios as a vec4.
@group(0) @binding(3) var<storage, read_write> moves: array<f32>; // f * pnl_stride + row
@group(0) @binding(4) var<storage, read_write> spot_growth: array<f32>; // u * pnl_stride + row: expm1(spot move)

@group(0) @binding(5) var<storage, read> scenario_list: array<u32>; // generate_listed_moves only

@compute @workgroup_size(64)
fn generate_moves(@builtin(global_invocation_id) gid: vec3<u32>) {
  let row = gid.x;
  if (row < run.scenario_count) {
    write_moves(run.scenario_start + row, row);
  }
}

@compute @workgroup_size(64)
fn generate_listed_moves(@builtin(global_invocation_id) gid: vec3<u32>) {
  let row = gid.x;
  if (row < run.scenario_count) {
    write_moves(scenario_list[row], row);
  }
}

// The moves of one scenario into row `row` of the factor-major moves and spot growth.
fn write_moves(scenario: u32, row: u32) {
  let key = vec2<u32>(run.seed_lo, run.seed_hi);
  let f = run.factor_count;
  var z: array<f32, MAX_FACTORS>;
  for (var block = 0u; block * 4u < f; block = block + 1u) {
    let normals = scenario_normal_block(key, scenario, block);
    for (var j = 0u; j < 4u; j = j + 1u) {
      if (block * 4u + j < f) {
        z[block * 4u + j] = normals[j];
      }
    }
  }
  var scale = 1.0;
  if (run.dof > 0.0) {
    scale = student_t_scale(key, scenario, run.dof);
  }
  for (var r = 0u; r < f; r = r + 1u) {
    var correlated = 0.0;
    for (var c = 0u; c <= r; c = c + 1u) {
      correlated = correlated + cholesky_lower[r * f + c] * z[c];
    }
    let factor_move = move_scale[r] * correlated * scale;
    moves[r * run.pnl_stride + row] = factor_move;
    if (r % 2u == 0u) {
      spot_growth[(r / 2u) * run.pnl_stride + row] = expm1_f32(factor_move);
    }
  }
}
