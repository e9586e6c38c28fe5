// Account losses = -(sum over positions of quantity * instrument P&L), per scenario and account, mirroring src/engine/cpu/aggregate.ts. Hedged accounts sum large
// terms of opposite sign, so the f32 sum is compensated (Kahan-Babuska / Neumaier).
// Needs: RunParams.

@group(0) @binding(0) var<uniform> run: RunParams;
@group(0) @binding(1) var<storage, read> account_offsets: array<u32>; // accounts + 1 (CSR)
@group(0) @binding(2) var<storage, read> position_instrument: array<u32>;
@group(0) @binding(3) var<storage, read> position_quantity: array<f32>;
@group(0) @binding(4) var<storage, read> instrument_pnl: array<f32>; // i * scenario_count + s
@group(0) @binding(5) var<storage, read_write> account_loss: array<f32>; // a * scenario_count + s

// One invocation: one scenario, a tile of ACCOUNTS_PER_INVOCATION accounts (few, large
// workgroups; see revalue.wgsl).
const ACCOUNTS_PER_INVOCATION: u32 = 8u;
// Dispatch dimensions are capped at 65535 workgroups: tiles fold into y + z * GRID_STRIDE.
const GRID_STRIDE: u32 = 65535u;

@compute @workgroup_size(256)
fn aggregate_accounts(@builtin(global_invocation_id) gid: vec3<u32>) {
  let s = gid.x;
  if (s >= run.scenario_count) {
    return;
  }
  let first = (gid.y + gid.z * GRID_STRIDE) * ACCOUNTS_PER_INVOCATION;
  let last = min(first + ACCOUNTS_PER_INVOCATION, run.account_count);
  for (var a = first; a < last; a = a + 1u) {
    account_loss[a * run.scenario_count + s] = -account_pnl(a, s);
  }
}

fn account_pnl(a: u32, s: u32) -> f32 {
  var sum = 0.0;
  var compensation = 0.0;
  for (var p = account_offsets[a]; p < account_offsets[a + 1u]; p = p + 1u) {
    let term = position_quantity[p] * instrument_pnl[position_instrument[p] * run.scenario_count + s];
    let t = sum + term;
    if (abs(sum) >= abs(term)) {
      compensation = compensation + ((sum - t) + term);
    } else {
      compensation = compensation + ((term - t) + sum);
    }
    sum = t;
  }
  return sum + compensation;
}
