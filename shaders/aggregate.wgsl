// Account losses = -(sum over positions of quantity * instrument P&L), per scenario and account,
// mirroring src/engine/cpu/aggregate.ts. Hedged accounts sum large terms of opposite sign, so
// the f32 sums are compensated (Kahan-Babuska / Neumaier).
// Needs: RunParams.

@group(0) @binding(0) var<uniform> run: RunParams;
@group(0) @binding(1) var<storage, read> account_offsets: array<u32>; // accounts + 1 (CSR)
@group(0) @binding(2) var<storage, read> position_instrument: array<u32>;
@group(0) @binding(3) var<storage, read> position_quantity: array<f32>;
@group(0) @binding(4) var<storage, read> instrument_pnl: array<vec4<f32>>; // (i * pnl_stride + s) / 4
// Rows padded to pnl_stride, so that each quad of losses is stored as one vec4; the padding
// lanes of a chunk's last quad hold junk that the reduction never reads.
@group(0) @binding(5) var<storage, read_write> account_loss: array<vec4<f32>>; // (a * pnl_stride + s) / 4

// One invocation: one account, two quads of consecutive scenarios (a vec4 load per position
// and quad). A software rasteriser pays per invocation and per load of the position's data, so
// two quads per invocation halve those costs: measured ~0.75x the time of one quad, and four
// quads gained nothing more (lavapipe).
const QUADS_PER_INVOCATION: u32 = 2u;
// Dispatch dimensions are capped at 65535 workgroups: accounts fold into y + z * GRID_STRIDE.
const GRID_STRIDE: u32 = 65535u;

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

@compute @workgroup_size(256)
fn aggregate_accounts(@builtin(global_invocation_id) gid: vec3<u32>) {
  let row_quads = run.pnl_stride / 4u;
  let first = QUADS_PER_INVOCATION * gid.x;
  if (first >= row_quads) {
    return;
  }
  // A row of an odd number of quads: the last invocation sums its last quad twice (and
  // stores the same value twice) rather than branch per position.
  let second = min(first + 1u, row_quads - 1u);
  let a = gid.y + gid.z * GRID_STRIDE;
  var pnl0 = Compensated(vec4<f32>(0.0), vec4<f32>(0.0));
  var pnl1 = Compensated(vec4<f32>(0.0), vec4<f32>(0.0));
  for (var p = account_offsets[a]; p < account_offsets[a + 1u]; p = p + 1u) {
    let quantity = position_quantity[p];
    let row = position_instrument[p] * row_quads;
    add_compensated(&pnl0, quantity * instrument_pnl[row + first]);
    add_compensated(&pnl1, quantity * instrument_pnl[row + second]);
  }
  account_loss[a * row_quads + first] = -(pnl0.sum + pnl0.compensation);
  account_loss[a * row_quads + second] = -(pnl1.sum + pnl1.compensation);
}
