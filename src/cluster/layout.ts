import type { ScenarioRange } from '../engine/index.js';

/** Contiguous accounts [start, end) of the plan. */
export interface AccountBlock {
  start: number;
  end: number;
}

/**
 * How a simulation is cut: scenario ranges × account blocks, shard s = block · ranges + range.
 * Each shard returns at most k candidates per account of its block, 12 bytes each (f64 loss,
 * u32 scenario): account blocks keep one shard's result under RESULT_BUDGET_BYTES.
 */
export interface SimulationLayout {
  ranges: ScenarioRange[];
  blocks: AccountBlock[];
}

/** Most bytes one simulate shard's candidates may take before the book is cut into account blocks. */
export const RESULT_BUDGET_BYTES = 256 * 2 ** 20;
/** Fewest scenarios of a default range: below this a shard is mostly overhead. */
export const MIN_RANGE_SCENARIOS = 1000;

/** `parts` contiguous pieces of [first, first + total), sizes differing by at most one. */
export function evenPieces(total: number, parts: number, first = 0): { start: number; count: number }[] {
  const n = Math.max(1, Math.min(parts, total));
  return Array.from({ length: n }, (_, i) => {
    const start = first + Math.floor((i * total) / n);
    const end = first + Math.floor(((i + 1) * total) / n);
    return { start, count: end - start };
  });
}

export interface LayoutRequest {
  /** The scenarios to cover (a simulate call's range, default the plan's all). */
  scope: ScenarioRange;
  accounts: number;
  tailCount: number;
  /** Scenario ranges asked for (--shards); default: two per live worker slot. */
  shards?: number;
  /** Accounts per shard asked for (--account-block); default: by the result budget. */
  accountBlock?: number;
  /** Shards the live workers run at once (Σ concurrency); 0 when none is up yet. */
  slots: number;
}

export function simulationLayout(request: LayoutRequest): SimulationLayout {
  const { scope, accounts, tailCount } = request;
  const byDefault = Math.max(1, Math.min(2 * Math.max(request.slots, 2), Math.ceil(scope.count / MIN_RANGE_SCENARIOS)));
  const ranges = evenPieces(scope.count, request.shards ?? byDefault, scope.start);
  const longest = Math.max(...ranges.map((r) => r.count));
  const perAccount = 12 * Math.min(tailCount, longest);
  const blockSize = request.accountBlock ?? Math.max(1, Math.floor(RESULT_BUDGET_BYTES / perAccount));
  const blocks = evenPieces(accounts, Math.ceil(accounts / blockSize)).map((p) => ({ start: p.start, end: p.start + p.count }));
  return { ranges, blocks };
}

/** A listed revaluation cut into slices of the list, about one per live worker slot. */
export function revalueSlices(count: number, slots: number): { start: number; count: number }[] {
  return evenPieces(count, Math.max(1, Math.min(Math.max(slots, 1), Math.ceil(count / 2048))));
}
