// Monte Carlo scenario moves, one invocation per scenario of the chunk, mirroring
// src/engine/reference/scenarios.ts: moves = move_scale * (L * z) * t_scale under normal and
// Student-t; under filtered historical simulation (run.history_days > 0) z holds, for the
// historical factors, the drawn days' residuals summed and divided by sqrt(days per scenario),
// and factorMixing is the full mixing matrix (engine/historicalDraws.ts). generate_moves takes
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
  let historical = run.history_days > 0u;
  if (historical) {
    add_historical_days(key, scenario, &z);
  }
  for (var r = 0u; r < f; r = r + 1u) {
    var correlated = 0.0;
    // The Cholesky factor is lower triangular; the FHS mixing matrix is full.
    let last = select(r, f - 1u, historical);
    for (var c = 0u; c <= last; c = c + 1u) {
      correlated = correlated + factorMixing[r * f + c] * z[c];
    }
    let factor_move = moveScale[r] * correlated * scale;
    moves[r * run.pnl_stride + row] = factor_move;
    if (r % 2u == 0u) {
      spotGrowth[(r / 2u) * run.pnl_stride + row] = expm1_f32(factor_move);
    }
  }
}

// Filtered historical simulation: each historical factor's z becomes the sum of the drawn days'
// residuals (in draw order, as on the CPU), divided by sqrt(days per scenario); model factors
// keep their normals.
fn add_historical_days(key: vec2<u32>, scenario: u32, z: ptr<function, array<f32, MAX_FACTORS>>) {
  let f = run.factor_count;
  let n = run.days_per_scenario;
  for (var k = 0u; k < f; k = k + 1u) {
    if (historicalFactor[k] != 0u) {
      (*z)[k] = 0.0;
    }
  }
  var days = vec4<u32>(0u);
  for (var j = 0u; j < n; j = j + 1u) {
    if (j % 4u == 0u) {
      days = historical_day_block(key, scenario, j / 4u, run.history_days);
    }
    let row = days[j % 4u] * f;
    for (var k = 0u; k < f; k = k + 1u) {
      if (historicalFactor[k] != 0u) {
        (*z)[k] = (*z)[k] + historyTable[row + k];
      }
    }
  }
  let inverse_root_n = 1.0 / sqrt(f32(n));
  for (var k = 0u; k < f; k = k + 1u) {
    if (historicalFactor[k] != 0u) {
      (*z)[k] = (*z)[k] * inverse_root_n;
    }
  }
}
