/**
 * Exact tail selection. The tail of a loss sample is its k worst scenarios, ordered by loss
 * descending and, for equal losses, by scenario index ascending: a total order, so the tail is
 * the same set whatever the chunking, worker count or backend that produced the candidates.
 */
export interface Tail {
  /** Losses (−P&L), worst first. */
  losses: Float64Array;
  /** The scenario index of each loss. */
  scenarios: Uint32Array;
}

let scratchBuffer = new Float64Array(0);

/**
 * A scratch array of at least `length` for kthLargest, reused across calls (they are
 * synchronous): a run selects thousands of tails, and a fresh array each time kept the
 * garbage collector busy.
 */
function sharedScratch(length: number): Float64Array {
  if (scratchBuffer.length < length) scratchBuffer = new Float64Array(length);
  return scratchBuffer;
}

/** The k-th largest value of `values` (1-based), by quickselect on a scratch copy. */
function kthLargest(values: Float64Array, k: number, scratch: Float64Array): number {
  const a = scratch.subarray(0, values.length);
  a.set(values);
  let lo = 0;
  let hi = a.length - 1;
  const target = k - 1; // index in descending order
  while (lo < hi) {
    const pivot = a[(lo + hi) >>> 1];
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i] > pivot) i++;
      while (a[j] < pivot) j--;
      if (i <= j) {
        const t = a[i];
        a[i] = a[j];
        a[j] = t;
        i++;
        j--;
      }
    }
    if (target <= j) hi = j;
    else if (target >= i) lo = i;
    else return a[target];
  }
  return a[target];
}

/**
 * Selects the k worst of `losses` (scenario of losses[j] is scenarios[j]) and returns them in
 * tail order (or, with 'unordered', in input order). O(n) selection, then a sort of the k
 * survivors. NaN losses are rejected: they
 * would make the order partial.
 */
export function selectTail(
  losses: Float64Array,
  scenarios: Uint32Array,
  k: number,
  scratch = sharedScratch(losses.length),
  order: 'sorted' | 'unordered' = 'sorted',
): Tail {
  const n = losses.length;
  const take = Math.min(k, n);
  const picked = new Uint32Array(take);
  if (take > 0) {
    const threshold = kthLargest(losses, take, scratch);
    if (Number.isNaN(threshold)) throw new RangeError('selectTail: a scenario loss is NaN');
    let count = 0;
    // One pass: the losses above the threshold, and the ties at it (lowest scenario indices first).
    const ties: number[] = [];
    for (let j = 0; j < n; j++) {
      const loss = losses[j];
      if (loss > threshold) picked[count++] = j;
      else if (loss === threshold) ties.push(j);
    }
    ties.sort((x, y) => scenarios[x] - scenarios[y]);
    for (let t = 0; count < take; t++) picked[count++] = ties[t];
  }
  // Candidates on their way to a merge need not be sorted: only the final tail is.
  const indices = order === 'sorted' ? sortInTailOrder(picked, losses, scenarios) : picked;
  const tail: Tail = { losses: new Float64Array(take), scenarios: new Uint32Array(take) };
  for (let j = 0; j < take; j++) {
    tail.losses[j] = losses[indices[j]];
    tail.scenarios[j] = scenarios[indices[j]];
  }
  return tail;
}

/** Runs this short are sorted by insertion before merging. */
const INSERTION_RUN = 16;

/** True when entry y comes before entry x in tail order: a larger loss, or an equal one with a lower scenario. */
function precedes(y: number, x: number, losses: Float64Array, scenarios: Uint32Array): boolean {
  return before(losses[y], scenarios[y], losses[x], scenarios[x]);
}

/** True when (la, sa) comes before (lb, sb) in tail order: a larger loss, or an equal one with a lower scenario. */
export function before(la: number, sa: number, lb: number, sb: number): boolean {
  return la > lb || (la === lb && sa < sb);
}

/**
 * Sorts indices into tail order (loss descending, then scenario ascending): insertion-sorted
 * runs merged bottom-up between two typed arrays. With hundreds of thousands of entries per
 * run to sort, this is ~10× faster than Array.prototype.sort with a comparator. The order is
 * total (scenarios are distinct), so the result is the same as any correct sort's.
 */
export function sortInTailOrder(indices: Uint32Array, losses: Float64Array, scenarios: Uint32Array): Uint32Array {
  const n = indices.length;
  let from = Uint32Array.from(indices);
  for (let lo = 0; lo < n; lo += INSERTION_RUN) {
    const hi = Math.min(lo + INSERTION_RUN, n);
    for (let i = lo + 1; i < hi; i++) {
      const entry = from[i];
      let j = i - 1;
      for (; j >= lo && precedes(entry, from[j], losses, scenarios); j--) from[j + 1] = from[j];
      from[j + 1] = entry;
    }
  }
  let to = new Uint32Array(n);
  for (let width = INSERTION_RUN; width < n; width *= 2) {
    for (let lo = 0; lo < n; lo += 2 * width) {
      const mid = Math.min(lo + width, n);
      const hi = Math.min(lo + 2 * width, n);
      let i = lo;
      let j = mid;
      let out = lo;
      while (i < mid && j < hi) to[out++] = precedes(from[j], from[i], losses, scenarios) ? from[j++] : from[i++];
      while (i < mid) to[out++] = from[i++];
      while (j < hi) to[out++] = from[j++];
    }
    [from, to] = [to, from];
  }
  return from;
}

/** Merges tails of disjoint scenario ranges into the tail of their union. */
export function mergeTails(parts: readonly Tail[], k: number, order: 'sorted' | 'unordered' = 'sorted'): Tail {
  const total = parts.reduce((sum, p) => sum + p.losses.length, 0);
  const losses = new Float64Array(total);
  const scenarios = new Uint32Array(total);
  let offset = 0;
  for (const part of parts) {
    losses.set(part.losses, offset);
    scenarios.set(part.scenarios, offset);
    offset += part.losses.length;
  }
  return selectTail(losses, scenarios, k, undefined, order);
}

/** VaR = the k-th worst loss; ES = the mean of the k worst, summed worst-first (fixed order). */
export function tailMeasures(tail: Tail): { valueAtRisk: number; expectedShortfall: number } {
  const k = tail.losses.length;
  let sum = 0;
  for (let j = 0; j < k; j++) sum += tail.losses[j];
  return { valueAtRisk: tail.losses[k - 1], expectedShortfall: sum / k };
}

/** The index of the tail: k = ceil((1 − α)·S), robust to (1 − 0.99)·1e5 = 1000.0000000000009. */
export function tailCountFor(confidence: number, scenarios: number): number {
  const exact = (1 - confidence) * scenarios;
  return Math.min(scenarios, Math.max(1, Math.ceil(exact - 1e-9 * Math.max(1, exact))));
}

/**
 * Rearranges the first `size` entries of (losses, scenarios) in place so that the first k of
 * them are the k first in tail order (unordered among themselves): a quickselect on the total
 * order itself (loss descending, then scenario ascending; scenarios are distinct), with a
 * median-of-three pivot, moving losses and scenarios together. No copy and no allocation: it
 * runs every time an account's running tail fills its room (TailAccumulator).
 */
export function partitionWorst(losses: Float64Array, scenarios: Uint32Array, size: number, k: number): void {
  let lo = 0;
  let hi = size - 1;
  const target = k - 1;
  if (target < 0 || target >= hi) return;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    // The median of lo, mid and hi (in tail order) as the pivot.
    let p = mid;
    const loFirst = before(losses[lo], scenarios[lo], losses[mid], scenarios[mid]);
    const hiFirst = before(losses[hi], scenarios[hi], losses[mid], scenarios[mid]);
    if (loFirst === hiFirst) p = loFirst === before(losses[lo], scenarios[lo], losses[hi], scenarios[hi]) ? hi : lo;
    const pivotLoss = losses[p];
    const pivotScenario = scenarios[p];
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (before(losses[i], scenarios[i], pivotLoss, pivotScenario)) i++;
      while (before(pivotLoss, pivotScenario, losses[j], scenarios[j])) j--;
      if (i <= j) {
        const loss = losses[i];
        losses[i] = losses[j];
        losses[j] = loss;
        const scenario = scenarios[i];
        scenarios[i] = scenarios[j];
        scenarios[j] = scenario;
        i++;
        j--;
      }
    }
    if (target <= j) hi = j;
    else if (target >= i) lo = i;
    else return;
  }
}
