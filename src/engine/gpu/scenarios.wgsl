// Monte Carlo scenario moves, one invocation per scenario of the chunk, mirroring
// src/engine/cpu/scenarios.ts: moves = move_scale * (L * z) * t_scale. generate_moves takes
// the chunk's consecutive scenarios; generate_listed_moves (listedScenarios.wgsl) takes
// scenario indices from a list, each regenerated from its own Philox counter by write_moves.
// Bindings, constants (WORKGROUP_SIZE, MAX_FACTORS) and the modules used: scenarios.ts.

@compute @workgroup_size(WORKGROUP_SIZE)
fn generate_moves(@builtin(global_invocation_id) gid: vec3<u32>) {
  let row = gid.x;
  if (row < run.scenario_count) {
    write_moves(run.scenario_start + row, row);
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
      correlated = correlated + choleskyLower[r * f + c] * z[c];
    }
    let factor_move = moveScale[r] * correlated * scale;
    moves[r * run.pnl_stride + row] = factor_move;
    if (r % 2u == 0u) {
      spotGrowth[(r / 2u) * run.pnl_stride + row] = expm1_f32(factor_move);
    }
  }
}
