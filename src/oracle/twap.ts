/**
 * The TWAP reference: a time-weighted *median* of the aggregated index over a trailing window.
 *
 * The index is a step function: each history point holds from its time until the next point
 * (the last until `now`). For a linear trend the time-weighted median equals the time-weighted
 * mean (the value half a window ago), but a print must persist for more than half the window
 * to move it: a few minutes of a manipulated price cannot drag the reference along, and a
 * sustained real move is accepted after half a window. This also gives the clean drift bound in
 * docs/oracle.md.
 */
import type { HistoryPoint } from './types.js';

/** Keeps the points inside (now − windowMs, now] plus the one in force at the window's start. */
export function trimHistory(history: readonly HistoryPoint[], now: number, windowMs: number): HistoryPoint[] {
  const start = now - windowMs;
  let first = 0;
  while (first + 1 < history.length && history[first + 1].time <= start) first++;
  return history.slice(first);
}

/**
 * Time-weighted median of the step function `history` over [now − windowMs, now]. When the
 * window holds no time yet (a single point at `now`), the latest point's value. NaN when empty.
 * An exact tie at half the weight averages the two values (symmetric, deterministic).
 */
export function timeWeightedMedian(history: readonly HistoryPoint[], now: number, windowMs: number): number {
  if (history.length === 0) return Number.NaN;
  const start = now - windowMs;
  const segments: { value: number; weight: number }[] = [];
  let total = 0;
  for (let i = 0; i < history.length; i++) {
    const from = Math.max(history[i].time, start);
    const to = Math.min(i + 1 < history.length ? history[i + 1].time : now, now);
    const weight = to - from;
    if (weight > 0) {
      segments.push({ value: history[i].index, weight });
      total += weight;
    }
  }
  if (total === 0) return history[history.length - 1].index;
  segments.sort((a, b) => a.value - b.value);
  const half = total / 2;
  let cumulative = 0;
  for (let i = 0; i < segments.length; i++) {
    cumulative += segments[i].weight;
    if (cumulative === half && i + 1 < segments.length) return (segments[i].value + segments[i + 1].value) / 2;
    if (cumulative >= half) return segments[i].value;
  }
  return segments[segments.length - 1].value;
}
