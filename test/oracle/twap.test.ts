import { describe, expect, it } from 'vitest';
import { timeWeightedMedian, trimHistory } from '../../src/oracle/index.js';
import { expectClose } from '../helpers/expectClose.js';

describe('TWAP reference (time-weighted median of the index step function)', () => {
  it('weights each value by how long it held inside the window', () => {
    const h = [
      { time: 0, index: 100 },
      { time: 10, index: 200 },
    ];
    expect(timeWeightedMedian(h, 30, 30)).toBe(200); // 100 for 10, 200 for 20
    expect(timeWeightedMedian(h, 15, 30)).toBe(100); // 100 for 10, 200 for 5
    expect(timeWeightedMedian(h, 20, 30)).toBe(150); // exact tie: mean of the two
    expect(timeWeightedMedian(h, 35, 30)).toBe(200); // window [5, 35]: 100 for 5, 200 for 25
  });

  it('a print that lasts less than half the window does not move it', () => {
    const h = [
      { time: 0, index: 1 },
      { time: 20, index: 14 },
      { time: 28, index: 1 },
    ];
    expect(timeWeightedMedian(h, 30, 30)).toBe(1);
  });

  it('on a linear trend it is the value half a window ago, to within one step (as a mean would be)', () => {
    const h = Array.from({ length: 101 }, (_, k) => ({ time: k, index: 100 + k }));
    // window [40, 100] with unit steps: values 140..199 each for 1; the median of 60 equal weights is the mean of the 30th and 31st
    expectClose(timeWeightedMedian(h, 100, 60), 169.5, 1e-12, 'linear trend');
  });

  it('a single point at now: that point; empty: NaN', () => {
    expect(timeWeightedMedian([{ time: 5, index: 42 }], 5, 30)).toBe(42);
    expect(timeWeightedMedian([], 5, 30)).toBeNaN();
  });

  it('trimHistory keeps the window plus the point in force at its start', () => {
    const h = [0, 10, 20, 30, 40].map((time) => ({ time, index: time }));
    expect(trimHistory(h, 45, 20).map((p) => p.time)).toEqual([20, 30, 40]);
    expect(trimHistory(h, 50, 20).map((p) => p.time)).toEqual([30, 40]);
    expect(trimHistory(h, 45, 100)).toEqual(h);
  });
});
