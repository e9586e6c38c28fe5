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
  scratch = new Float64Array(losses.length),
  order: 'sorted' | 'unordered' = 'sorted',
): Tail {
  const n = losses.length;
  const take = Math.min(k, n);
  const picked = new Uint32Array(take);
  if (take > 0) {
    const threshold = kthLargest(losses, take, scratch);
    if (Number.isNaN(threshold)) throw new RangeError('selectTail: a scenario loss is NaN');
    let count = 0;
    for (let j = 0; j < n; j++) if (losses[j] > threshold) picked[count++] = j;
    // Ties at the threshold: the lowest scenario indices first.
    const ties: number[] = [];
    for (let j = 0; j < n; j++) if (losses[j] === threshold) ties.push(j);
    ties.sort((x, y) => scenarios[x] - scenarios[y]);
    for (let t = 0; count < take; t++) picked[count++] = ties[t];
  }
  // Candidates on their way to a merge need not be sorted: only the final tail is.
  const indices = order === 'sorted' ? Array.from(picked).sort((x, y) => losses[y] - losses[x] || scenarios[x] - scenarios[y]) : picked;
  return {
    losses: Float64Array.from(indices, (j) => losses[j]),
    scenarios: Uint32Array.from(indices, (j) => scenarios[j]),
  };
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
