/**
 * Property-style checks on randomized honest feeds: no failure, so the feed must stay ok and
 * the index inside the honest prints, whatever the seed, the source count and the noise.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_ORACLE_PARAMS as P, honestFeedReplay, runReplay } from '../../src/oracle/index.js';
import { expectRelClose, mulberry32 } from '../helpers/expectClose.js';

describe('randomized honest feeds', () => {
  const rand = mulberry32(20240601);
  const cases = Array.from({ length: 12 }, (_, i) => ({
    seed: 1000 + i,
    sources: 3 + Math.floor(rand() * 7), // 3 … 9
    initialPrice: 10 ** (rand() * 6 - 2), // 0.01 … 10 000
    annualVol: 0.2 + rand() * 0.8, // 20% … 100%: a 15-minute σ ≤ 0.55%, far under the 3% TWAP gap
    noiseShare: 0.0001 + rand() * 0.0009, // 0.01% … 0.1% per print: dispersion ≪ 1%
  }));

  for (const c of cases) {
    it(`seed ${c.seed}: ${c.sources} sources, vol ${c.annualVol.toFixed(2)}, noise ${(c.noiseShare * 100).toFixed(3)}%: always ok, index inside the honest prints`, () => {
      const replay = honestFeedReplay(c);
      for (const s of runReplay(replay)) {
        expect(s.state.status, s.state.reasons.join('; ')).toBe('ok');
        expect(s.state.dropped).toEqual([]);
        const prices = replay.observationsAt(s.time).map((o) => o.price);
        expect(s.state.index).toBeGreaterThanOrEqual(Math.min(...prices));
        expect(s.state.index).toBeLessThanOrEqual(Math.max(...prices));
        // the mark is an EMA within the clamp: never farther than maxMarkIndexDivergence (+ rounding)
        expectRelClose(s.state.mark, s.state.index, P.maxMarkIndexDivergence + 1e-12, `mark at ${s.time}`);
      }
    });
  }
});
