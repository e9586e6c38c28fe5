import { describe, expect, it } from 'vitest';
import { selectTail, sortInTailOrder, tailCountFor, tailMeasures } from '../../src/engine/tail.js';
import { mergeSortedTails, TailAccumulator } from '../../src/engine/tailAccumulator.js';
import { mulberry32 } from '../helpers/expectClose.js';

/** Reference: sort everything by (loss desc, scenario asc) and take k. */
function sortedTail(losses: number[], k: number) {
  const order = losses.map((loss, s) => ({ loss, s })).sort((a, b) => b.loss - a.loss || a.s - b.s);
  return order.slice(0, k);
}

describe('exact tail selection', () => {
  it('equals a full sort, ties broken by scenario index', () => {
    const rand = mulberry32(7);
    for (const n of [1, 2, 17, 1000, 5000]) {
      // Losses rounded to a coarse grid so that many are tied.
      const losses = Array.from({ length: n }, () => Math.round((rand() - 0.5) * 40) / 4);
      for (const k of [1, 3, Math.ceil(n / 10), n]) {
        const tail = selectTail(Float64Array.from(losses), Uint32Array.from(losses, (_, s) => s), k);
        const expected = sortedTail(losses, k);
        expect(Array.from(tail.scenarios)).toEqual(expected.map((e) => e.s));
        expect(Array.from(tail.losses)).toEqual(expected.map((e) => e.loss));
      }
    }
  });

  it('sorts into tail order like a comparator sort, ties by scenario (not position), ±0 tied', () => {
    const rand = mulberry32(21);
    for (const n of [0, 1, 15, 16, 17, 33, 1000, 4099]) {
      const losses = Float64Array.from({ length: n }, () => [0, -0, 1.5, -2][Math.floor(rand() * 4)] + (rand() < 0.5 ? 0 : Math.round(rand() * 8)));
      // Distinct scenario indices in scrambled order.
      const scenarios = Uint32Array.from({ length: n }, (_, j) => (j * 7919 + 13) % 10_007);
      const indices = Uint32Array.from({ length: n }, (_, j) => j);
      const expected = Array.from(indices).sort((x, y) => losses[y] - losses[x] || scenarios[x] - scenarios[y]);
      expect(Array.from(sortInTailOrder(indices, losses, scenarios))).toEqual(expected);
    }
  });

  it('VaR is the k-th worst loss and ES the mean of the k worst', () => {
    const losses = [5, -1, 3, 9, 7, 0, 2, 8, 1, 4];
    const tail = selectTail(Float64Array.from(losses), Uint32Array.from(losses, (_, s) => s), 3);
    const { valueAtRisk, expectedShortfall } = tailMeasures(tail);
    expect(valueAtRisk).toBe(7);
    expect(expectedShortfall).toBe((9 + 8 + 7) / 3);
  });

  it('k = ceil((1 − α)·S) without floating-point overshoot', () => {
    expect(tailCountFor(0.99, 100_000)).toBe(1000);
    expect(tailCountFor(0.99, 10_000)).toBe(100);
    expect(tailCountFor(0.975, 1000)).toBe(25);
    expect(tailCountFor(0.99, 150)).toBe(2);
    expect(tailCountFor(0.999, 10)).toBe(1);
  });

  it('rejects NaN losses', () => {
    expect(() => selectTail(Float64Array.of(1, NaN, 2), Uint32Array.of(0, 1, 2), 2)).toThrow(/NaN/);
  });

  it('the accumulator over chunks in any order, with pruning thresholds, equals one selection', () => {
    const rand = mulberry32(11);
    const accounts = 5;
    const scenarios = 3000;
    const k = 30;
    const losses = Array.from({ length: accounts }, () => Array.from({ length: scenarios }, () => Math.round(rand() * 500)));
    const chunks = [];
    for (let start = 0; start < scenarios; start += 257) chunks.push({ start, count: Math.min(257, scenarios - start) });
    chunks.reverse();
    const accumulator = new TailAccumulator(accounts, k);
    for (const { start, count } of chunks) {
      const thresholds = accumulator.thresholds();
      const offsets = new Uint32Array(accounts + 1);
      const keptLosses: number[] = [];
      const keptScenarios: number[] = [];
      for (let a = 0; a < accounts; a++) {
        const l: number[] = [];
        const s: number[] = [];
        for (let j = start; j < start + count; j++) {
          if (losses[a][j] >= thresholds[a]) {
            l.push(losses[a][j]);
            s.push(j);
          }
        }
        const tail = selectTail(Float64Array.from(l), Uint32Array.from(s), k);
        keptLosses.push(...tail.losses);
        keptScenarios.push(...tail.scenarios);
        offsets[a + 1] = keptLosses.length;
      }
      accumulator.add({ offsets, losses: Float64Array.from(keptLosses), scenarios: Uint32Array.from(keptScenarios) });
    }
    const tails = accumulator.finish();
    for (let a = 0; a < accounts; a++) {
      const expected = sortedTail(losses[a], k);
      expect(Array.from(tails[a].scenarios)).toEqual(expected.map((e) => e.s));
    }
  });
});

describe('TailAccumulator.addRows (the CPU chunk stage: rows of account P&L into each account\'s running tail)', () => {
  it('keeps the same tails as one selection, ties by lowest scenario, chunks in any order, mixed with pruned candidates', () => {
    const random = mulberry32(17);
    for (const [scenarios, chunk, k] of [[10_000, 997, 100], [5000, 5000, 1], [2000, 300, 1500], [300, 64, 300], [640, 64, 3], [50, 7, 80]]) {
      for (const ties of [false, true]) {
        const accounts = 4;
        // With ties: losses on a coarse grid, so the k-th loss is shared by many scenarios.
        const pnl = Array.from({ length: accounts }, () => Float64Array.from({ length: scenarios }, () => (ties ? -Math.round(random() * 20) : random() - 0.5)));
        const ranges: { start: number; count: number }[] = [];
        for (let start = 0; start < scenarios; start += chunk) ranges.push({ start, count: Math.min(chunk, scenarios - start) });
        ranges.sort(() => random() - 0.5);
        const accumulator = new TailAccumulator(accounts, k);
        ranges.forEach(({ start, count }, r) => {
          if (r % 3 === 2) {
            // Every third range arrives as candidates pruned at the thresholds (the GPU's and the cluster's way).
            const thresholds = accumulator.thresholds();
            const offsets = new Uint32Array(accounts + 1);
            const losses: number[] = [];
            const kept: number[] = [];
            for (let a = 0; a < accounts; a++) {
              for (let s = start; s < start + count; s++) {
                if (-pnl[a][s] >= thresholds[a]) {
                  losses.push(-pnl[a][s]);
                  kept.push(s);
                }
              }
              offsets[a + 1] = losses.length;
            }
            accumulator.add({ offsets, losses: Float64Array.from(losses), scenarios: Uint32Array.from(kept) });
            return;
          }
          const rows = new Float64Array(accounts * count);
          for (let a = 0; a < accounts; a++) rows.set(pnl[a].subarray(start, start + count), a * count);
          accumulator.addRows(rows, count, start);
        });
        const tails = accumulator.finish();
        for (let a = 0; a < accounts; a++) {
          const expected = selectTail(Float64Array.from(pnl[a], (x) => -x), Uint32Array.from({ length: scenarios }, (_, s) => s), k);
          const label = `scenarios ${scenarios}, chunk ${chunk}, k ${k}, ties ${ties}, account ${a}`;
          expect(Array.from(tails[a].scenarios), label).toEqual(Array.from(expected.scenarios));
          expect(Array.from(tails[a].losses), label).toEqual(Array.from(expected.losses));
        }
      }
    }
  });

  it('the thresholds never pass the k-th worst loss, and rise to the k-th worst of what was kept when the room fills', () => {
    const accumulator = new TailAccumulator(2, 3);
    accumulator.addRows(Float64Array.of(-5, -1, -4, -2, /* account 1 */ -9, 0, 0, 0), 4, 0);
    // Four entries in a room of six: no selection yet, no threshold.
    expect(Array.from(accumulator.thresholds())).toEqual([-Infinity, -Infinity]);
    accumulator.addRows(Float64Array.of(-3, 0, -6, -7, /* account 1 */ 0, 0, 0, 0), 4, 4);
    // Account 0's room filled at its sixth loss (5, 1, 4, 2, 3, 0): the three worst kept, the
    // threshold their least (3); 6 and 7 then entered above it. The k-th worst of all is 5.
    // Account 1's room filled at its sixth loss too: 9, 0, 0 kept, threshold -0 (the loss of a
    // zero P&L), tied with 0.
    expect(Array.from(accumulator.thresholds())).toEqual([3, -0]);
    expect(Array.from(accumulator.finish()[0].losses)).toEqual([7, 6, 5]);
    expect(Array.from(new TailAccumulator(1, 3).thresholds())).toEqual([-Infinity]);
  });

  it('refuses a NaN loss, before and after the tail is full', () => {
    for (const at of [1, 500]) {
      const pnl = Float64Array.from({ length: 1000 }, (_, s) => s);
      pnl[at] = Number.NaN;
      expect(() => new TailAccumulator(1, 10).addRows(pnl, 1000, 0)).toThrow('NaN');
    }
  });
});

describe('mergeSortedTails (the workers\' tails into the run\'s)', () => {
  it('equals one accumulator over every loss, ties by lowest scenario, for 1 to 4 places', () => {
    const random = mulberry32(23);
    for (const places of [1, 2, 3, 4]) {
      for (const k of [1, 7, 50]) {
        const accounts = 5;
        const scenarios = 400;
        // Coarse losses: many ties at every tail's edge.
        const pnl = Float64Array.from({ length: accounts * scenarios }, () => -Math.round(random() * 30));
        const whole = new TailAccumulator(accounts, k);
        whole.addRows(pnl, scenarios, 0);
        // Scenarios dealt to the places in chunks of 37, as the engine deals chunks to workers.
        const parts = Array.from({ length: places }, () => new TailAccumulator(accounts, k));
        for (let start = 0, chunk = 0; start < scenarios; start += 37, chunk++) {
          const count = Math.min(37, scenarios - start);
          const rows = new Float64Array(accounts * count);
          for (let a = 0; a < accounts; a++) rows.set(pnl.subarray(a * scenarios + start, a * scenarios + start + count), a * count);
          parts[chunk % places].addRows(rows, count, start);
        }
        const candidates = parts.map((part) => part.candidates());
        for (const c of candidates) {
          for (let a = 0; a < accounts; a++) {
            for (let j = c.offsets[a] + 1; j < c.offsets[a + 1]; j++) {
              const inOrder = c.losses[j - 1] > c.losses[j] || (c.losses[j - 1] === c.losses[j] && c.scenarios[j - 1] < c.scenarios[j]);
              expect(inOrder, 'candidates() hands each account over in tail order').toBe(true);
            }
          }
        }
        const merged = mergeSortedTails(candidates, accounts, k);
        const expected = whole.finish();
        for (let a = 0; a < accounts; a++) {
          expect(Array.from(merged[a].scenarios), `places ${places}, k ${k}, account ${a}`).toEqual(Array.from(expected[a].scenarios));
          expect(Array.from(merged[a].losses)).toEqual(Array.from(expected[a].losses));
        }
      }
    }
  });
});
