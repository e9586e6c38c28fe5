import { describe, expect, it } from 'vitest';
import { emaAlpha, initialFeedState, updateFeed, type FeedState, type OracleParams } from '../../src/oracle/index.js';
import { expectClose, expectRelClose } from '../helpers/expectClose.js';
import { MINUTE, params, prints, T0 } from './fixtures.js';

const P = params();

/** Feeds `price` from 5 agreeing sources every `stepMs` from `from` to `to` (inclusive). */
function hold(state: FeedState, price: number, from: number, to: number, stepMs: number, p: OracleParams = P): FeedState {
  let s = state;
  for (let t = from; t <= to; t += stepMs) s = updateFeed(s, prints([price, price, price, price, price], t), t, p);
  return s;
}

describe('EMA mark price', () => {
  // Wide clamp and gap thresholds so only the EMA acts.
  const loose = params({ maxMarkIndexDivergence: 0.5, maxTwapGapShare: 0.5, haltTwapGapShare: 0.9 });

  it('alpha = 1 − 2^(−dt/halfLife): after one half-life the gap to the index halves', () => {
    expect(emaAlpha(0, 60_000)).toBe(0);
    expect(emaAlpha(60_000, 60_000)).toBe(0.5);
    expect(emaAlpha(120_000, 60_000)).toBe(0.75);
    expect(emaAlpha(1, 0)).toBe(1);
    let s = initialFeedState('X', 100, T0);
    s = updateFeed(s, prints([104, 104, 104], T0), T0, loose); // dt = 0: the mark has not moved yet
    expect(s.index).toBe(104);
    expect(s.mark).toBe(100);
    s = updateFeed(s, prints([104, 104, 104], T0 + loose.emaHalfLifeMs), T0 + loose.emaHalfLifeMs, loose);
    expect(s.mark).toBe(102); // exact in f64: 100 + 0.5 × 4
    s = updateFeed(s, prints([104, 104, 104], T0 + 2 * loose.emaHalfLifeMs), T0 + 2 * loose.emaHalfLifeMs, loose);
    expect(s.mark).toBe(103);
  });

  it('is time-consistent: any split of the same elapsed time gives the same mark (closed form 2^(−t/h))', () => {
    const h = loose.emaHalfLifeMs;
    const splits = [[h * 2.5], [h, h, h / 2], [1000, h * 2.5 - 1000], Array(25).fill(h / 10)];
    for (const split of splits) {
      let s = updateFeed(initialFeedState('X', 100, T0), prints([110, 110, 110], T0), T0, loose);
      let t = T0;
      for (const dt of split) {
        t += dt;
        s = updateFeed(s, prints([110, 110, 110], t), t, loose);
      }
      // gap 10 × 2^(−2.5); tolerance 1e-10: rounding of a few dozen f64 operations on numbers near 100
      expectClose(s.mark, 110 - 10 * 2 ** -2.5, 1e-10, `mark after split ${split.length}`);
    }
  });

  it('is clamped to index·(1 ± maxMarkIndexDivergence)', () => {
    let s = initialFeedState('X', 100, T0);
    s = updateFeed(s, prints([102, 102, 102], T0 + 1000), T0 + 1000, P); // EMA alone: ≈ 100.02
    expectRelClose(s.mark, 102 * (1 - P.maxMarkIndexDivergence), 1e-14, 'clamped from below (rounding only)');
    s = initialFeedState('X', 100, T0);
    s = updateFeed(s, prints([98, 98, 98], T0 + 1000), T0 + 1000, P);
    expectRelClose(s.mark, 98 * (1 + P.maxMarkIndexDivergence), 1e-14, 'clamped from above (rounding only)');
  });
});

describe('feed status', () => {
  it('ok with agreeing, fresh, confident sources; uncertainty = max(confidence, dispersion, TWAP gap)', () => {
    const s = updateFeed(initialFeedState('X', 100, T0), prints([100, 100.2, 99.9, 100.1, 100], T0 + 1000, 0.002), T0 + 1000, P);
    expect(s.status).toBe('ok');
    expect(s.reasons).toEqual([]);
    expect(s.validSources).toBe(5);
    expectClose(s.uncertaintyShare, 0.002, 1e-15, 'confidence share dominates (rounding only)');
  });

  it('degraded: too few sources', () => {
    const s = updateFeed(initialFeedState('X', 100, T0), prints([100, 100.1], T0), T0, P);
    expect(s.status).toBe('degraded');
    expect(s.reasons.join()).toMatch(/2 valid source\(s\) < minSources 3/);
    expect(s.index).toBe(100.05);
  });

  it('degraded: wide confidence', () => {
    const s = updateFeed(initialFeedState('X', 100, T0), prints([100, 100, 100], T0, 0.02), T0, P);
    expect(s.status).toBe('degraded');
    expect(s.reasons.join()).toMatch(/confidence/);
    expectClose(s.uncertaintyShare, 0.02, 1e-15, 'uncertainty = confidence share (rounding only)');
  });

  it('degraded: sources disagree by more than maxDispersionShare (inside the band)', () => {
    const s = updateFeed(initialFeedState('X', 100, T0), prints([100, 100, 100, 101.5, 98.5], T0), T0, P);
    expect(s.status).toBe('degraded');
    expect(s.reasons.join()).toMatch(/disagree/);
    expectClose(s.uncertaintyShare, 0.015, 1e-15, 'uncertainty = dispersion (rounding only)');
  });

  it('degraded: a large gap to the TWAP; halted: a far larger one, index kept at the last valid price', () => {
    let s = hold(initialFeedState('X', 100, T0), 100, T0, T0 + 30 * MINUTE, 10_000);
    const t = T0 + 30 * MINUTE + 10_000;
    const degraded = updateFeed(s, prints([104, 104, 104], t), t, P);
    expect(degraded.status).toBe('degraded');
    expect(degraded.index).toBe(104);
    expect(degraded.twap).toBe(100);
    expectClose(degraded.uncertaintyShare, 0.04, 1e-15, 'uncertainty = TWAP gap (rounding only)');

    s = updateFeed(s, prints([140, 140, 140], t), t, P);
    expect(s.status).toBe('halted');
    expect(s.reasons.join()).toMatch(/haltTwapGapShare/);
    expect(s.index).toBe(100);
    expect(s.lastValidIndex).toBe(100);
    expect(s.lastValidTime).toBe(t - 10_000);
    expect(s.mark).toBe(100);
    expect(s.uncertaintyShare).toBe(0.001); // kept from the last valid update (confidence share of `prints`)
  });

  it('a sustained real jump is accepted after half a TWAP window, not halted forever', () => {
    let s = hold(initialFeedState('X', 100, T0), 100, T0, T0 + 30 * MINUTE, 10_000);
    const jump = T0 + 30 * MINUTE + 10_000;
    const statuses: string[] = [];
    for (let t = jump; t <= jump + 20 * MINUTE; t += 10_000) {
      s = updateFeed(s, prints([140, 140, 140, 140, 140], t), t, P);
      statuses.push(s.status);
    }
    const firstOk = statuses.indexOf('ok');
    // halted while the new level holds less than half the window (15 min = 90 steps of 10 s), then ok
    expect(statuses.slice(0, 90).every((x) => x === 'halted')).toBe(true);
    expect(firstOk).toBeGreaterThanOrEqual(90);
    expect(firstOk).toBeLessThanOrEqual(92);
    expect(s.status).toBe('ok');
    expect(s.index).toBe(140);
    // the first accepted update follows 15 min (15 half-lives) after the last valid one: the mark
    // closes all but 2^-15 of the 40 gap at once; 1e-4 relative covers that and then some
    expectRelClose(s.mark, 140, 1e-4, 'mark after acceptance');
  });

  it('halted when no source is valid; recovers when fresh data returns', () => {
    let s = hold(initialFeedState('X', 100, T0), 100, T0, T0 + 5 * MINUTE, 10_000);
    const last = s;
    s = updateFeed(s, [], T0 + 6 * MINUTE, P);
    expect(s.status).toBe('halted');
    expect(s.reasons).toEqual(['no valid source']);
    expect(s.index).toBe(last.index);
    expect(s.validSources).toBe(0);
    s = updateFeed(s, prints([100.5, 100.5, 100.5], T0 + 7 * MINUTE), T0 + 7 * MINUTE, P);
    expect(s.status).toBe('ok');
    expect(s.index).toBe(100.5);
  });

  it('returns a new state and never mutates its input', () => {
    const s0 = hold(initialFeedState('X', 100, T0), 100, T0, T0 + MINUTE, 10_000);
    const copy = structuredClone(s0);
    const s1 = updateFeed(s0, prints([101, 101, 101], T0 + 2 * MINUTE), T0 + 2 * MINUTE, P);
    expect(s1).not.toBe(s0);
    expect(s0).toEqual(copy);
  });

  it('rejects time going backwards and a non-finite time', () => {
    const s = initialFeedState('X', 100, T0);
    expect(() => updateFeed(s, [], T0 - 1, P)).toThrow(/backwards/);
    expect(() => updateFeed(s, [], Number.NaN, P)).toThrow(/finite/);
  });

  it('history stays bounded to the TWAP window (plus the point in force at its start)', () => {
    const s = hold(initialFeedState('X', 100, T0), 100, T0, T0 + 3 * P.twapWindowMs, 10_000);
    const start = s.time - P.twapWindowMs;
    expect(s.history[0].time).toBeLessThanOrEqual(start);
    expect(s.history[1].time).toBeGreaterThan(start);
    expect(s.history.length).toBe(P.twapWindowMs / 10_000 + 1);
  });
});
