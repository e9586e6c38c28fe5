// Account losses = -(sum over positions of quantity * instrument P&L), per scenario and account, mirroring src/engine/cpu/aggregate.ts. Hedged accounts sum large
// terms of opposite sign, so the f32 sum is compensated (Kahan-Babuska / Neumaier).
// Needs: RunParams.

@group(0) @binding(0) var<uniform> run: RunParams;
@group(0) @binding(1) var<storage, read> account_offsets: array<u32>; // accounts + 1 (CSR)
@group(0) @binding(2) var<storage, read> position_instrument: array<u32>;
@group(0) @binding(3) var<storage, read> position_quantity: array<f32>;
@group(0) @binding(4) var<storage, read> instrument_pnl: array<vec4<f32>>; // (i * pnl_stride + s) / 4
// Rows padded to pnl_stride, so that each invocation stores its four losses as one vec4; the
// padding lanes of a chunk's last quad hold junk that the reduction never reads.
@group(0) @binding(5) var<storage, read_write> account_loss: array<vec4<f32>>; // (a * pnl_stride + s) / 4

// One invocation: four consecutive scenarios (one vec4 load per position: a software
// rasteriser pays per load and per invocation), a tile of ACCOUNTS_PER_INVOCATION accounts.
const ACCOUNTS_PER_INVOCATION: u32 = 1u;
// Dispatch dimensions are capped at 65535 workgroups: tiles fold into y + z * GRID_STRIDE.
const GRID_STRIDE: u32 = 65535u;

@compute @workgroup_size(256)
fn aggregate_accounts(@builtin(global_invocation_id) gid: vec3<u32>) {
  let quad = gid.x;
  let s = 4u * quad;
  if (s >= run.scenario_count) {
    return;
  }
  let first = (gid.y + gid.z * GRID_STRIDE) * ACCOUNTS_PER_INVOCATION;
  let last = min(first + ACCOUNTS_PER_INVOCATION, run.account_count);
  let row_quads = run.pnl_stride / 4u;
  for (var a = first; a < last; a = a + 1u) {
    account_loss[a * row_quads + quad] = -account_pnl(a, quad);
  }
}

fn account_pnl(a: u32, quad: u32) -> vec4<f32> {
  let row_quads = run.pnl_stride / 4u;
  var sum = vec4<f32>(0.0);
  var compensation = vec4<f32>(0.0);
  for (var p = account_offsets[a]; p < account_offsets[a + 1u]; p = p + 1u) {
    let term = position_quantity[p] * instrument_pnl[position_instrument[p] * row_quads + quad];
    // Neumaier's step, branch-free: the four lanes may take different sides.
    let t = sum + term;
    let sum_is_larger = abs(sum) >= abs(term);
    let larger = select(term, sum, sum_is_larger);
    let smaller = select(sum, term, sum_is_larger);
    compensation = compensation + ((larger - t) + smaller);
    sum = t;
  }
  return sum + compensation;
}
