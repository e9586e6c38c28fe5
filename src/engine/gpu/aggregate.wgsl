// Account losses = -(sum over positions of quantity * instrument P&L), per scenario and account,
// mirroring src/engine/cpu/aggregate.ts. Hedged accounts sum large terms of opposite sign, so
// the f32 sums are compensated (Kahan-Babuska / Neumaier).
// Bindings, constants (WORKGROUP_SIZE, GRID_STRIDE, QUADS_PER_INVOCATION) and the modules
// used: aggregate.ts. accountLoss rows are padded to pnl_stride, so that each quad of losses
// is stored as one vec4; the padding lanes of a chunk's last quad hold junk that the
// reduction never reads.

struct Compensated {
  sum: vec4<f32>,
  compensation: vec4<f32>,
}

// Neumaier's step, branch-free: the four lanes may take different sides.
fn add_compensated(acc: ptr<function, Compensated>, term: vec4<f32>) {
  let t = (*acc).sum + term;
  let sum_is_larger = abs((*acc).sum) >= abs(term);
  let larger = select(term, (*acc).sum, sum_is_larger);
  let smaller = select((*acc).sum, term, sum_is_larger);
  (*acc).compensation = (*acc).compensation + ((larger - t) + smaller);
  (*acc).sum = t;
}

// One invocation: one account, QUADS_PER_INVOCATION quads of consecutive scenarios (a vec4
// load per position and quad). A software rasteriser pays per invocation and per load of the
// position's data, so several quads per invocation share those costs.
@compute @workgroup_size(WORKGROUP_SIZE)
fn aggregate_accounts(@builtin(global_invocation_id) gid: vec3<u32>) {
  let row_quads = run.pnl_stride / 4u;
  let first = QUADS_PER_INVOCATION * gid.x;
  // Accounts fold into y + z * GRID_STRIDE (dispatch dimensions are capped at 65535).
  let a = gid.y + gid.z * GRID_STRIDE;
  if (first >= row_quads || a >= run.account_count) {
    return;
  }
  // The last invocation of a row whose quads do not divide evenly sums its last quad again
  // (and stores the same value again) rather than branch per position.
  var pnl: array<Compensated, QUADS_PER_INVOCATION>;
  for (var p = accountOffsets[a]; p < accountOffsets[a + 1u]; p = p + 1u) {
    let quantity = positionQuantity[p];
    let row = positionInstrument[p] * row_quads;
    for (var q = 0u; q < QUADS_PER_INVOCATION; q = q + 1u) {
      add_compensated(&pnl[q], quantity * instrumentPnl[row + min(first + q, row_quads - 1u)]);
    }
  }
  for (var q = 0u; q < QUADS_PER_INVOCATION; q = q + 1u) {
    accountLoss[a * row_quads + min(first + q, row_quads - 1u)] = -(pnl[q].sum + pnl[q].compensation);
  }
}
