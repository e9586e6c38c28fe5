import { INSTRUMENT_FIELDS, type RiskPlan } from '../engine/index.js';

/**
 * The plan of accounts [start, end) only, for a shard of a large book: their positions, and only
 * the instruments they hold (renumbered in first-held order). The factors, the correlation, the
 * random stream and every scenario stay those of the whole plan, and each instrument's P&L in a
 * scenario depends only on that instrument and the scenario's moves, so every account's losses
 * (and stress P&L) are the whole plan's, bit for bit on the CPU: positions are aggregated in the
 * same order.
 */
export function restrictPlan(plan: RiskPlan, start: number, end: number): RiskPlan {
  const accounts = plan.accountIds.length;
  if (!(Number.isInteger(start) && Number.isInteger(end) && start >= 0 && start < end && end <= accounts)) {
    throw new RangeError(`restrictPlan: accounts [${start}, ${end}) are not within the plan's ${accounts}`);
  }
  if (start === 0 && end === accounts) return plan;
  const first = plan.accountOffsets[start];
  const last = plan.accountOffsets[end];
  const oldToNew = new Map<number, number>();
  const kept: number[] = [];
  const positionInstrument = new Uint32Array(last - first);
  for (let p = first; p < last; p++) {
    const old = plan.positionInstrument[p];
    let index = oldToNew.get(old);
    if (index === undefined) {
      index = kept.length;
      oldToNew.set(old, index);
      kept.push(old);
    }
    positionInstrument[p - first] = index;
  }
  // Accounts without positions still need one instrument for the backends' buffers: nobody holds it.
  if (kept.length === 0) kept.push(0);
  const restricted: RiskPlan = {
    ...plan,
    accountIds: plan.accountIds.slice(start, end),
    balances: plan.balances.slice(start, end),
    accountOffsets: Uint32Array.from(plan.accountOffsets.subarray(start, end + 1), (offset) => offset - first),
    positionInstrument,
    positionQuantity: plan.positionQuantity.slice(first, last),
  };
  const fields = restricted as unknown as Record<string, unknown>;
  for (const field of INSTRUMENT_FIELDS) {
    const values = plan[field];
    if (Array.isArray(values)) fields[field] = kept.map((i) => values[i]);
    else {
      const typed = values as Float64Array;
      const out = new (typed.constructor as Float64ArrayConstructor)(kept.length);
      kept.forEach((i, j) => (out[j] = typed[i]));
      fields[field] = out;
    }
  }
  return restricted;
}
