// AssemblyScript (not TypeScript): the CPU backend's account aggregation in WebAssembly SIMD,
// and the tail candidates of the chunk pipeline, compiled by scripts/embed-wasm.mjs into src/engine/reference/aggregateWasmModule.ts.
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
 * With `bounds` (f64 per account, −threshold; 0: none) each account's tail candidates are
 * collected as well (collectCandidates; `kept`: u32 per account, zero before the first block;
 * `scenarios`: u32, count per account), and its row then holds them instead of its sums.
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
  bounds: usize,
  kept: usize,
  scenarios: usize,
  start: u32,
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
    if (bounds != 0) collectCandidates(out + <usize>a * stride, from, width, load<f64>(bounds + (<usize>a << 3)), kept + (<usize>a << 2), scenarios + <usize>a * (<usize>count << 2), start);
  }
}

/**
 * The tail candidates of one account's block, while its sums are in cache: for s in the block
 * in order, where loss = −sum ≥ threshold (tested as sum ≤ bound = −threshold: negation is
 * exact, so the same set; a NaN sum is passed on too, for the tails to refuse), the loss goes to the front of the account's
 * own row (accountRow[kept], kept ≤ from + s: only sums already read are overwritten) and
 * start + from + s to scenarios[kept]: the losses TailAccumulator.addRows would append from the
 * finished row, in the same order. Eight sums per test; only a group with a
 * candidate is looked at one by one.
 */
function collectCandidates(accountRow: usize, from: u32, width: u32, bound: f64, keptAt: usize, scenarios: usize, start: u32): void {
  const b = f64x2.splat(bound);
  const row = accountRow + (<usize>from << 3);
  let kept = load<u32>(keptAt);
  let s: u32 = 0;
  const groups = width & ~(<u32>7);
  for (; s < width; s += 8) {
    const at = row + (<usize>s << 3);
    if (s < groups) {
      const v0 = v128.load(at);
      const v1 = v128.load(at, 16);
      const v2 = v128.load(at, 32);
      const v3 = v128.load(at, 48);
      // A candidate, or NaN (not equal to itself).
      const m = v128.or(
        v128.or(v128.or(f64x2.le(v0, b), f64x2.ne(v0, v0)), v128.or(f64x2.le(v1, b), f64x2.ne(v1, v1))),
        v128.or(v128.or(f64x2.le(v2, b), f64x2.ne(v2, v2)), v128.or(f64x2.le(v3, b), f64x2.ne(v3, v3))),
      );
      if (!v128.any_true(m)) continue;
    }
    const last = min(s + 8, width);
    for (let j = s; j < last; j++) {
      const value = load<f64>(row + (<usize>j << 3));
      if (value <= bound || value != value) {
        store<f64>(accountRow + (<usize>kept << 3), -value);
        store<u32>(scenarios + (<usize>kept << 2), start + from + j);
        kept++;
      }
    }
  }
  store<u32>(keptAt, kept);
}

