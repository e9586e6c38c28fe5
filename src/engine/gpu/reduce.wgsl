// Per-account tail selection on the GPU, so that only k candidates per account travel back.
// One workgroup per account; invocations stride over the chunk's scenarios (consecutive
// invocations read consecutive losses). Candidates are losses at or above the host's running
// threshold. If at most k remain, all are kept (two passes). Otherwise an exact radix select
// over order-preserving u32 keys (10-bit digits, histograms in workgroup memory; the first
// histogram is built while counting) finds the k-th largest key T and how many of the keys
// equal to T belong to the tail; every loss above T is kept, and the ties at T with the lowest
// scenario indices (a sequential scan, needed only when the ties overflow the tail). That is
// the CPU's (loss desc, scenario asc) order; slots are claimed atomically, so the output order
// varies but the set does not, and the host sorts and merges the candidates.
// Every pass over the chunk reads each loss once per account (a storage access per lane on a
// CPU rasteriser), so after the first digit the keys of its bin, when they fit, move to a list
// in workgroup memory: the keys above the bin are kept in the same pass, and the remaining
// digits and the final selection run on the list. Three passes over the chunk instead of five.
// Bindings, constants (WORKGROUP_SIZE, GRID_STRIDE, the digit geometry DIGIT_BITS, BINS and
// ROUNDS, LIST_CAPACITY) and the modules used: reduce.ts. LIST_CAPACITY keys of the first
// digit's bin fit in workgroup memory (8 bytes each, beside the bins); reduce.ts sets it from
// the device's workgroup storage.

var<workgroup> histogram: array<atomic<u32>, BINS>;
var<workgroup> list_key: array<u32, LIST_CAPACITY>;
var<workgroup> list_scenario: array<u32, LIST_CAPACITY>;
var<workgroup> list_length: atomic<u32>;
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

// The loss's key back as the loss (the inverse of order_key, -0 aside).
fn key_loss(key: u32) -> f32 {
  return bitcast<f32>(select(~key, key & 0x7fffffffu, (key & 0x80000000u) != 0u));
}

fn keep(out: u32, slot: u32, key: u32, s: u32) {
  tailLoss[out + slot] = key_loss(key);
  tailScenario[out + slot] = run.scenario_start + s;
}

// Round r of the radix select looks at bits [shift, shift + DIGIT_BITS), from the top; the
// last round (ROUNDS = ceil(32 / DIGIT_BITS)) looks at the lowest DIGIT_BITS bits, which
// may overlap bits already fixed: that only repeats them.
fn digit_shift(round: u32) -> u32 {
  return select(0u, 32u - DIGIT_BITS * (round + 1u), round + 1u < ROUNDS);
}

// The keys the radix select is working on: the account's chunk, or the list.
struct Source {
  in_list: bool,
  base: u32, // of the account's row of losses
  count: u32,
}

fn source_key(source: Source, i: u32) -> u32 {
  if (source.in_list) {
    return list_key[i];
  }
  return order_key(accountLoss[source.base + i]);
}

fn source_scenario(source: Source, i: u32) -> u32 {
  if (source.in_list) {
    return list_scenario[i];
  }
  return i;
}

fn clear_histogram(t: u32) {
  for (var bin = t; bin < BINS; bin = bin + WORKGROUP_SIZE) {
    atomicStore(&histogram[bin], 0u);
  }
}

// Thread 0: the bin holding the remaining-th largest key of the histogram; the new prefix,
// what remains to take below it, and the bin's count.
fn choose_bin(t: u32, prefix: u32, remaining: u32, shift: u32) {
  if (t == 0u) {
    var above = 0u;
    var bin = BINS - 1u;
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
}

@compute @workgroup_size(WORKGROUP_SIZE)
fn select_tails(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_index) t: u32) {
  let a = wid.x + wid.y * GRID_STRIDE;
  if (a >= run.account_count) {
    return;
  }
  let n = run.scenario_count;
  let base = a * run.pnl_stride;
  let out = a * run.tail_capacity;
  let floor_key = order_key(thresholds[a]);
  let chunk = Source(false, base, n);

  clear_histogram(t);
  if (t == 0u) {
    atomicStore(&candidate_total, 0u);
    atomicStore(&next_slot, 0u);
    atomicStore(&list_length, 0u);
  }
  workgroupBarrier();
  // Pass 1: count the candidates and histogram their first digit.
  let first_shift = digit_shift(0u);
  var mine = 0u;
  for (var s = t; s < n; s = s + WORKGROUP_SIZE) {
    let key = order_key(accountLoss[base + s]);
    if (key >= floor_key) {
      mine = mine + 1u;
      atomicAdd(&histogram[key >> first_shift], 1u);
    }
  }
  atomicAdd(&candidate_total, mine);
  workgroupBarrier();
  let total = workgroupUniformLoad(&candidate_total);

  if (total <= run.tail_count) {
    // Every candidate belongs to the tail.
    for (var s = t; s < n; s = s + WORKGROUP_SIZE) {
      let key = order_key(accountLoss[base + s]);
      if (key >= floor_key) {
        keep(out, atomicAdd(&next_slot, 1u), key, s);
      }
    }
    if (t == 0u) {
      tailCount[a] = total;
    }
    return;
  }

  // Radix select: after each round, prefix holds the fixed high bits of the k-th largest key
  // and remaining how many keys with that prefix belong to the tail.
  choose_bin(t, 0u, run.tail_count, first_shift);
  var prefix = workgroupUniformLoad(&shared_prefix);
  var remaining = workgroupUniformLoad(&shared_remaining);
  var mask = 0xffffffffu << first_shift;
  let bin_count = workgroupUniformLoad(&shared_ties);

  // Pass 2, when the first digit's bin fits the list: keep the keys above it, list its keys.
  var source = chunk;
  if (bin_count <= LIST_CAPACITY) {
    for (var s = t; s < n; s = s + WORKGROUP_SIZE) {
      let key = order_key(accountLoss[base + s]);
      if (key >= floor_key) {
        if ((key & mask) > prefix) {
          keep(out, atomicAdd(&next_slot, 1u), key, s);
        } else if ((key & mask) == prefix) {
          let at = atomicAdd(&list_length, 1u);
          list_key[at] = key;
          list_scenario[at] = s;
        }
      }
    }
    workgroupBarrier();
    source = Source(true, base, workgroupUniformLoad(&list_length));
  }

  for (var round = 1u; round < ROUNDS; round = round + 1u) {
    let shift = digit_shift(round);
    clear_histogram(t);
    workgroupBarrier();
    for (var i = t; i < source.count; i = i + WORKGROUP_SIZE) {
      let key = source_key(source, i);
      if (key >= floor_key && (key & mask) == prefix) {
        atomicAdd(&histogram[(key >> shift) & (BINS - 1u)], 1u);
      }
    }
    workgroupBarrier();
    choose_bin(t, prefix, remaining, shift);
    prefix = workgroupUniformLoad(&shared_prefix);
    remaining = workgroupUniformLoad(&shared_remaining);
    mask = 0xffffffffu << shift;
  }
  let tail_key = prefix; // the k-th largest key
  let ties = workgroupUniformLoad(&shared_ties); // keys equal to it (the last bin's count)

  // Every key above the k-th largest is in the tail (in list mode those above the list's bin
  // are kept already); so are all its ties when they fit.
  for (var i = t; i < source.count; i = i + WORKGROUP_SIZE) {
    let key = source_key(source, i);
    if (key >= floor_key && (key > tail_key || (key == tail_key && ties <= remaining))) {
      keep(out, atomicAdd(&next_slot, 1u), key, source_scenario(source, i));
    }
  }
  workgroupBarrier();
  if (t == 0u) {
    if (ties > remaining) {
      // Ties overflow the tail: the lowest scenario indices first, in order.
      var slot = atomicLoad(&next_slot);
      var taken = 0u;
      for (var s = 0u; s < n && taken < remaining; s = s + 1u) {
        let key = order_key(accountLoss[base + s]);
        if (key == tail_key) {
          keep(out, slot, key, s);
          slot = slot + 1u;
          taken = taken + 1u;
        }
      }
    }
    tailCount[a] = run.tail_count;
  }
}
