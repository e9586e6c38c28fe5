import { describe, expect, it } from 'vitest';
import { DEFAULT_ORACLE_PARAMS, OracleParamsSchema, parseOracleParams, PriceOracle } from '../../src/oracle/index.js';

describe('oracle parameters', () => {
  it('defaults are the documented values (docs/oracle.md)', () => {
    expect(DEFAULT_ORACLE_PARAMS).toEqual({
      maxAgeMs: 60_000,
      bandShare: 0.05,
      minSources: 3,
      haltBelowSources: 1,
      emaHalfLifeMs: 60_000,
      maxMarkIndexDivergence: 0.01,
      maxConfidenceShare: 0.01,
      maxDispersionShare: 0.01,
      twapWindowMs: 1_800_000,
      maxTwapGapShare: 0.03,
      haltTwapGapShare: 0.25,
      degradedAddOnMultiplier: 1,
      haltedPriceBuffer: 0.05,
    });
    expect(OracleParamsSchema.parse({})).toEqual(DEFAULT_ORACLE_PARAMS);
  });

  it('a partial override keeps the other defaults', () => {
    const p = parseOracleParams({ bandShare: 0.1 });
    expect(p.bandShare).toBe(0.1);
    expect(p.maxAgeMs).toBe(DEFAULT_ORACLE_PARAMS.maxAgeMs);
  });

  it('errors name the offending field and value', () => {
    expect(() => parseOracleParams({ bandShare: -1 })).toThrow(/bandShare = -1/);
    expect(() => parseOracleParams({ minSources: 2.5 })).toThrow(/minSources = 2.5/);
    expect(() => parseOracleParams({ maxAgeMs: Number.NaN })).toThrow(/maxAgeMs = NaN/);
    expect(() => parseOracleParams({ haltedPriceBuffer: 1 })).toThrow(/haltedPriceBuffer/);
    // a typo is an error, not a silently ignored field
    expect(() => parseOracleParams({ bandshare: 0.1 })).toThrow(/bandshare/);
  });

  it('cross-field rules: halt thresholds beyond the degrade thresholds', () => {
    expect(() => parseOracleParams({ haltTwapGapShare: 0.02 })).toThrow(/haltTwapGapShare.*must exceed maxTwapGapShare/);
    expect(() => parseOracleParams({ haltBelowSources: 4, minSources: 3 })).toThrow(/haltBelowSources.*must not exceed minSources/);
  });

  it('PriceOracle validates its parameters and initial prices', () => {
    expect(() => new PriceOracle({ BTC: 60_000 }, 0, { maxAgeMs: 0 })).toThrow(/maxAgeMs/);
    expect(() => new PriceOracle({ BTC: 0 }, 0)).toThrow(/BTC.*price must be finite and > 0/);
  });
});
