/** The nightly governance checks on hand-made packs: each threshold trips exactly when crossed. */
import { describe, expect, it } from 'vitest';
import type { ParameterPack } from '../../src/calibration/pack/types.js';
import { checkPack, DEFAULT_THRESHOLDS } from '../../src/nightly/checks.js';

function pack(asOf: string, vol: number, correlation: number, extra: Partial<ParameterPack['provenance']> = {}): ParameterPack {
  return {
    formatVersion: 1,
    asOf,
    hash: asOf,
    params: { underlyings: { BTC: { vol, volOfVol: 1 }, ETH: { vol: 0.7, volOfVol: 1 } }, correlation: { factors: ['BTC.spot', 'ETH.spot'], matrix: [[1, correlation], [correlation, 1]] } },
    provenance: {
      asOf, method: 'ewma', data: [], estimates: [], warnings: [],
      settings: { windowReturns: 1000, lambda: 0.94, distribution: 'fhs', correlation: { method: 'sample', shrinkage: 'ledoit-wolf' }, stressWindowReturns: 250, horizonDays: 2 },
      correlation: { factors: [], observations: 0, from: '', to: '', keptFromBase: [] },
      stressWindow: { rule: 'highest-average-volatility', vols: {} },
      ...extra,
    },
  };
}

const failed = (results: ReturnType<typeof checkPack>) => results.filter((r) => !r.passed).map((r) => r.check);

describe('nightly checks', () => {
  it('pass without a previous pack, and within the thresholds', () => {
    expect(failed(checkPack(pack('d1', 0.5, 0.8), undefined))).toEqual([]);
    expect(failed(checkPack(pack('d2', 0.5 * 1.49, 0.8 - 0.29), pack('d1', 0.5, 0.8)))).toEqual([]);
  });

  it('a vol moving by more than 50% fails, naming the vol and the move', () => {
    const results = checkPack(pack('d2', 0.76, 0.8), pack('d1', 0.5, 0.8));
    expect(failed(results)).toEqual(['vol change']);
    expect(results[0].detail).toBe('BTC.vol 0.5000 → 0.7600 (+52.0%)');
  });

  it('a correlation moving by more than 0.3 fails', () => {
    const results = checkPack(pack('d2', 0.5, 0.45), pack('d1', 0.5, 0.8));
    expect(failed(results)).toEqual(['correlation change']);
    expect(results[1].detail).toBe('corr(BTC.spot,ETH.spot) 0.800 → 0.450');
  });

  it('a far correlation repair and a failed fit fail', () => {
    const repaired = pack('d1', 0.5, 0.8, { correlation: { factors: [], observations: 0, from: '', to: '', keptFromBase: [], repair: { distance: 0.2, iterations: 9 } } });
    expect(failed(checkPack(repaired, undefined))).toEqual(['correlation repair']);
    const garch = { mu: 0, omega: 1e-5, alpha: 0.1, beta: 0.95, standardErrors: null, converged: false, reason: 'alpha on its bound', logLikelihood: 1 };
    const unfit = pack('d1', 0.5, 0.8, { estimates: [{ asset: 'BTC', vol: 0.5, volOfVol: 1, volOfVolSource: 'base-params', from: '', to: '', returns: 1000, periodsPerYear: 365.25, garch }] });
    const results = checkPack(unfit, undefined, DEFAULT_THRESHOLDS);
    expect(failed(results)).toEqual(['fits converged']);
    expect(results[3].detail).toBe('BTC: alpha on its bound');
  });
});
