/**
 * Procyclicality measures of a margin series: peak-to-trough ratio and the largest h-day
 * increases, on series whose answers are worked out by hand in the comments, and a brute-force
 * second computation over all pairs on a random walk.
 */
import { describe, expect, it } from 'vitest';
import { procyclicality } from '../../../src/backtest/statistics/procyclicality.js';
import { createPrng } from '../../../src/random/prng.js';
import { checkRelClose } from './report.js';

describe('procyclicality', () => {
  it('finds the peak-to-trough ratio and the largest 1- and 5-day increases of a worked example', () => {
    // 100 flat, a stress from day 3 (1-day +20%: 100 → 120), a peak of 180 on day 7, a calm trough of 90.
    const margins = [100, 100, 100, 120, 140, 150, 170, 180, 160, 120, 100, 90, 95];
    const out = procyclicality(margins, { horizons: [1, 5, 30] });
    checkRelClose('peak-to-trough 180/90', out.peakToTrough, 2, 1e-15);
    expect([out.peak.index, out.trough.index]).toEqual([7, 11]);
    checkRelClose('largest 1-day increase 120/100 − 1', out.largestIncrease[1]!.increase, 0.2, 1e-15);
    expect([out.largestIncrease[1]!.from.index, out.largestIncrease[1]!.to.index]).toEqual([2, 3]);
    // 5 days apart: 170/100 (day 1 → 6) and 180/100 (day 2 → 7): the latter.
    checkRelClose('largest 5-day increase 180/100 − 1', out.largestIncrease[5]!.increase, 0.8, 1e-15);
    expect([out.largestIncrease[5]!.from.index, out.largestIncrease[5]!.to.index]).toEqual([2, 7]);
    // 13 margins have no pair 30 days apart.
    expect(out.largestIncrease[30]).toBeNull();
    expect(out.window).toEqual({ start: 0, end: 12 });
  });

  it('uses 1, 5 and 30 days by default, restricts to a trailing window, and echoes dates', () => {
    const margins = Array.from({ length: 40 }, (_, t) => 100 + t); // a steady rise from 100 to 139
    const dates = margins.map((_, t) => `day ${t + 1}`);
    const out = procyclicality(margins, { dates });
    expect(Object.keys(out.largestIncrease)).toEqual(['1', '5', '30']);
    // The largest relative rise of a linear series is its earliest: 101/100, 105/100, 130/100.
    checkRelClose('1-day', out.largestIncrease[1]!.increase, 0.01, 1e-14);
    checkRelClose('30-day', out.largestIncrease[30]!.increase, 0.3, 1e-14);
    expect(out.largestIncrease[30]!.from).toEqual({ index: 0, margin: 100, date: 'day 1' });
    const windowed = procyclicality(margins, { window: 10, horizons: [1, 5] });
    expect(windowed.window).toEqual({ start: 30, end: 39 });
    checkRelClose('peak-to-trough over the last 10', windowed.peakToTrough, 139 / 130, 1e-15);
    expect(windowed.largestIncrease[5]!.from.index).toBe(30);
    expect(windowed.peak.date).toBeUndefined();
  });

  it('reports a negative largest increase for a margin that only fell, and earliest days on ties', () => {
    // Never rising: the largest 1-day change is the flat step 150 → 150 (day 1 → 2), 0.
    const out = procyclicality([200, 150, 150, 100], { horizons: [1] });
    expect([out.largestIncrease[1]!.increase, out.largestIncrease[1]!.to.index]).toEqual([0, 2]);
    const falling = procyclicality([200, 150, 100], { horizons: [1] });
    checkRelClose('strictly falling', falling.largestIncrease[1]!.increase, 150 / 200 - 1, 1e-15);
    const flat = procyclicality([5, 5, 5], { horizons: [1] });
    expect([flat.peakToTrough, flat.peak.index, flat.trough.index, flat.largestIncrease[1]!.to.index]).toEqual([1, 0, 0, 1]);
  });

  it('agrees with a brute-force search over all pairs on a random walk', () => {
    const prng = createPrng(11);
    const margins: number[] = [1e6];
    for (let t = 1; t < 500; t++) margins.push(margins[t - 1] * Math.exp(0.05 * prng.normal()));
    const window = 300;
    const out = procyclicality(margins, { window, horizons: [1, 5, 30] });
    const tail = margins.slice(-window);
    checkRelClose('peak-to-trough', out.peakToTrough, Math.max(...tail) / Math.min(...tail), 1e-15);
    for (const h of [1, 5, 30]) {
      let best = -Infinity;
      for (let i = 0; i + h < tail.length; i++) best = Math.max(best, tail[i + h] / tail[i] - 1);
      checkRelClose(`largest ${h}-day increase`, out.largestIncrease[h]!.increase, best, 1e-15);
      const { from, to } = out.largestIncrease[h]!;
      expect([to.index - from.index, from.index >= 200]).toEqual([h, true]);
    }
  });

  it('refuses margins that are not finite and positive, and bad options, naming them', () => {
    expect(() => procyclicality([100, 0, 90])).toThrow(/procyclicality: margins\[1\] is 0: every value must be > 0/);
    expect(() => procyclicality([100, Infinity])).toThrow(/margins\[1\] is Infinity: every value must be a finite number/);
    expect(() => procyclicality([100])).toThrow(/margins has 1 values: needs at least 2/);
    expect(() => procyclicality([1, 2, 3], { window: 4 })).toThrow(/window is 4: longer than the 3 margins given/);
    expect(() => procyclicality([1, 2, 3], { window: 1 })).toThrow(/window is 1: must be an integer ≥ 2/);
    expect(() => procyclicality([1, 2, 3], { horizons: [0] })).toThrow(/horizons\[0\] is 0: must be an integer ≥ 1/);
    expect(() => procyclicality([1, 2, 3], { horizons: [] })).toThrow(/horizons must be a non-empty array/);
    expect(() => procyclicality([1, 2, 3], { dates: ['a'] })).toThrow(/dates must be an array of 3 labels/);
  });
});
