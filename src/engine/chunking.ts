/** A contiguous range of scenario indices. */
export interface ScenarioRange {
  start: number;
  count: number;
}

/**
 * The scenarios a simulation covers: `range` (validated against the plan's 0 … total − 1) or,
 * by default, all of them.
 */
export function scenarioRangeOf(total: number, range: ScenarioRange | undefined): ScenarioRange {
  if (range === undefined) return { start: 0, count: total };
  const { start, count } = range;
  if (!(Number.isInteger(start) && start >= 0 && Number.isInteger(count) && count > 0 && start + count <= total)) {
    throw new RangeError(`scenarioRange: expected integers start >= 0, count >= 1 within the plan's ${total} scenarios, got start ${start}, count ${count}`);
  }
  return { start, count };
}

/** Splits the `total` scenarios from `first` on into chunks of at most `chunkSize`. */
export function splitScenarios(total: number, chunkSize: number, first = 0): ScenarioRange[] {
  if (!(Number.isInteger(chunkSize) && chunkSize > 0)) throw new RangeError(`chunkSize must be a positive integer, got ${chunkSize}`);
  const ranges: ScenarioRange[] = [];
  const end = first + total;
  for (let start = first; start < end; start += chunkSize) ranges.push({ start, count: Math.min(chunkSize, end - start) });
  return ranges;
}

/**
 * Scenarios per CPU chunk: the chunk's moves, instrument P&L and account P&L blocks stay near
 * `budgetBytes` (f64), and there are at least ~4 chunks per worker so that workers balance.
 */
export function cpuChunkSize(
  scenarios: number,
  instruments: number,
  accounts: number,
  factors: number,
  workers: number,
  budgetBytes = 32 * 2 ** 20,
): number {
  const bytesPerScenario = 8 * (instruments + accounts + factors);
  const byMemory = Math.floor(budgetBytes / bytesPerScenario);
  const byBalance = Math.ceil(scenarios / (4 * Math.max(1, workers)));
  return Math.max(64, Math.min(byMemory, byBalance, 16_384));
}
