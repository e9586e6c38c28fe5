import { mergeTails, type Tail } from './tail.js';

/**
 * Candidates for the tails of every account from one scenario range, in CSR form: account a's
 * candidates are [offsets[a], offsets[a+1]) of `losses` / `scenarios`.
 */
export interface TailCandidates {
  offsets: Uint32Array;
  losses: Float64Array;
  scenarios: Uint32Array;
}

/**
 * Keeps the running tail (k worst scenarios) of every account while chunks arrive in any
 * order. `thresholds()` tells producers which losses can no longer enter a tail (below the
 * current k-th worst), so a chunk ships only candidates: with millions of scenarios the tails
 * stay exact while memory and transfer stay near accounts × k.
 */
export class TailAccumulator {
  private readonly tails: Tail[];
  private readonly pending: Tail[][];
  private readonly pendingSize: Uint32Array;
  private readonly threshold: Float64Array;

  constructor(
    readonly accountCount: number,
    readonly tailCount: number,
  ) {
    const empty = (): Tail => ({ losses: new Float64Array(0), scenarios: new Uint32Array(0) });
    this.tails = Array.from({ length: accountCount }, empty);
    this.pending = Array.from({ length: accountCount }, () => []);
    this.pendingSize = new Uint32Array(accountCount);
    this.threshold = new Float64Array(accountCount).fill(-Infinity);
  }

  /** Per account, the loss below which a scenario cannot enter the tail (−∞ until k are seen). */
  thresholds(): Float64Array {
    return this.threshold.slice();
  }

  add(candidates: TailCandidates): void {
    for (let a = 0; a < this.accountCount; a++) {
      const from = candidates.offsets[a];
      const to = candidates.offsets[a + 1];
      if (to === from) continue;
      // Views, not copies: they are merged (copied) within about k more candidates.
      this.pending[a].push({ losses: candidates.losses.subarray(from, to), scenarios: candidates.scenarios.subarray(from, to) });
      this.pendingSize[a] += to - from;
      // Merge in batches: selection costs O(k + pending), so wait until pending is about k.
      if (this.pendingSize[a] >= this.tailCount) this.mergePending(a);
    }
  }

  /**
   * The running tails as candidates (unordered, CSR), pending entries merged first: what a worker
   * that accumulated its own chunks hands over, for the engine to merge with the other workers'.
   */
  candidates(): TailCandidates {
    const offsets = new Uint32Array(this.accountCount + 1);
    for (let a = 0; a < this.accountCount; a++) {
      this.mergePending(a);
      offsets[a + 1] = offsets[a] + this.tails[a].losses.length;
    }
    const losses = new Float64Array(offsets[this.accountCount]);
    const scenarios = new Uint32Array(offsets[this.accountCount]);
    this.tails.forEach((tail, a) => {
      losses.set(tail.losses, offsets[a]);
      scenarios.set(tail.scenarios, offsets[a]);
    });
    return { offsets, losses, scenarios };
  }

  /** The final tails, worst first. */
  finish(): Tail[] {
    for (let a = 0; a < this.accountCount; a++) {
      this.mergePending(a);
      this.tails[a] = mergeTails([this.tails[a]], this.tailCount, 'sorted');
    }
    return this.tails;
  }

  private mergePending(a: number): void {
    if (this.pending[a].length === 0) return;
    const tail = mergeTails([this.tails[a], ...this.pending[a]], this.tailCount, 'unordered');
    this.tails[a] = tail;
    this.pending[a] = [];
    this.pendingSize[a] = 0;
    if (tail.losses.length === this.tailCount) {
      // Unordered: the threshold is the least of the k kept losses.
      let least = Infinity;
      for (let j = 0; j < tail.losses.length; j++) least = Math.min(least, tail.losses[j]);
      this.threshold[a] = least;
    }
  }
}
