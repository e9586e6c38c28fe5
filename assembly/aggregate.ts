// AssemblyScript (not TypeScript): the CPU backend's account aggregation in WebAssembly SIMD,
// compiled by scripts/embed-wasm.mjs into src/engine/reference/aggregateWasmModule.ts.
//
// The same sums as aggregateAccounts (src/engine/reference/aggregate.ts), bit for bit: per
// scenario the account's sum starts at +0 and adds quantity × instrument P&L for each position
// in CSR order, a multiply then an add (f64x2.mul and f64x2.add are IEEE-exact per lane; no
// fused multiply-add), two scenarios per vector. The host (aggregateWasm.ts) owns the memory
// layout: every argument below is a byte address in this module's memory or a count.

/**
 * One block of scenarios [from, from + width) of every account: out[a·count + s] =
 * Σ_p quantity[p] · pnl[instrument[p]·count + s] over the account's positions p (offsets: CSR,
 * u32 × (accounts + 1); instruments: u32; quantities: f64; pnl: f64 instrument-major;
 * out: f64 account-major). Four positions per pass over the block, as in the JS version.
 */
export function aggregateBlock(
  accounts: u32,
  count: u32,
  from: u32,
  width: u32,
  offsets: usize,
  instruments: usize,
  quantities: usize,
  pnl: usize,
  out: usize,
): void {
  const stride = <usize>count << 3;
  const first = <usize>from << 3;
  const bytes = <usize>width << 3;
  // Scenarios in pairs up to `pairs` (bytes), then one more when the width is odd.
  const pairs = bytes & ~(<usize>15);
  const odd = (width & 1) != 0;
  for (let a: u32 = 0; a < accounts; a++) {
    const row = out + <usize>a * stride + first;
    let p = load<u32>(offsets + (<usize>a << 2));
    const end = load<u32>(offsets + (<usize>(a + 1) << 2));
    memory.fill(row, 0, bytes);
    for (; p + 4 <= end; p += 4) {
      const q0 = load<f64>(quantities + (<usize>p << 3));
      const q1 = load<f64>(quantities + (<usize>p << 3), 8);
      const q2 = load<f64>(quantities + (<usize>p << 3), 16);
      const q3 = load<f64>(quantities + (<usize>p << 3), 24);
      const c0 = pnl + <usize>load<u32>(instruments + (<usize>p << 2)) * stride + first;
      const c1 = pnl + <usize>load<u32>(instruments + (<usize>p << 2), 4) * stride + first;
      const c2 = pnl + <usize>load<u32>(instruments + (<usize>p << 2), 8) * stride + first;
      const c3 = pnl + <usize>load<u32>(instruments + (<usize>p << 2), 12) * stride + first;
      const v0 = f64x2.splat(q0);
      const v1 = f64x2.splat(q1);
      const v2 = f64x2.splat(q2);
      const v3 = f64x2.splat(q3);
      let s: usize = 0;
      for (; s < pairs; s += 16) {
        let sum = v128.load(row + s);
        sum = f64x2.add(sum, f64x2.mul(v0, v128.load(c0 + s)));
        sum = f64x2.add(sum, f64x2.mul(v1, v128.load(c1 + s)));
        sum = f64x2.add(sum, f64x2.mul(v2, v128.load(c2 + s)));
        sum = f64x2.add(sum, f64x2.mul(v3, v128.load(c3 + s)));
        v128.store(row + s, sum);
      }
      if (odd) {
        let sum = load<f64>(row + s);
        sum += q0 * load<f64>(c0 + s);
        sum += q1 * load<f64>(c1 + s);
        sum += q2 * load<f64>(c2 + s);
        sum += q3 * load<f64>(c3 + s);
        store<f64>(row + s, sum);
      }
    }
    for (; p < end; p++) {
      const q = load<f64>(quantities + (<usize>p << 3));
      const c = pnl + <usize>load<u32>(instruments + (<usize>p << 2)) * stride + first;
      const v = f64x2.splat(q);
      let s: usize = 0;
      for (; s < pairs; s += 16) {
        v128.store(row + s, f64x2.add(v128.load(row + s), f64x2.mul(v, v128.load(c + s))));
      }
      if (odd) store<f64>(row + s, load<f64>(row + s) + q * load<f64>(c + s));
    }
  }
}

/**
 * The candidates of one account's row for its tail (the scan of selectWorstOfRow's quickselect
 * path, src/engine/tail.ts): for s < count in order, where loss = −row[s] ≥ threshold, stores
 * the loss (f64) at `losses` and the scenario start + s (u32) at `scenarios`; returns how many.
 * The test is row[s] ≤ −threshold (negation is exact, so the same set; NaN never qualifies).
 * Eight scenarios per step, compared two by two; only a step with a candidate looks closer.
 */
export function selectCandidates(row: usize, count: u32, start: u32, threshold: f64, losses: usize, scenarios: usize): u32 {
  const bound = -threshold;
  const b = f64x2.splat(bound);
  let kept: u32 = 0;
  let s: u32 = 0;
  const steps = count & ~(<u32>7);
  for (; s < steps; s += 8) {
    const at = row + (<usize>s << 3);
    const m = v128.or(
      v128.or(f64x2.le(v128.load(at), b), f64x2.le(v128.load(at, 16), b)),
      v128.or(f64x2.le(v128.load(at, 32), b), f64x2.le(v128.load(at, 48), b)),
    );
    if (v128.any_true(m)) {
      for (let j: u32 = 0; j < 8; j++) {
        const value = load<f64>(at + (<usize>j << 3));
        if (value <= bound) {
          store<f64>(losses + (<usize>kept << 3), -value);
          store<u32>(scenarios + (<usize>kept << 2), start + s + j);
          kept++;
        }
      }
    }
  }
  for (; s < count; s++) {
    const value = load<f64>(row + (<usize>s << 3));
    if (value <= bound) {
      store<f64>(losses + (<usize>kept << 3), -value);
      store<u32>(scenarios + (<usize>kept << 2), start + s);
      kept++;
    }
  }
  return kept;
}
