import { describe, expect, it } from 'vitest';
import { aggregateObservations, median, type PriceObservation } from '../../src/oracle/index.js';
import { mulberry32 } from '../helpers/expectClose.js';
import { params, prints, T0 } from './fixtures.js';

const P = params();

describe('median', () => {
  it('odd and even counts, unsorted input, input untouched', () => {
    const values = [5, 1, 3];
    expect(median(values)).toBe(3);
    expect(values).toEqual([5, 1, 3]);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNaN();
  });
});

describe('aggregateObservations', () => {
  it('index is the median of fresh, in-band sources', () => {
    const agg = aggregateObservations(prints([100, 101, 99, 100.5, 99.8], T0), T0, P);
    expect(agg.index).toBe(100);
    expect(agg.used).toHaveLength(5);
    expect(agg.dropped).toEqual([]);
    // exact: the largest deviation is |99/100 − 1| = 1%, computed in f64 (tolerance 1e-15, rounding only)
    expect(agg.dispersionShare).toBeCloseTo(0.01, 15);
    expect(agg.medianConfidenceShare).toBeCloseTo(0.001, 15);
  });

  it('even count: mean of the two middle prices', () => {
    expect(aggregateObservations(prints([100, 102, 101, 103], T0), T0, P).index).toBe(101.5);
  });

  it('drops prints older than maxAgeMs (age exactly maxAgeMs is still fresh)', () => {
    const obs = [
      ...prints([100, 100.2], T0),
      { source: 'old', price: 100.1, timestamp: T0 - P.maxAgeMs, confidence: 0.1 },
      { source: 'older', price: 100.1, timestamp: T0 - P.maxAgeMs - 1, confidence: 0.1 },
    ];
    const agg = aggregateObservations(obs, T0, P);
    expect(agg.used.map((o) => o.source)).toEqual(['s1', 's2', 'old']);
    expect(agg.dropped).toEqual([{ source: 'older', reason: 'stale' }]);
  });

  it('drops sources outside the band around the median', () => {
    const agg = aggregateObservations(prints([100, 100.5, 99.5, 106, 1400], T0), T0, P);
    expect(agg.index).toBe(100); // median of 99.5, 100, 100.5
    expect(agg.dropped).toEqual([
      { source: 's4', reason: 'outlier' },
      { source: 's5', reason: 'outlier' },
    ]);
  });

  it('drops invalid prints: NaN, ±Infinity, ≤ 0, negative or NaN confidence, far-future timestamps', () => {
    const good = prints([100, 100.1, 99.9], T0);
    const bad: PriceObservation[] = [
      { source: 'nan', price: Number.NaN, timestamp: T0, confidence: 0 },
      { source: 'inf', price: Number.POSITIVE_INFINITY, timestamp: T0, confidence: 0 },
      { source: 'zero', price: 0, timestamp: T0, confidence: 0 },
      { source: 'neg', price: -100, timestamp: T0, confidence: 0 },
      { source: 'conf', price: 100, timestamp: T0, confidence: -1 },
      { source: 'confNaN', price: 100, timestamp: T0, confidence: Number.NaN },
      { source: 'future', price: 100, timestamp: T0 + P.maxAgeMs + 1, confidence: 0 },
      { source: 'ts', price: 100, timestamp: Number.NaN, confidence: 0 },
    ];
    const agg = aggregateObservations([...bad, ...good], T0, P);
    expect(agg.index).toBe(100);
    expect(agg.dropped.map((d) => d.reason)).toEqual(Array(bad.length).fill('invalid'));
    expect(agg.dropped.map((d) => d.source)).toEqual(bad.map((o) => o.source));
  });

  it('one vote per source: the newest print wins, the older is dropped as stale', () => {
    const obs: PriceObservation[] = [
      { source: 'a', price: 100, timestamp: T0, confidence: 0 },
      { source: 'b', price: 100, timestamp: T0, confidence: 0 },
      { source: 'c', price: 104, timestamp: T0 - 1000, confidence: 0 },
      { source: 'c', price: 104, timestamp: T0 - 2000, confidence: 0 },
      { source: 'c', price: 104, timestamp: T0 - 3000, confidence: 0 },
    ];
    const agg = aggregateObservations(obs, T0, P);
    // without deduplication 'c' would hold the majority and the median would be 104
    expect(agg.index).toBe(100);
    expect(agg.used).toHaveLength(3);
    expect(agg.dropped).toEqual([
      { source: 'c', reason: 'stale' },
      { source: 'c', reason: 'stale' },
    ]);
  });

  it('no valid source gives no index; two sources disagreeing beyond twice the band give none either', () => {
    expect(aggregateObservations([], T0, P).index).toBeNull();
    expect(aggregateObservations(prints([100, 100], T0 - 2 * P.maxAgeMs), T0, P).index).toBeNull();
    const split = aggregateObservations(prints([100, 1400], T0), T0, P);
    expect(split.index).toBeNull();
    expect(split.dropped.map((d) => d.reason)).toEqual(['outlier', 'outlier']);
  });

  it('haltBelowSources sets the fewest survivors that still give an index', () => {
    const two = prints([100, 100.2], T0);
    expect(aggregateObservations(two, T0, params({ haltBelowSources: 2 })).index).toBe(100.1);
    expect(aggregateObservations(two.slice(0, 1), T0, params({ haltBelowSources: 2 })).index).toBeNull();
    expect(aggregateObservations(two.slice(0, 1), T0, P).index).toBe(100); // default 1: a lone source still prices (degraded by the feed)
  });

  it('does not depend on the order of the observations', () => {
    const rand = mulberry32(42);
    const obs = prints([100, 100.3, 99.6, 100.1, 180, 99.9, 100.2], T0);
    const reference = aggregateObservations(obs, T0, P);
    for (let trial = 0; trial < 20; trial++) {
      const shuffled = [...obs].sort(() => rand() - 0.5);
      const agg = aggregateObservations(shuffled, T0, P);
      expect(agg.index).toBe(reference.index);
      expect(agg.dispersionShare).toBe(reference.dispersionShare);
      expect(agg.medianConfidenceShare).toBe(reference.medianConfidenceShare);
    }
  });
});
