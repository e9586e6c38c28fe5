// The scenario kernels for books with more factors than one invocation holds in registers
// (MAX_FACTORS): the same moves as scenarios.wgsl's write_moves, in the same arithmetic order, but
// each scenario's standardized shocks z live in a storage buffer (`shocks`, factor-major like the
// moves) instead of a function-scope array, so the factor count is bounded only by memory.
// Bindings, constants and the modules used: scenarios.ts.

@compute @workgroup_size(WORKGROUP_SIZE)
fn generate_moves_wide(@builtin(global_invocation_id) gid: vec3<u32>) {
  let row = gid.x;
  if (row < run.scenario_count) {
    write_moves_wide(run.scenario_start + row, row);
  }
}

@compute @workgroup_size(WORKGROUP_SIZE)
fn generate_listed_moves_wide(@builtin(global_invocation_id) gid: vec3<u32>) {
  let row = gid.x;
  if (row < run.scenario_count) {
    write_moves_wide(scenarioList[row], row);
  }
}

fn write_moves_wide(scenario: u32, row: u32) {
  let key = vec2<u32>(run.seed_lo, run.seed_hi);
  let f = run.factor_count;
  let stride = run.pnl_stride;
  for (var block = 0u; block * 4u < f; block = block + 1u) {
    let normals = scenario_normal_block(key, scenario, block);
    for (var j = 0u; j < 4u; j = j + 1u) {
      if (block * 4u + j < f) {
        shocks[(block * 4u + j) * stride + row] = normals[j];
      }
    }
  }
  var scale = 1.0;
  if (run.dof > 0.0) {
    scale = student_t_scale(key, scenario, run.dof);
  }
  let historical = run.history_days > 0u;
  if (historical) {
    add_historical_days_wide(key, scenario, row);
  }
  for (var r = 0u; r < f; r = r + 1u) {
    var correlated = 0.0;
    let last = select(r, f - 1u, historical);
    for (var c = 0u; c <= last; c = c + 1u) {
      correlated = correlated + factorMixing[r * f + c] * shocks[c * stride + row];
    }
    let factor_move = moveScale[r] * correlated * scale;
    moves[r * stride + row] = factor_move;
    if (r % 2u == 0u) {
      spotGrowth[(r / 2u) * stride + row] = expm1_f32(factor_move);
    }
  }
}

// add_historical_days (scenarios.wgsl) on the shocks buffer: the same sums in the same order.
fn add_historical_days_wide(key: vec2<u32>, scenario: u32, row: u32) {
  let f = run.factor_count;
  let n = run.days_per_scenario;
  let stride = run.pnl_stride;
  for (var k = 0u; k < f; k = k + 1u) {
    if (historicalFactor[k] != 0u) {
      shocks[k * stride + row] = 0.0;
    }
  }
  var days = vec4<u32>(0u);
  for (var j = 0u; j < n; j = j + 1u) {
    if (j % 4u == 0u) {
      days = historical_day_block(key, scenario, j / 4u, run.history_days);
    }
    let day = days[j % 4u] * f;
    for (var k = 0u; k < f; k = k + 1u) {
      if (historicalFactor[k] != 0u) {
        shocks[k * stride + row] = shocks[k * stride + row] + historyTable[day + k];
      }
    }
  }
  let inverse_root_n = 1.0 / sqrt(f32(n));
  for (var k = 0u; k < f; k = k + 1u) {
    if (historicalFactor[k] != 0u) {
      shocks[k * stride + row] = shocks[k * stride + row] * inverse_root_n;
    }
  }
}
