// Per-account tail selection on the GPU, so that only k candidates per account travel back.
// One workgroup per account. Candidates are losses at or above the host's running threshold;
// if more than k remain, an exact radix select over order-preserving u32 keys (4 passes of
// 8 bits, histograms in workgroup memory) finds the k-th largest key T, then a deterministic
// compaction (each invocation owns a contiguous scenario range; offsets by prefix sums) keeps
// every loss above T and the ties at T with the lowest scenario indices: the same set as the
// CPU's (loss desc, scenario asc) order. The host sorts and merges the candidates.
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
var<workgroup> shared_prefix: u32;
var<workgroup> shared_remaining: u32;
var<workgroup> greater_offsets: array<u32, WG_SIZE>;
var<workgroup> tie_offsets: array<u32, WG_SIZE>;

// Larger loss <=> larger key, for every non-NaN f32 (negative numbers reversed).
fn order_key(x: f32) -> u32 {
  let bits = bitcast<u32>(x);
  return select(bits | 0x80000000u, ~bits, (bits & 0x80000000u) != 0u);
}

@compute @workgroup_size(256)
fn select_tails(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_index) t: u32) {
  let a = wid.x + wid.y * GRID_STRIDE;
  if (a >= run.account_count) {
    return;
  }
  let n = run.scenario_count;
  let base = a * n;
  let floor_key = order_key(thresholds[a]);
  let per = (n + WG_SIZE - 1u) / WG_SIZE;
  let begin = min(t * per, n);
  let end = min(begin + per, n);

  if (t == 0u) {
    atomicStore(&candidate_total, 0u);
  }
  workgroupBarrier();
  var mine = 0u;
  for (var s = begin; s < end; s = s + 1u) {
    if (order_key(account_loss[base + s]) >= floor_key) {
      mine = mine + 1u;
    }
  }
  atomicAdd(&candidate_total, mine);
  workgroupBarrier();
  let total = workgroupUniformLoad(&candidate_total);
  let take_all = total <= run.tail_count;

  // Radix select of the k-th largest candidate key (skipped when all candidates fit).
  var prefix = 0u;
  var mask = 0u;
  var remaining = run.tail_count;
  for (var round = 0u; round < 4u; round = round + 1u) {
    let shift = 24u - 8u * round;
    atomicStore(&histogram[t], 0u);
    workgroupBarrier();
    if (!take_all) {
      for (var s = begin; s < end; s = s + 1u) {
        let key = order_key(account_loss[base + s]);
        if (key >= floor_key && (key & mask) == prefix) {
          atomicAdd(&histogram[(key >> shift) & 255u], 1u);
        }
      }
    }
    workgroupBarrier();
    if (t == 0u && !take_all) {
      var above = 0u;
      var bin = 255u;
      loop {
        let count = atomicLoad(&histogram[bin]);
        if (above + count >= remaining || bin == 0u) {
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
  let tail_key = prefix; // the k-th largest key; `remaining` ties at it belong to the tail

  // Counts per invocation, then exclusive prefix sums (sequential: 256 adds).
  var greater = 0u;
  var ties = 0u;
  for (var s = begin; s < end; s = s + 1u) {
    let key = order_key(account_loss[base + s]);
    if (key >= floor_key) {
      if (take_all || key > tail_key) {
        greater = greater + 1u;
      } else if (key == tail_key) {
        ties = ties + 1u;
      }
    }
  }
  greater_offsets[t] = greater;
  tie_offsets[t] = ties;
  workgroupBarrier();
  if (t == 0u) {
    var g = 0u;
    var e = 0u;
    for (var j = 0u; j < WG_SIZE; j = j + 1u) {
      let gj = greater_offsets[j];
      let ej = tie_offsets[j];
      greater_offsets[j] = g;
      tie_offsets[j] = e;
      g = g + gj;
      e = e + ej;
    }
    tail_count[a] = select(run.tail_count, total, take_all);
  }
  workgroupBarrier();
  let greater_total = select(run.tail_count - remaining, total, take_all);
  var g_at = greater_offsets[t];
  var e_at = tie_offsets[t];
  let out = a * run.tail_capacity;
  for (var s = begin; s < end; s = s + 1u) {
    let loss = account_loss[base + s];
    let key = order_key(loss);
    if (key < floor_key) {
      continue;
    }
    if (take_all || key > tail_key) {
      tail_loss[out + g_at] = loss;
      tail_scenario[out + g_at] = run.scenario_start + s;
      g_at = g_at + 1u;
    } else if (key == tail_key) {
      if (e_at < remaining) {
        tail_loss[out + greater_total + e_at] = loss;
        tail_scenario[out + greater_total + e_at] = run.scenario_start + s;
      }
      e_at = e_at + 1u;
    }
  }
}
