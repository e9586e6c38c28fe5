// The moves of listed scenarios (the tail scenarios to attribute): row j gets scenario
// scenarioList[j], bit-identical to what generate_moves writes for that scenario (the same
// write_moves, scenarios.wgsl). Bindings: those of generate_moves and scenarioList.

@compute @workgroup_size(WORKGROUP_SIZE)
fn generate_listed_moves(@builtin(global_invocation_id) gid: vec3<u32>) {
  let row = gid.x;
  if (row < run.scenario_count) {
    write_moves(scenarioList[row], row);
  }
}
