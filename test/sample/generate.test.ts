/**
 * Synthetic venues: exact sizes, valid inputs, deterministic per seed, and the edge cases a
 * benchmark or a precision test needs (deep ITM/OTM strikes, expiries inside the horizon,
 * huge and tiny quantities), fast enough for 100 000 accounts.
 */
import { describe, expect, it } from 'vitest';
import { parseInstrumentId } from '../../src/model/instrumentId.js';
import { BookSchema, MarketSchema, RiskParamsSchema, type Market } from '../../src/model/schemas.js';
import { yearFraction } from '../../src/model/time.js';
import { parseInput } from '../../src/model/validate.js';
import { generateVenue, type GeneratedVenue } from '../../src/sample/generate.js';
import { expectValidCorrelation } from './correlationCheck.js';

function parseAll(venue: GeneratedVenue) {
  return {
    market: parseInput(MarketSchema, venue.market, 'generated market'),
    params: parseInput(RiskParamsSchema, venue.params, 'generated params'),
    book: parseInput(BookSchema, venue.book, 'generated book'),
  };
}

function optionMoneyness(market: Market) {
  return market.instruments.flatMap((spec) => {
    const p = parseInstrumentId(spec.id)!;
    if (p.kind !== 'option') return [];
    const u = market.underlyings[p.underlying];
    const years = yearFraction(market.valuationTime, p.expiry!);
    return [{ id: spec.id, years, moneyness: p.strike! / (u.spot * Math.exp((market.rate - u.carry) * years)) }];
  });
}

describe('generateVenue', () => {
  it('gives exactly the requested counts, valid inputs and listed instruments only', () => {
    for (const [accounts, instruments] of [
      [1, 1],
      [3, 2],
      [10, 7],
      [25, 61],
      [1000, 300],
    ]) {
      const venue = generateVenue({ accounts, instruments, seed: 11 });
      const { market, book, params } = parseAll(venue);
      const label = `${accounts} accounts × ${instruments} instruments`;
      expect(market.instruments.length, label).toBe(instruments);
      expect(book.accounts.length, label).toBe(accounts);
      expect(new Set(market.instruments.map((s) => s.id)).size, label).toBe(instruments);
      expect(new Set(book.accounts.map((a) => a.id)).size, label).toBe(accounts);
      const listed = new Set(market.instruments.map((s) => s.id));
      for (const account of book.accounts) {
        expect(account.positions.length, `${label} ${account.id}`).toBeGreaterThanOrEqual(Math.min(2, instruments));
        expect(account.positions.length, `${label} ${account.id}`).toBeLessThanOrEqual(20);
        expect(new Set(account.positions.map((p) => p.instrument)).size).toBe(account.positions.length);
        for (const p of account.positions) {
          expect(listed.has(p.instrument), p.instrument).toBe(true);
          expect(Number.isFinite(p.quantity) && p.quantity !== 0, `${p.instrument} ${p.quantity}`).toBe(true);
        }
      }
      for (const spec of market.instruments) {
        const p = parseInstrumentId(spec.id);
        expect(p, spec.id).toBeDefined();
        expect(p!.underlying in market.underlyings).toBe(true);
        expect(p!.underlying in params.underlyings).toBe(true);
        if (spec.underlyingFuture) {
          const future = parseInstrumentId(spec.underlyingFuture)!;
          expect(listed.has(spec.underlyingFuture)).toBe(true);
          expect(future.kind).toBe('future');
          expect(Date.parse(future.expiry!)).toBeGreaterThanOrEqual(Date.parse(p!.expiry!));
        }
      }
    }
  });

  it('keeps ids unique when chains are dense (many instruments on few underlyings)', () => {
    for (const [instruments, underlyings] of [
      [3000, 1],
      [20_000, 2],
      [2000, 3],
    ]) {
      const { market } = generateVenue({ accounts: 1, instruments, seed: 8, underlyings });
      expect(market.instruments.length).toBe(instruments);
      expect(new Set(market.instruments.map((s) => s.id)).size, `${instruments} on ${underlyings}`).toBe(instruments);
      for (const spec of market.instruments) expect(parseInstrumentId(spec.id), spec.id).toBeDefined();
    }
  });

  it('lists mostly options, plus spot, perpetuals and futures on each underlying', () => {
    const { market } = parseAll(generateVenue({ accounts: 10, instruments: 300, seed: 3 }));
    const kinds = new Map<string, number>();
    for (const spec of market.instruments) {
      const kind = parseInstrumentId(spec.id)!.kind;
      kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
    }
    expect(kinds.get('option')!).toBeGreaterThan(300 / 2);
    const underlyings = Object.keys(market.underlyings).filter((u) => u !== 'USDC');
    expect(underlyings.slice(0, 3)).toStrictEqual(['BTC', 'ETH', 'SOL']);
    expect(underlyings).toContain('ASSET1');
    expect(kinds.get('spot')).toBe(underlyings.length);
    expect(kinds.get('perpetual')).toBe(underlyings.length);
    expect(kinds.get('future')!).toBeGreaterThanOrEqual(underlyings.length);
    expect(market.instruments.some((s) => s.underlyingFuture !== undefined)).toBe(true);
    expect(market.instruments.some((s) => parseInstrumentId(s.id)!.kind === 'option' && s.impliedVol === undefined)).toBe(true);
  });

  it('honours an explicit number of underlyings', () => {
    const { market, params } = parseAll(generateVenue({ accounts: 5, instruments: 100, seed: 1, underlyings: 12 }));
    expect(Object.keys(market.underlyings).length).toBe(13); // + USDC
    expect(params.correlation!.factors.length).toBe(26);
    expect(market.instruments.length).toBe(100);
  });

  it('is deterministic for a seed and differs between seeds', () => {
    const a = generateVenue({ accounts: 200, instruments: 150, seed: 5 });
    expect(generateVenue({ accounts: 200, instruments: 150, seed: 5 })).toStrictEqual(a);
    const b = generateVenue({ accounts: 200, instruments: 150, seed: 6 });
    expect(b.book).not.toStrictEqual(a.book);
    expect(b.market).not.toStrictEqual(a.market);
    expect(b.params.seed).toBe(6);
  });

  it('covers deep ITM/OTM strikes, expiries inside the horizon and out to 2 years', () => {
    const { market, params } = parseAll(generateVenue({ accounts: 10, instruments: 300, seed: 9 }));
    const options = optionMoneyness(market);
    const moneyness = options.map((o) => o.moneyness);
    expect(Math.min(...moneyness)).toBeLessThan(0.35);
    expect(Math.max(...moneyness)).toBeGreaterThan(2.7);
    const horizonYears = params.horizonDays / 365.25;
    const years = options.map((o) => o.years);
    expect(years.filter((t) => t < horizonYears).length).toBeGreaterThan(0);
    expect(years.some((t) => Math.abs(t - horizonYears) < 1e-12), 'an expiry exactly at the horizon').toBe(true);
    expect(Math.max(...years)).toBeGreaterThan(1.9);
    expect(Math.max(...years)).toBeLessThanOrEqual(2.01);
  });

  it('exercises precision: huge and tiny quantities, decimal strikes', () => {
    const { book } = parseAll(generateVenue({ accounts: 1000, instruments: 300, seed: 2 }));
    const quantities = book.accounts.flatMap((a) => a.positions.map((p) => Math.abs(p.quantity)));
    expect(Math.max(...quantities)).toBeGreaterThanOrEqual(1e6);
    expect(Math.min(...quantities)).toBeLessThan(1e-3);
    const big = generateVenue({ accounts: 1, instruments: 3000, seed: 2 });
    const decimal = big.market.instruments.filter((s) => /-\d+d\d+-[CP]$/.test(s.id));
    expect(decimal.length).toBeGreaterThan(0);
    for (const spec of decimal) expect(parseInstrumentId(spec.id)!.strike! % 1).not.toBe(0);
  });

  it('builds a positive definite correlation over every factor', () => {
    for (const instruments of [300, 10_000]) {
      const { params, market } = parseAll(generateVenue({ accounts: 1, instruments, seed: 4 }));
      const { factors, matrix } = params.correlation!;
      expect(factors).toStrictEqual(Object.keys(market.underlyings).flatMap((u) => [`${u}.spot`, `${u}.vol`]));
      // Smallest pivot ≥ the idiosyncratic floor of the construction (≈ 0.1), minus rounding.
      expectValidCorrelation(factors, matrix, 0.01);
    }
  });

  it('builds 100 000 accounts with widening ids', () => {
    // Speed is measured by `npm run bench`, never asserted here.
    const venue: GeneratedVenue = generateVenue({ accounts: 100_000, instruments: 300, seed: 1 });
    expect(venue.book.accounts.length).toBe(100_000);
    expect(venue.book.accounts[99_999].id).toBe('acct-100000');
  });

  it('refuses sizes that are not positive integers', () => {
    expect(() => generateVenue({ accounts: 0, instruments: 10, seed: 1 })).toThrow(RangeError);
    expect(() => generateVenue({ accounts: 10, instruments: 2.5, seed: 1 })).toThrow(RangeError);
    expect(() => generateVenue({ accounts: 10, instruments: 10, seed: Number.NaN })).toThrow(RangeError);
  });
});
