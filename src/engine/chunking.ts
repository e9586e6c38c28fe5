/** A contiguous range of scenario indices. */
export interface ScenarioRange {
  start: number;
  count: number;
}

export function splitScenarios(total: number, chunkSize: number): ScenarioRange[] {
  if (!(Number.isInteger(chunkSize) && chunkSize > 0)) throw new RangeError(`chunkSize must be a positive integer, got ${chunkSize}`);
  const ranges: ScenarioRange[] = [];
  for (let start = 0; start < total; start += chunkSize) ranges.push({ start, count: Math.min(chunkSize, total - start) });
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
