import { sortInTailOrder, type Tail } from './tail.js';

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
 * Each account's tail is a bounded heap rooted at the entry that comes last in tail order (the
 * smallest loss; of equal losses the highest scenario). A loss that does not beat the root is
 * rejected by one comparison, and the root is always the current k-th worst, so the threshold
 * tightens with every loss rather than once per batch: over S scenarios only ~k·ln(S/k) losses
 * enter a heap. The kept set is the exact top k of everything offered under the tail's total
 * order (loss descending, then scenario ascending), whatever the order of arrival.
 */
export class TailAccumulator {
  private readonly losses: (Float64Array | undefined)[];
  private readonly scenarios: (Uint32Array | undefined)[];
  private readonly sizes: Uint32Array;

  constructor(
    readonly accountCount: number,
    readonly tailCount: number,
  ) {
    if (!(Number.isInteger(tailCount) && tailCount >= 0)) throw new RangeError(`the tail count must be a non-negative integer, got ${tailCount}`);
    this.losses = new Array(accountCount).fill(undefined);
    this.scenarios = new Array(accountCount).fill(undefined);
    this.sizes = new Uint32Array(accountCount);
  }

  /** Per account, the loss below which a scenario cannot enter the tail (−∞ until k are seen). */
  thresholds(): Float64Array {
    const thresholds = new Float64Array(this.accountCount).fill(-Infinity);
    for (let a = 0; a < this.accountCount; a++) if (this.sizes[a] === this.tailCount && this.tailCount > 0) thresholds[a] = this.losses[a]![0];
    return thresholds;
  }

  /** Candidates of one scenario range (or of another accumulator), CSR by account. */
  add(candidates: TailCandidates): void {
    const { offsets, losses, scenarios } = candidates;
    for (let a = 0; a < this.accountCount; a++) {
      const to = offsets[a + 1];
      for (let j = offsets[a]; j < to; j++) this.offer(a, losses[j], scenarios[j]);
    }
  }

  /**
   * Every account's losses over a chunk: account a's P&L in scenario `start + s` is
   * `pnl[a * count + s]` (account-major, as the CPU aggregation writes it); its loss is −P&L.
   */
  addRows(pnl: Float64Array, count: number, start: number): void {
    const k = this.tailCount;
    if (k === 0) return;
    for (let a = 0; a < this.accountCount; a++) {
      const row = a * count;
      let s = 0;
      // Until the heap is full every loss enters.
      for (; s < count && this.sizes[a] < k; s++) this.offer(a, -pnl[row + s], start + s);
      if (s === count) continue;
      const losses = this.losses[a]!;
      const scenarios = this.scenarios[a]!;
      let rootLoss = losses[0];
      let rootScenario = scenarios[0];
      for (; s < count; s++) {
        const loss = -pnl[row + s];
        // One comparison rejects almost every loss; NaN fails it and is caught below.
        if (loss < rootLoss) continue;
        const scenario = start + s;
        if (loss !== loss) throw nanLoss(a, scenario);
        if (loss === rootLoss && scenario > rootScenario) continue;
        siftDown(losses, scenarios, k, loss, scenario);
        rootLoss = losses[0];
        rootScenario = scenarios[0];
      }
    }
  }

  /**
   * The running tails as candidates (unordered, CSR): what a worker that accumulated its own
   * chunks hands over, for the engine to merge with the other workers'.
   */
  candidates(): TailCandidates {
    const offsets = new Uint32Array(this.accountCount + 1);
    for (let a = 0; a < this.accountCount; a++) offsets[a + 1] = offsets[a] + this.sizes[a];
    const losses = new Float64Array(offsets[this.accountCount]);
    const scenarios = new Uint32Array(offsets[this.accountCount]);
    for (let a = 0; a < this.accountCount; a++) {
      if (this.sizes[a] === 0) continue;
      losses.set(this.losses[a]!.subarray(0, this.sizes[a]), offsets[a]);
      scenarios.set(this.scenarios[a]!.subarray(0, this.sizes[a]), offsets[a]);
    }
    return { offsets, losses, scenarios };
  }

  /** The final tails, worst first. */
  finish(): Tail[] {
    return Array.from({ length: this.accountCount }, (_, a): Tail => {
      const size = this.sizes[a];
      if (size === 0) return { losses: new Float64Array(0), scenarios: new Uint32Array(0) };
      const losses = this.losses[a]!.subarray(0, size);
      const scenarios = this.scenarios[a]!.subarray(0, size);
      const order = sortInTailOrder(Uint32Array.from({ length: size }, (_, j) => j), losses, scenarios);
      const tail: Tail = { losses: new Float64Array(size), scenarios: new Uint32Array(size) };
      for (let j = 0; j < size; j++) {
        tail.losses[j] = losses[order[j]];
        tail.scenarios[j] = scenarios[order[j]];
      }
      return tail;
    });
  }

  /** Offers one loss to account a's tail: kept when the tail has room or it beats the root. */
  private offer(a: number, loss: number, scenario: number): void {
    if (loss !== loss) throw nanLoss(a, scenario);
    const k = this.tailCount;
    if (k === 0) return;
    let losses = this.losses[a];
    let scenarios = this.scenarios[a];
    if (!losses || !scenarios) {
      losses = this.losses[a] = new Float64Array(k);
      scenarios = this.scenarios[a] = new Uint32Array(k);
    }
    const size = this.sizes[a];
    if (size < k) {
      siftUp(losses, scenarios, size, loss, scenario);
      this.sizes[a] = size + 1;
    } else if (later(losses[0], scenarios[0], loss, scenario)) {
      siftDown(losses, scenarios, k, loss, scenario);
    }
  }
}

function nanLoss(account: number, scenario: number): RangeError {
  return new RangeError(`a scenario loss is NaN (account ${account} of the plan, scenario ${scenario}): the tails need a total order`);
}

/** True when (la, sa) comes later in tail order than (lb, sb): a smaller loss, or an equal one with a higher scenario. */
function later(la: number, sa: number, lb: number, sb: number): boolean {
  return la < lb || (la === lb && sa > sb);
}

/** Adds (loss, scenario) at the end of a heap of `at` entries and restores the heap. */
function siftUp(losses: Float64Array, scenarios: Uint32Array, at: number, loss: number, scenario: number): void {
  let i = at;
  while (i > 0) {
    const parent = (i - 1) >> 1;
    if (!later(loss, scenario, losses[parent], scenarios[parent])) break;
    losses[i] = losses[parent];
    scenarios[i] = scenarios[parent];
    i = parent;
  }
  losses[i] = loss;
  scenarios[i] = scenario;
}

/** Replaces the root of a heap of `size` entries by (loss, scenario) and restores the heap. */
function siftDown(losses: Float64Array, scenarios: Uint32Array, size: number, loss: number, scenario: number): void {
  let i = 0;
  for (;;) {
    let child = 2 * i + 1;
    if (child >= size) break;
    if (child + 1 < size && later(losses[child + 1], scenarios[child + 1], losses[child], scenarios[child])) child++;
    if (!later(losses[child], scenarios[child], loss, scenario)) break;
    losses[i] = losses[child];
    scenarios[i] = scenarios[child];
    i = child;
  }
  losses[i] = loss;
  scenarios[i] = scenario;
}
