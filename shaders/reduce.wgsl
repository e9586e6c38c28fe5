// Per-account tail selection on the GPU, so that only k candidates per account travel back.
// One workgroup per account; invocations stride over the chunk's scenarios (consecutive
// invocations read consecutive losses). Candidates are losses at or above the host's running
// threshold. If at most k remain, all are kept (two passes). Otherwise an exact radix select
// over order-preserving u32 keys (8-bit digits, histograms in workgroup memory; the first
// histogram is built while counting) finds the k-th largest key T and how many of the keys
// equal to T belong to the tail; every loss above T is kept, and the ties at T with the lowest
// scenario indices (a sequential scan, needed only when the ties overflow the tail). That is
// the CPU's (loss desc, scenario asc) order; slots are claimed atomically, so the output order
// varies but the set does not, and the host sorts and merges the candidates.
// Needs: RunParams.

const WG_SIZE: u32 = 256u;
// Dispatch dimensions are capped at 65535 workgroups: accounts fold into x + y * GRID_STRIDE.
const GRID_STRIDE: u32 = 65535u;

@group(0) @binding(0) var<uniform> run: RunParams;
@group(0) @binding(1) var<storage, read> account_loss: array<f32>; // a * scenario_count + s
@group(0) @binding(2) var<storage, read> thresholds: array<f32>; // per account
@group(0) @binding(3) var<storage, read_write> tail_loss: array<f32>; // a * tail_capacity + j
@group(0) @binding(4) var<storage, read_write> tail_scenario: array<u32>;
@group(0) @binding(5) var<storage, read_write> tail_count: array<u32>; // per account

var<workgroup> histogram: array<atomic<u32>, 256>;
var<workgroup> candidate_total: atomic<u32>;
var<workgroup> next_slot: atomic<u32>;
var<workgroup> shared_prefix: u32;
var<workgroup> shared_remaining: u32;
var<workgroup> shared_ties: u32;

// Larger loss <=> larger key, for every non-NaN f32 (negative numbers reversed). -0 is
// mapped to +0 in integer arithmetic (a compiler may fold away float tricks), so the two
// zeros tie, as they do in the CPU's comparisons.
fn order_key(x: f32) -> u32 {
  let raw = bitcast<u32>(x);
  let bits = select(raw, 0u, raw == 0x80000000u);
  return select(bits | 0x80000000u, ~bits, (bits & 0x80000000u) != 0u);
}

fn keep(out: u32, slot: u32, loss: f32, s: u32) {
  tail_loss[out + slot] = loss;
  tail_scenario[out + slot] = run.scenario_start + s;
}

@compute @workgroup_size(256)
fn select_tails(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_index) t: u32) {
  let a = wid.x + wid.y * GRID_STRIDE;
  if (a >= run.account_count) {
    return;
  }
  let n = run.scenario_count;
  let base = a * n;
  let out = a * run.tail_capacity;
  let floor_key = order_key(thresholds[a]);

  atomicStore(&histogram[t], 0u);
  if (t == 0u) {
    atomicStore(&candidate_total, 0u);
    atomicStore(&next_slot, 0u);
  }
  workgroupBarrier();
  // Pass 1: count the candidates and histogram their top 8 bits.
  var mine = 0u;
  for (var s = t; s < n; s = s + WG_SIZE) {
    let key = order_key(account_loss[base + s]);
    if (key >= floor_key) {
      mine = mine + 1u;
      atomicAdd(&histogram[key >> 24u], 1u);
    }
  }
  atomicAdd(&candidate_total, mine);
  workgroupBarrier();
  let total = workgroupUniformLoad(&candidate_total);

  if (total <= run.tail_count) {
    // Every candidate belongs to the tail.
    for (var s = t; s < n; s = s + WG_SIZE) {
      let loss = account_loss[base + s];
      if (order_key(loss) >= floor_key) {
        keep(out, atomicAdd(&next_slot, 1u), loss, s);
      }
    }
    if (t == 0u) {
      tail_count[a] = total;
    }
    return;
  }

  // Radix select: after each round, prefix holds the fixed high bits of the k-th largest key
  // and remaining how many keys with that prefix belong to the tail.
  var prefix = 0u;
  var mask = 0u;
  var remaining = run.tail_count;
  for (var round = 0u; round < 4u; round = round + 1u) {
    let shift = 24u - 8u * round;
    if (round > 0u) {
      atomicStore(&histogram[t], 0u);
      workgroupBarrier();
      for (var s = t; s < n; s = s + WG_SIZE) {
        let key = order_key(account_loss[base + s]);
        if (key >= floor_key && (key & mask) == prefix) {
          atomicAdd(&histogram[(key >> shift) & 255u], 1u);
        }
      }
      workgroupBarrier();
    }
    if (t == 0u) {
      var above = 0u;
      var bin = 255u;
      loop {
        let count = atomicLoad(&histogram[bin]);
        if (above + count >= remaining || bin == 0u) {
          shared_ties = count;
          break;
        }
        above = above + count;
        bin = bin - 1u;
      }
      shared_prefix = prefix | (bin << shift);
      shared_remaining = remaining - above;
    }
    prefix = workgroupUniformLoad(&shared_prefix);
    remaining = workgroupUniformLoad(&shared_remaining);
    mask = mask | (255u << shift);
  }
  let tail_key = prefix; // the k-th largest key
  let ties = workgroupUniformLoad(&shared_ties); // keys equal to it (the last bin's count)

  // Every key above the k-th largest is in the tail; so are all its ties when they fit.
  for (var s = t; s < n; s = s + WG_SIZE) {
    let loss = account_loss[base + s];
    let key = order_key(loss);
    if (key > tail_key || (key == tail_key && ties <= remaining)) {
      keep(out, atomicAdd(&next_slot, 1u), loss, s);
    }
  }
  workgroupBarrier();
  if (t == 0u) {
    if (ties > remaining) {
      // Ties overflow the tail: the lowest scenario indices first, in order.
      var slot = atomicLoad(&next_slot);
      var taken = 0u;
      for (var s = 0u; s < n && taken < remaining; s = s + 1u) {
        let loss = account_loss[base + s];
        if (order_key(loss) == tail_key) {
          keep(out, slot, loss, s);
          slot = slot + 1u;
          taken = taken + 1u;
        }
      }
    }
    tail_count[a] = run.tail_count;
  }
}
