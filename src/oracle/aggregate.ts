/**
 * One aggregation round: validity, one vote per source, staleness, a band around the median,
 * then the median of the survivors. Pure and order-independent (the index does not depend on
 * the order of the observations).
 *
 *   1. invalid: price not finite or ≤ 0, confidence not finite or < 0, timestamp not finite or
 *      more than maxAgeMs in the future (a broken clock is as bad as a stale one);
 *   2. one vote per source: a source's older prints (ties: the earlier in the list) are 'stale';
 *   3. stale: now − timestamp > maxAgeMs;
 *   4. outlier: |price − m| > bandShare · m, m the median of the fresh prints;
 *   5. index = median of the survivors, or null when fewer than max(1, haltBelowSources) survive
 *      (e.g. two sources that disagree by more than twice the band: neither is believable).
 *
 * The minimum-source rule that degrades a feed is the feed's (feed.ts), not the aggregation's:
 * a single surviving source still gives a price, flagged as degraded.
 */
import { median } from './median.js';
import type { Aggregation, DroppedObservation, OracleParams, PriceObservation } from './types.js';

function isValid(o: PriceObservation, now: number, params: OracleParams): boolean {
  return (
    typeof o.source === 'string' &&
    o.source.length > 0 &&
    Number.isFinite(o.price) &&
    o.price > 0 &&
    Number.isFinite(o.confidence) &&
    o.confidence >= 0 &&
    Number.isFinite(o.timestamp) &&
    o.timestamp - now <= params.maxAgeMs
  );
}

export function aggregateObservations(
  observations: readonly PriceObservation[],
  now: number,
  params: OracleParams,
): Aggregation {
  const dropped: DroppedObservation[] = [];
  const valid: PriceObservation[] = [];
  for (const o of observations) {
    if (isValid(o, now, params)) valid.push(o);
    else dropped.push({ source: typeof o.source === 'string' ? o.source : String(o.source), reason: 'invalid' });
  }

  // One vote per source: keep the newest print (ties: the later one in the list).
  const newest = new Map<string, number>();
  valid.forEach((o, i) => {
    const j = newest.get(o.source);
    if (j === undefined || o.timestamp >= valid[j].timestamp) newest.set(o.source, i);
  });
  const fresh: PriceObservation[] = [];
  valid.forEach((o, i) => {
    if (newest.get(o.source) !== i) dropped.push({ source: o.source, reason: 'stale' });
    else if (now - o.timestamp > params.maxAgeMs) dropped.push({ source: o.source, reason: 'stale' });
    else fresh.push(o);
  });

  const used: PriceObservation[] = [];
  if (fresh.length > 0) {
    const center = median(fresh.map((o) => o.price));
    for (const o of fresh) {
      if (Math.abs(o.price - center) > params.bandShare * center) dropped.push({ source: o.source, reason: 'outlier' });
      else used.push(o);
    }
  }

  const medianConfidenceShare = used.length > 0 ? median(used.map((o) => o.confidence / o.price)) : 0;
  if (used.length < Math.max(1, params.haltBelowSources)) {
    return { index: null, used, dropped, medianConfidenceShare, dispersionShare: 0 };
  }
  const index = median(used.map((o) => o.price));
  let dispersionShare = 0;
  for (const o of used) dispersionShare = Math.max(dispersionShare, Math.abs(o.price / index - 1));
  return { index, used, dropped, medianConfidenceShare, dispersionShare };
}
