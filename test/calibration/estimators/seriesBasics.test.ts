/**
 * Log returns, annualization, rolling realized volatility and the EWMA variance.
 *
 * References: closed forms on tiny series, and pandas 1.5.3 (Debian's python3-pandas, one-off)
 * on the 40 returns below (numpy.random.default_rng(7).standard_t(4, 40) × 0.02, rounded to 4
 * decimals):
 *   seed = np.var(r[:30], ddof=1)
 *   pd.Series(np.concatenate([[seed], r[30:]**2])).ewm(alpha=1-0.94, adjust=False).mean()
 *   pd.Series(r).pow(2).rolling(10).mean().pow(0.5) * np.sqrt(365)     # RMS about zero
 *   pd.Series(r).rolling(10).std(ddof=1) * np.sqrt(252)                # demeaned, trading days
 * pandas' recursion is a different code path (Cython ewm) from ours; agreement is to rounding.
 */
import { describe, expect, it } from 'vitest';
import { annualizeVariance, annualizeVolatility } from '../../../src/calibration/estimators/annualization.js';
import { ewmaVariance } from '../../../src/calibration/estimators/ewmaVariance.js';
import { logReturns } from '../../../src/calibration/estimators/logReturns.js';
import { realizedVolatility } from '../../../src/calibration/estimators/realizedVolatility.js';
import { EstimatorInputError } from '../../../src/calibration/estimators/validate.js';
import { expectClose } from '../../helpers/expectClose.js';
import { checkRelClose } from './report.js';

const RETURNS_40 = [
  0.0, -0.0235, 0.0008, -0.0114, 0.0035, 0.0289, -0.0765, -0.0093, 0.0037, -0.012, -0.0408, -0.0123, -0.0005, -0.0023,
  -0.0261, -0.0251, -0.0075, -0.0255, -0.0032, 0.0091, 0.0054, -0.0332, 0.0134, -0.0138, -0.0105, 0.0172, -0.0033,
  -0.0058, -0.0072, -0.0065, -0.0004, 0.0231, -0.0249, -0.0504, 0.0018, -0.0127, -0.0042, 0.0181, 0.0012, -0.0134,
];

const PANDAS_EWMA = [
  0.0003826577126436782, 0.0003597078498850575, 0.00037014197889195403, 0.0003851340601584368, 0.0005144356165489308,
  0.0004837638795559949, 0.00046441544678263517, 0.00043760891997567705, 0.00043100898477713644, 0.00040523484569050827,
  0.0003916943549490777,
];

/** Rounding of a few dozen sums and products of numbers ~1e-3: 1e-13 relative is ~500 ulps. */
const ROUNDING = 1e-13;

describe('logReturns', () => {
  it('is ln(P_t / P_{t−1}), one fewer than the prices', () => {
    const r = logReturns([100, 110, 99, 99]);
    expect(r.length).toBe(3);
    expectClose(r[0], Math.log(1.1), 1e-16, 'ln(110/100)');
    expectClose(r[1], Math.log(0.9), 1e-16, 'ln(99/110)');
    expect(r[2]).toBe(0);
  });

  it('refuses non-positive, non-finite and too few prices, naming the index', () => {
    expect(() => logReturns([100, 0, 5])).toThrow(/prices\[1\] is 0: prices must be finite and > 0/);
    expect(() => logReturns([100, NaN])).toThrow(/prices\[1\] is NaN/);
    expect(() => logReturns([100])).toThrow(/needs at least 2/);
    expect(() => logReturns([100, -1])).toThrow(EstimatorInputError);
  });
});

describe('annualization', () => {
  it('scales a vol by √periods and a variance by periods, 365 by default', () => {
    expectClose(annualizeVolatility(0.02), 0.02 * Math.sqrt(365), 1e-17, 'daily 2% over 365 days');
    expectClose(annualizeVolatility(0.02, 252), 0.02 * Math.sqrt(252), 1e-17, 'daily 2% over 252 days');
    expectClose(annualizeVariance(4e-4), 4e-4 * 365, 1e-17, 'variance over 365 days');
    expect(() => annualizeVolatility(0.02, 0)).toThrow(/periodsPerYear is 0/);
  });
});

describe('realizedVolatility', () => {
  it('matches pandas rolling RMS (√365) and rolling sd with ddof 1 (√252)', () => {
    const rms = realizedVolatility(RETURNS_40, 10);
    expect(rms.volatility.length).toBe(31);
    expect(rms.firstEndIndex).toBe(9);
    const expectedRms = [0.5276135043760726, 0.5823533034164055, 0.5696493043970123];
    expectedRms.forEach((value, k) => checkRelClose(`RMS vol window ${k}`, rms.volatility[k], value, ROUNDING));
    checkRelClose('RMS vol last window', rms.volatility[30], 0.40005284650905804, ROUNDING);
    const sd = realizedVolatility(RETURNS_40, 10, { demean: true, periodsPerYear: 252 });
    [0.43341819066578186, 0.4559735430921404, 0.4526602611230635].forEach((value, k) =>
      checkRelClose(`demeaned vol window ${k}`, sd.volatility[k], value, ROUNDING),
    );
    checkRelClose('demeaned vol last window', sd.volatility[30], 0.33478095525283397, ROUNDING);
  });

  it('is |r|·√365 for a constant-magnitude series (closed form)', () => {
    const out = realizedVolatility([0.01, -0.01, 0.01, -0.01], 2);
    out.volatility.forEach((v) => expectClose(v, 0.01 * Math.sqrt(365), 1e-16, 'RMS of ±1%'));
  });

  it('refuses a window longer than the series and non-finite returns', () => {
    expect(() => realizedVolatility([0.01, 0.02], 3)).toThrow(/has 2 values; needs at least 3/);
    expect(() => realizedVolatility([0.01, Infinity, 0.02], 2)).toThrow(/returns\[1\] is Infinity/);
    expect(() => realizedVolatility([0.01, 0.02], 1)).toThrow(/window is 1: must be an integer ≥ 2/);
  });
});

describe('ewmaVariance', () => {
  it('matches pandas ewm(adjust=False) seeded with the sample variance of the first 30 returns', () => {
    const out = ewmaVariance(RETURNS_40);
    expect(out.seedIndex).toBe(29);
    expect(out.variance.length).toBe(PANDAS_EWMA.length);
    PANDAS_EWMA.forEach((value, k) => checkRelClose(`EWMA v at return ${out.seedIndex + k}`, out.variance[k], value, ROUNDING));
    expect(out.forecast).toBe(out.variance[out.variance.length - 1]);
  });

  it('equals the closed form λ^k·seed + (1 − λ)·Σ λ^(k−j)·r_j² (tiny series)', () => {
    const r = [0.01, -0.03, 0.02, 0.05, -0.01];
    const lambda = 0.9;
    const out = ewmaVariance(r, { lambda, seedCount: 3 });
    const mean = (0.01 - 0.03 + 0.02) / 3;
    const seed = ((0.01 - mean) ** 2 + (-0.03 - mean) ** 2 + (0.02 - mean) ** 2) / 2;
    expect(out.seedIndex).toBe(2);
    expectClose(out.variance[0], seed, 1e-18, 'seed = sample variance (n − 1)');
    expectClose(out.variance[1], lambda * seed + (1 - lambda) * 0.05 ** 2, 1e-18, 'one update');
    expectClose(out.variance[2], lambda ** 2 * seed + (1 - lambda) * (lambda * 0.05 ** 2 + 0.01 ** 2), 1e-18, 'two updates');
  });

  it('refuses bad λ, seedCount and too few or non-finite returns', () => {
    expect(() => ewmaVariance(RETURNS_40, { lambda: 1 })).toThrow(/lambda is 1: must be a number in \(0, 1\)/);
    expect(() => ewmaVariance(RETURNS_40, { seedCount: 1 })).toThrow(/seedCount is 1/);
    expect(() => ewmaVariance(RETURNS_40.slice(0, 20))).toThrow(/has 20 values; needs at least 30/);
    expect(() => ewmaVariance([...RETURNS_40.slice(0, 35), NaN])).toThrow(/returns\[35\] is NaN/);
  });
});
