/**
 * The failure patterns, replayed through the default parameters. Each test states the status
 * the feed must end in and the price bound it must keep; docs/oracle.md derives the bounds.
 */
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_ORACLE_PARAMS as P, PriceOracle, manipulationSpike, runReplay, slowDrift, stablecoinDepeg, staleFeed,
} from '../../src/oracle/index.js';
import { expectClose, expectRelClose } from '../helpers/expectClose.js';

describe('replays are deterministic', () => {
  it('same seed, same prints, whatever the call order; another seed differs', () => {
    for (const make of [manipulationSpike, staleFeed, slowDrift, stablecoinDepeg]) {
      const a = make();
      const b = make();
      const t = a.steps[100];
      const first = a.observationsAt(t);
      a.observationsAt(a.steps[5]);
      expect(a.observationsAt(t)).toEqual(first);
      expect(b.observationsAt(t)).toEqual(first);
      expect(make({ seed: 99 }).observationsAt(t)).not.toEqual(first);
    }
  });
});

describe('manipulation spike (Mango Markets, Oct 2022): one thin source prints +1,300%', () => {
  const replay = manipulationSpike();
  const run = runReplay(replay);
  const { spikeStart, spikeEnd } = replay.events;

  it('the spiking source is dropped as an outlier for the whole spike', () => {
    const during = run.filter((s) => s.time > spikeStart && s.time < spikeEnd);
    expect(during.length).toBeGreaterThan(40);
    for (const s of during) {
      expect(s.state.dropped).toContainEqual({ source: 'thin-dex-1', reason: 'outlier' });
      expect(s.state.validSources).toBeGreaterThanOrEqual(P.minSources);
    }
  });

  it('the index never follows: it stays within the band of the true price (in fact within honest noise); never halted', () => {
    for (const s of run) {
      expect(s.state.status).not.toBe('halted');
      expect(['ok', 'degraded']).toContain(s.state.status);
      expectRelClose(s.state.index, s.truePrice, P.bandShare, `index at ${s.time} within the band`);
      // honest prints carry 0.1% noise: the median of 4 honest sources stays within 0.5% (5σ)
      expectRelClose(s.state.index, s.truePrice, 0.005, `index at ${s.time} within honest noise`);
      expectRelClose(s.state.mark, s.truePrice, 0.005 + P.maxMarkIndexDivergence, `mark at ${s.time}`);
    }
    expect(run.at(-1)!.state.status).toBe('ok');
  });

  it('variant: the spike on 2 of 3 sources survives filtering; the TWAP gap halts the feed, then it recovers', () => {
    const majority = manipulationSpike({ sources: 3, spiking: 2 });
    const oracle = new PriceOracle({ MNGO: majority.initialPrice }, majority.steps[0]);
    let lastBeforeSpike = 0;
    for (const t of majority.steps) {
      const s = oracle.update('MNGO', majority.observationsAt(t), t);
      const truth = majority.truePrice(t);
      if (t <= majority.events.spikeStart) lastBeforeSpike = s.index;
      // the spike reaches ×2.08 at the first step after its start: far beyond haltTwapGapShare
      if (t > majority.events.spikeStart && t < majority.events.spikeEnd) {
        expect(s.status).toBe('halted');
        expect(oracle.liquidationsFrozen('MNGO')).toBe(true);
        expect(s.index).toBe(lastBeforeSpike);
        expectRelClose(oracle.marginPrice('MNGO', 1), lastBeforeSpike * (1 - P.haltedPriceBuffer), 1e-15, 'long margin price');
        expectRelClose(oracle.marginPrice('MNGO', -1), lastBeforeSpike * (1 + P.haltedPriceBuffer), 1e-15, 'short margin price');
      } else {
        expect(s.status).toBe('ok');
        expectRelClose(s.index, truth, 0.005, `index at ${t} (0.5% = 5σ of honest noise)`);
      }
    }
  });
});

describe('stale feed: every source stops updating', () => {
  const replay = staleFeed();
  const { lastFreshPrint, resumeAt } = replay.events;
  const maxLatencyMs = 1_000; // staleFeed's honest prints are up to 1 s old when delivered

  it('halted once the frozen prints are older than maxAgeMs: liquidations frozen, margin at the last valid price ± buffer; ok again when data returns', () => {
    const oracle = new PriceOracle({ ETH: replay.initialPrice }, replay.steps[0]);
    let lastValid = Number.NaN;
    let lastValidUncertainty = Number.NaN;
    let halts = 0;
    for (const t of replay.steps) {
      const s = oracle.update('ETH', replay.observationsAt(t), t);
      if (t <= lastFreshPrint + P.maxAgeMs - maxLatencyMs) {
        expect(s.status).toBe('ok');
        lastValid = s.index;
        lastValidUncertainty = s.uncertaintyShare;
      } else if (t > lastFreshPrint + P.maxAgeMs && t < resumeAt) {
        halts++;
        expect(s.status).toBe('halted');
        expect(s.reasons).toEqual(['no valid source']);
        expect(oracle.liquidationsFrozen('ETH')).toBe(true);
        expect(s.index).toBe(lastValid);
        expect(s.lastValidIndex).toBe(lastValid);
        expectRelClose(oracle.marginPrice('ETH', 1), lastValid * (1 - P.haltedPriceBuffer), 1e-15, 'long margin price');
        expectRelClose(oracle.marginPrice('ETH', -1), lastValid * (1 + P.haltedPriceBuffer), 1e-15, 'short margin price');
        // the add-on keeps the last valid update's uncertainty (small: the feed was ok), nothing spurious
        expect(s.uncertaintyShare).toBe(lastValidUncertainty);
        expect(oracle.addOn('ETH', 1e6)).toBe(P.degradedAddOnMultiplier * lastValidUncertainty * 1e6);
        expect(lastValidUncertainty).toBeLessThan(P.maxTwapGapShare);
      } else if (t >= resumeAt) {
        expect(s.status).toBe('ok');
        expect(oracle.liquidationsFrozen('ETH')).toBe(false);
        // 0.05% noise on 5 sources: 0.3% is > 5σ of the median
        expectRelClose(s.index, replay.truePrice(t), 0.003, `index after resuming at ${t}`);
      }
    }
    expect(halts).toBeGreaterThan(200); // the ~19-minute outage at 5 s steps
  });
});

describe('slow drift manipulation', () => {
  it('a colluding minority (2 of 5) cannot move the index outside the honest prints; flagged, then dropped', () => {
    const replay = slowDrift();
    const run = runReplay(replay);
    let flaggedAt = Number.NaN;
    let droppedAt = Number.NaN;
    for (const s of run) {
      const obs = replay.observationsAt(s.time);
      const honest = obs.filter((o) => o.source.startsWith('venue-')).map((o) => o.price);
      // the documented bound: the median of n sources with k < n/2 bad ones lies within the honest range
      expect(s.state.index).toBeGreaterThanOrEqual(Math.min(...honest));
      expect(s.state.index).toBeLessThanOrEqual(Math.max(...honest));
      const drifters = obs.filter((o) => o.source.startsWith('drifter-'));
      const median = s.state.index; // the honest sources sit within 0.1% of it; the band is measured from the fresh median
      const inBand = drifters.filter((o) => Math.abs(o.price / median - 1) <= P.bandShare - 0.002);
      const outOfBand = drifters.filter((o) => Math.abs(o.price / median - 1) > P.bandShare + 0.002);
      // a drifter inside the band but more than maxDispersionShare away: flagged
      if (inBand.some((o) => Math.abs(o.price / median - 1) > P.maxDispersionShare)) {
        expect(s.state.status).toBe('degraded');
        if (Number.isNaN(flaggedAt)) flaggedAt = s.time;
      }
      // a drifter clearly beyond the band (0.2% margin for the median's own noise): dropped as an outlier
      const outliers = s.state.dropped.filter((d) => d.reason === 'outlier').map((d) => d.source);
      for (const o of outOfBand) expect(outliers).toContain(o.source);
      if (outOfBand.length > 0 && Number.isNaN(droppedAt)) droppedAt = s.time;
    }
    expect(flaggedAt).toBeGreaterThan(replay.events.driftStart);
    expect(droppedAt).toBeGreaterThan(flaggedAt);
    // once dropped, the 3 honest sources meet minSources: ok again, the drifters listed in `dropped`
    expect(run.at(-1)!.state.status).toBe('ok');
  });

  for (const drifting of [3, 5]) {
    it(`a colluding majority (${drifting} of 5) is flagged before the index moves more than the documented bound`, () => {
      const driftPerStep = 0.0005;
      const replay = slowDrift({ drifting, driftPerStep });
      const run = runReplay(replay);
      const first = run.find((s) => s.state.status !== 'ok')!;
      expect(first.state.status).toBe('degraded');
      expect(first.time).toBeGreaterThan(replay.events.driftStart);
      // bound (docs/oracle.md): maxDispersionShare while an honest source remains in the band,
      // maxTwapGapShare when every source drifts (drift faster than 2·gap/window); plus one step's
      // drift and 0.2% for honest noise (0.03% per print, ~7σ)
      // When every source drifts the guard compares with the TWAP, whose pre-drift level is the true
      // price of up to a window ago: the true price's own move since then adds to the bound.
      const windowTruth = run.filter((s) => s.time >= first.time - P.twapWindowMs && s.time <= first.time).map((s) => s.truePrice);
      const trueMove = Math.max(...windowTruth.map((p) => Math.abs(first.truePrice / p - 1)));
      const bound = drifting < 5 ? P.maxDispersionShare + driftPerStep + 0.002 : P.maxTwapGapShare + driftPerStep + trueMove + 0.002;
      expectClose(first.state.index / first.truePrice - 1, 0, bound, `index move when first flagged (${first.state.reasons.join('; ')})`);
      // never halted: a majority drift is indistinguishable from a real move; it stays flagged (with its add-on)
      const after = run.filter((s) => s.time >= first.time);
      expect(after.every((s) => s.state.status === 'degraded')).toBe(true);
    });
  }

  it('documented limit: a drift on every source slower than 2·maxTwapGapShare/twapWindow is not flagged', () => {
    // 0.00005 per 10 s step = 1.8%/hour < 12%/hour: the TWAP gap stays ≈ 0.9% < 3%
    const replay = slowDrift({ drifting: 5, driftPerStep: 0.00005 });
    const run = runReplay(replay);
    expect(run.every((s) => s.state.status === 'ok')).toBe(true);
  });
});

describe('stablecoin depeg to 0.65: a real move the oracle must follow', () => {
  const replay = stablecoinDepeg();
  const run = runReplay(replay);
  const { depegStart, depegEnd } = replay.events;

  it('the index follows the true price all the way down; never halted', () => {
    for (const s of run) {
      expect(s.state.status).not.toBe('halted');
      // 0.02% noise per print: 0.1% is > 5σ of the median of 5
      expectRelClose(s.state.index, s.truePrice, 0.001, `index at ${s.time}`);
    }
    const end = run.at(-1)!;
    expectClose(end.state.index, 0.65, 0.001, 'final index (0.1% of noise headroom)');
  });

  it('degraded while the TWAP gap is large, then ok; the add-on shows the depeg', () => {
    const degraded = run.filter((s) => s.state.status === 'degraded');
    expect(degraded.length).toBeGreaterThan(100);
    for (const s of degraded) {
      expect(s.time).toBeGreaterThan(depegStart);
      // the time-weighted median catches up half a window after the fall ends (+ one step)
      expect(s.time).toBeLessThanOrEqual(depegEnd + P.twapWindowMs / 2 + 30_000);
      expect(s.state.reasons.join()).toMatch(/TWAP/);
      expect(s.state.uncertaintyShare).toBeGreaterThan(P.maxTwapGapShare);
    }
    const end = run.at(-1)!.state;
    expect(end.status).toBe('ok');
    expectClose(end.mark, 0.65, 0.001, 'final mark (EMA converged; noise headroom)');
  });
});
