/**
 * One asset's feed: aggregation → TWAP reference → status → index, EMA mark and uncertainty.
 * Pure: returns a new FeedState, never mutates its input. The rules (docs/oracle.md):
 *
 * halted   when fewer than haltBelowSources sources survive aggregation, or
 *          |index/twap − 1| > haltTwapGapShare. The index stays at lastValidIndex, the mark and
 *          the uncertainty stay where the last valid update left them.
 * degraded when fewer than minSources survive, the median confidence/price exceeds
 *          maxConfidenceShare, the sources disagree by more than maxDispersionShare, or
 *          |index/twap − 1| > maxTwapGapShare.
 * ok       otherwise.
 *
 * The aggregated index enters the TWAP history even when the update is halted by the gap, so
 * a sustained real move is accepted once it has lasted half a TWAP window (the reference is a
 * time-weighted median), instead of halting the feed forever.
 *
 * Mark: EMA with time-based alpha = 1 − 2^(−dt/halfLife), dt since the last valid update, then
 * clamped to index·(1 ± maxMarkIndexDivergence).
 */
import { aggregateObservations } from './aggregate.js';
import { timeWeightedMedian, trimHistory } from './twap.js';
import type { FeedState, FeedStatus, HistoryPoint, OracleParams, PriceObservation } from './types.js';

const percent = (share: number): string => `${(share * 100).toPrecision(3)}%`;

export function initialFeedState(asset: string, price: number, now: number): FeedState {
  if (!(Number.isFinite(price) && price > 0)) throw new RangeError(`initialFeedState(${asset}): price must be finite and > 0, got ${price}`);
  if (!Number.isFinite(now)) throw new RangeError(`initialFeedState(${asset}): now must be finite, got ${now}`);
  return {
    asset,
    time: now,
    index: price,
    mark: price,
    lastValidIndex: price,
    lastValidTime: now,
    status: 'ok',
    reasons: [],
    uncertaintyShare: 0,
    twap: price,
    history: [{ time: now, index: price }],
    validSources: 0,
    dropped: [],
  };
}

/** alpha of the time-based EMA: the share of the gap to the index closed after dt. */
export function emaAlpha(dtMs: number, halfLifeMs: number): number {
  if (halfLifeMs <= 0) return 1;
  return 1 - 2 ** (-Math.max(0, dtMs) / halfLifeMs);
}

export function clampMark(mark: number, index: number, maxDivergence: number): number {
  return Math.min(index * (1 + maxDivergence), Math.max(index * (1 - maxDivergence), mark));
}

export function updateFeed(
  state: FeedState,
  observations: readonly PriceObservation[],
  now: number,
  params: OracleParams,
): FeedState {
  if (!Number.isFinite(now)) throw new RangeError(`updateFeed(${state.asset}): now must be finite, got ${now}`);
  if (now < state.time) {
    throw new RangeError(`updateFeed(${state.asset}): time went backwards (${now} < last update ${state.time})`);
  }
  const agg = aggregateObservations(observations, now, params);

  let history: HistoryPoint[] = state.history;
  if (agg.index !== null) {
    const last = history[history.length - 1];
    history = last !== undefined && last.time === now ? history.slice(0, -1) : [...history];
    history.push({ time: now, index: agg.index });
  }
  history = trimHistory(history, now, params.twapWindowMs);
  const twap = history.length > 0 ? timeWeightedMedian(history, now, params.twapWindowMs) : state.twap;

  const base = { asset: state.asset, time: now, twap, history, validSources: agg.used.length, dropped: agg.dropped };
  const halted = (reasons: string[]): FeedState => ({
    ...base,
    index: state.lastValidIndex,
    mark: state.mark,
    lastValidIndex: state.lastValidIndex,
    lastValidTime: state.lastValidTime,
    status: 'halted',
    reasons,
    uncertaintyShare: state.uncertaintyShare,
  });

  if (agg.index === null) {
    return halted([
      agg.used.length === 0
        ? 'no valid source'
        : `${agg.used.length} valid source(s) < haltBelowSources ${params.haltBelowSources}`,
    ]);
  }
  const index = agg.index;
  const twapGap = Math.abs(index / twap - 1);
  if (twapGap > params.haltTwapGapShare) {
    return halted([`index ${index} is ${percent(twapGap)} from the TWAP ${twap} > haltTwapGapShare ${percent(params.haltTwapGapShare)}`]);
  }

  const reasons: string[] = [];
  if (agg.used.length < params.minSources) reasons.push(`${agg.used.length} valid source(s) < minSources ${params.minSources}`);
  if (agg.medianConfidenceShare > params.maxConfidenceShare) {
    reasons.push(`median confidence ${percent(agg.medianConfidenceShare)} > maxConfidenceShare ${percent(params.maxConfidenceShare)}`);
  }
  if (agg.dispersionShare > params.maxDispersionShare) {
    reasons.push(`sources disagree by ${percent(agg.dispersionShare)} > maxDispersionShare ${percent(params.maxDispersionShare)}`);
  }
  if (twapGap > params.maxTwapGapShare) {
    reasons.push(`index is ${percent(twapGap)} from the TWAP > maxTwapGapShare ${percent(params.maxTwapGapShare)}`);
  }
  const status: FeedStatus = reasons.length > 0 ? 'degraded' : 'ok';

  const alpha = emaAlpha(now - state.lastValidTime, params.emaHalfLifeMs);
  const ema = state.mark + alpha * (index - state.mark);
  const mark = clampMark(ema, index, params.maxMarkIndexDivergence);

  return {
    ...base,
    index,
    mark,
    lastValidIndex: index,
    lastValidTime: now,
    status,
    reasons,
    uncertaintyShare: Math.max(agg.medianConfidenceShare, agg.dispersionShare, twapGap),
  };
}
