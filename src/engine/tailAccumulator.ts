import { before, partitionWorst, selectTail, type Tail } from './tail.js';

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
 * Keeps the running tail (k worst scenarios) of every account while losses arrive, from any
 * scenario range in any order: whole rows of account P&L (`addRows`, the CPU chunk) or
 * candidates already pruned elsewhere (`add`, the GPU's and the cluster's). `thresholds()` tells
 * producers which losses can no longer enter a tail (below the current k-th worst), so a chunk
 * ships only candidates: with millions of scenarios the tails stay exact while memory and
 * transfer stay near accounts × k.
 *
 * Per account: room for 2k entries, the tail (at most k) first, then the losses at or above the
 * account's threshold appended as they come. When the room is full, one selection keeps the k
 * worst and raises the threshold to the k-th. A loss below the threshold costs one comparison;
 * over S scenarios the threshold lags at most k entries behind, so the room fills about
 * log2(S/k) times, each an O(k) selection: cheaper than a heap's log k branchy steps for each
 * of its ~k·ln(S/k) entries. What is kept is the exact top k of everything offered under the
 * tail's total order (loss descending, then scenario ascending), whatever the order of arrival.
 */
export class TailAccumulator {
  private readonly losses: (Float64Array | undefined)[];
  private readonly scenarios: (Uint32Array | undefined)[];
  /** Entries held per account: the tail, then the appended candidates. */
  private readonly sizes: Uint32Array;
  /** Per account, the k-th worst loss after the last selection (−∞ until k were kept). */
  private readonly threshold: Float64Array;

  constructor(
    readonly accountCount: number,
    readonly tailCount: number,
  ) {
    if (!(Number.isInteger(tailCount) && tailCount >= 0)) throw new RangeError(`the tail count must be a non-negative integer, got ${tailCount}`);
    this.losses = new Array(accountCount).fill(undefined);
    this.scenarios = new Array(accountCount).fill(undefined);
    this.sizes = new Uint32Array(accountCount);
    this.threshold = new Float64Array(accountCount).fill(-Infinity);
  }

  /** Per account, the loss below which a scenario cannot enter the tail (−∞ until k are seen). */
  thresholds(): Float64Array {
    return this.threshold.slice();
  }

  /** Candidates of one scenario range (or of another accumulator), CSR by account. */
  add(candidates: TailCandidates): void {
    const { offsets, losses, scenarios } = candidates;
    for (let a = 0; a < this.accountCount; a++) this.addAccount(a, losses, scenarios, offsets[a], offsets[a + 1]);
  }

  /** Account a's candidates `losses[j]` in scenario `scenarios[j]`, j in [from, to). */
  addAccount(a: number, values: Float64Array, from: Uint32Array, begin = 0, end = values.length): void {
    if (end <= begin || this.tailCount === 0) return;
    const { losses, scenarios } = this.room(a);
    let size = this.sizes[a];
    let threshold = this.threshold[a];
    for (let j = begin; j < end; j++) {
      const loss = values[j];
      if (loss < threshold) continue;
      if (loss !== loss) throw nanLoss(a, from[j]);
      losses[size] = loss;
      scenarios[size++] = from[j];
      if (size === losses.length) {
        threshold = this.keepWorst(a, losses, scenarios);
        size = this.tailCount;
      }
    }
    this.sizes[a] = size;
  }

  /**
   * Every account's losses over a chunk: account a's P&L in scenario `start + s` is
   * `pnl[a * count + s]` (account-major, as the CPU aggregation writes it); its loss is −P&L.
   */
  addRows(pnl: Float64Array, count: number, start: number): void {
    if (this.tailCount === 0) return;
    for (let a = 0; a < this.accountCount; a++) {
      const { losses, scenarios } = this.room(a);
      const row = a * count;
      let size = this.sizes[a];
      let threshold = this.threshold[a];
      for (let s = 0; s < count; s++) {
        const loss = -pnl[row + s];
        // One comparison rejects almost every loss; NaN fails it and is caught below.
        if (loss < threshold) continue;
        if (loss !== loss) throw nanLoss(a, start + s);
        losses[size] = loss;
        scenarios[size++] = start + s;
        if (size === losses.length) {
          threshold = this.keepWorst(a, losses, scenarios);
          size = this.tailCount;
        }
      }
      this.sizes[a] = size;
    }
  }

  /**
   * The running tails as candidates (CSR), each account's at most k in tail order: what a worker
   * that accumulated its own chunks hands over. Sorting here spreads the sorts over the workers;
   * the engine then merges the workers' sorted tails in one pass (mergeSortedTails).
   */
  candidates(): TailCandidates {
    const tails = this.finish();
    const offsets = new Uint32Array(this.accountCount + 1);
    for (let a = 0; a < this.accountCount; a++) offsets[a + 1] = offsets[a] + tails[a].losses.length;
    const losses = new Float64Array(offsets[this.accountCount]);
    const scenarios = new Uint32Array(offsets[this.accountCount]);
    tails.forEach((tail, a) => {
      losses.set(tail.losses, offsets[a]);
      scenarios.set(tail.scenarios, offsets[a]);
    });
    return { offsets, losses, scenarios };
  }

  /** The final tails, worst first. */
  finish(): Tail[] {
    return Array.from({ length: this.accountCount }, (_, a): Tail => {
      const size = this.sizes[a];
      if (size === 0) return { losses: new Float64Array(0), scenarios: new Uint32Array(0) };
      return selectTail(this.losses[a]!.subarray(0, size), this.scenarios[a]!.subarray(0, size), this.tailCount);
    });
  }

  /** Account a's room for 2k entries, allocated at its first loss. */
  private room(a: number): { losses: Float64Array; scenarios: Uint32Array } {
    let losses = this.losses[a];
    let scenarios = this.scenarios[a];
    if (!losses || !scenarios) {
      losses = this.losses[a] = new Float64Array(2 * this.tailCount);
      scenarios = this.scenarios[a] = new Uint32Array(2 * this.tailCount);
    }
    return { losses, scenarios };
  }

  /**
   * Account a's room is full: keeps its k worst entries (unordered) in front and returns the
   * k-th worst, its new threshold.
   */
  private keepWorst(a: number, losses: Float64Array, scenarios: Uint32Array): number {
    const k = this.tailCount;
    partitionWorst(losses, scenarios, losses.length, k);
    let least = Infinity;
    for (let j = 0; j < k; j++) least = Math.min(least, losses[j]);
    this.threshold[a] = least;
    return least;
  }
}

function nanLoss(account: number, scenario: number): RangeError {
  return new RangeError(`a scenario loss is NaN (account ${account} of the plan, scenario ${scenario}): the tails need a total order`);
}

/**
 * The tails of the union of several places' tails, each account's candidates already in tail
 * order (TailAccumulator.candidates): per account a merge of sorted runs that stops at k, with
 * no selection and no sort. The result is the same as offering every candidate to one
 * accumulator and finishing it.
 */
export function mergeSortedTails(parts: readonly TailCandidates[], accountCount: number, k: number): Tail[] {
  return Array.from({ length: accountCount }, (_, a): Tail => {
    let merged: Tail = { losses: new Float64Array(0), scenarios: new Uint32Array(0) };
    for (const part of parts) {
      const from = part.offsets[a];
      const to = part.offsets[a + 1];
      merged = mergeTwo(merged, part.losses.subarray(from, to), part.scenarios.subarray(from, to), k);
    }
    return merged;
  });
}

/** The first k in tail order of two runs that are each in tail order. */
function mergeTwo(left: Tail, losses: Float64Array, scenarios: Uint32Array, k: number): Tail {
  const total = Math.min(k, left.losses.length + losses.length);
  const out: Tail = { losses: new Float64Array(total), scenarios: new Uint32Array(total) };
  let i = 0;
  let j = 0;
  for (let n = 0; n < total; n++) {
    const takeLeft = j >= losses.length || (i < left.losses.length && before(left.losses[i], left.scenarios[i], losses[j], scenarios[j]));
    if (takeLeft) {
      out.losses[n] = left.losses[i];
      out.scenarios[n] = left.scenarios[i++];
    } else {
      out.losses[n] = losses[j];
      out.scenarios[n] = scenarios[j++];
    }
  }
  return out;
}
