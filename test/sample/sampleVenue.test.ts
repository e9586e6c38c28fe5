/**
 * The sample venue is valid input, realistic in shape, and holds every archetype the docs
 * and the demos rely on.
 */
import { describe, expect, it } from 'vitest';
import { parseInstrumentId, type ParsedInstrumentId } from '../../src/model/instrumentId.js';
import { BookSchema, MarketSchema, RiskParamsSchema, type Book, type Market } from '../../src/model/schemas.js';
import { yearFraction } from '../../src/model/time.js';
import { parseInput } from '../../src/model/validate.js';
import { SAMPLE_FACTORS, sampleBook, sampleMarket, sampleParams } from '../../src/sample/sampleVenue.js';
import { expectValidCorrelation } from './correlationCheck.js';

const market: Market = parseInput(MarketSchema, sampleMarket(), 'sample market');
const book: Book = parseInput(BookSchema, sampleBook(), 'sample book');
const params = parseInput(RiskParamsSchema, sampleParams(), 'sample params');
const parsed = new Map(market.instruments.map((spec) => [spec.id, parseInstrumentId(spec.id)]));
const spec = new Map(market.instruments.map((s) => [s.id, s]));

function kindOf(id: string): ParsedInstrumentId {
  const p = parsed.get(id);
  if (!p) throw new Error(`${id} is not listed or does not parse`);
  return p;
}

function forward(underlying: string, expiry: string): number {
  const u = market.underlyings[underlying];
  return u.spot * Math.exp((market.rate - u.carry) * yearFraction(market.valuationTime, expiry));
}

describe('sample venue: market', () => {
  it('parses and is valued 2026-11-24 08:00 UTC with BTC, ETH, SOL and USDC', () => {
    expect(market.valuationTime).toBe('2026-11-24T08:00:00.000Z');
    expect(Object.keys(market.underlyings).sort()).toStrictEqual(['BTC', 'ETH', 'SOL', 'USDC']);
    expect(market.underlyings.BTC.spot).toBeGreaterThan(90_000);
    expect(market.underlyings.BTC.spot).toBeLessThan(100_000);
    expect(market.underlyings.USDC.spot).toBe(1);
    expect(market.rate).toBeCloseTo(0.04, 10);
  });

  it('lists unique ids that parse, multiplier 1, and spot, perpetual, futures and options on each coin', () => {
    expect(new Set(market.instruments.map((s) => s.id)).size).toBe(market.instruments.length);
    for (const s of market.instruments) {
      expect(parsed.get(s.id), s.id).toBeDefined();
      expect(s.multiplier).toBe(1);
    }
    for (const coin of ['BTC', 'ETH', 'SOL']) {
      expect(spec.has(`${coin}_USDC`)).toBe(true);
      expect(spec.has(`${coin}-PERPETUAL`)).toBe(true);
      const futures = market.instruments.filter((s) => kindOf(s.id).kind === 'future' && kindOf(s.id).underlying === coin);
      expect(futures.length).toBeGreaterThanOrEqual(4);
    }
  });

  it('option chains: 7–11 round strikes around the forward, explicit vols with a negative skew', () => {
    const chains = new Map<string, { strikes: number[]; vol: Map<number, number> }>();
    for (const s of market.instruments) {
      const p = kindOf(s.id);
      if (p.kind !== 'option') continue;
      expect(s.impliedVol, s.id).toBeDefined();
      const key = `${p.underlying} ${p.expiry}`;
      const chain = chains.get(key) ?? { strikes: [] as number[], vol: new Map<number, number>() };
      chains.set(key, chain);
      if (!chain.vol.has(p.strike!)) chain.strikes.push(p.strike!);
      chain.vol.set(p.strike!, s.impliedVol!);
      const round = ({ BTC: 1000, ETH: 100, SOL: 5 } as Record<string, number>)[p.underlying];
      expect(p.strike! % round, s.id).toBe(0);
    }
    expect(chains.size).toBeGreaterThanOrEqual(15);
    for (const [key, chain] of chains) {
      const [underlying, expiry] = key.split(' ');
      expect(chain.strikes.length, key).toBeGreaterThanOrEqual(7);
      expect(chain.strikes.length, key).toBeLessThanOrEqual(11);
      const f = forward(underlying, expiry);
      const strikes = [...chain.strikes].sort((a, b) => a - b);
      expect(strikes[0], key).toBeLessThan(f);
      expect(strikes[strikes.length - 1], key).toBeGreaterThan(f);
      // Negative skew: the low-strike wing is richer than the equally far high-strike wing.
      expect(chain.vol.get(strikes[0])!, key).toBeGreaterThan(chain.vol.get(strikes[strikes.length - 1])!);
      for (const vol of chain.vol.values()) {
        expect(vol).toBeGreaterThan(0.3);
        expect(vol).toBeLessThan(1.6);
      }
    }
  });

  it('has weeklies, a daily inside the horizon, and options on dated futures', () => {
    const optionYears = market.instruments
      .filter((s) => kindOf(s.id).kind === 'option')
      .map((s) => yearFraction(market.valuationTime, kindOf(s.id).expiry!) * 365.25);
    expect(Math.min(...optionYears)).toBeLessThan(params.horizonDays);
    expect(Math.max(...optionYears)).toBeGreaterThan(180);
    const onFutures = market.instruments.filter((s) => s.underlyingFuture !== undefined);
    expect(onFutures.length).toBeGreaterThan(0);
    for (const s of onFutures) {
      const future = kindOf(s.underlyingFuture!);
      expect(future.kind).toBe('future');
      expect(future.underlying).toBe(kindOf(s.id).underlying);
      expect(Date.parse(future.expiry!)).toBeGreaterThanOrEqual(Date.parse(kindOf(s.id).expiry!));
    }
  });
});

describe('sample venue: params', () => {
  it('parses with the agreed settings', () => {
    expect(params).toMatchObject({ horizonDays: 2, confidence: 0.99, scenarios: 10_000, seed: 42, distribution: { type: 'normal' } });
    expect(Object.keys(params.underlyings).sort()).toStrictEqual(['BTC', 'ETH', 'SOL', 'USDC']);
    expect(params.underlyings.USDC.vol).toBeLessThan(0.05);
    for (const coin of ['BTC', 'ETH', 'SOL']) {
      expect(params.underlyings[coin].volOfVol).toBeGreaterThanOrEqual(0.8);
      expect(params.underlyings[coin].volOfVol).toBeLessThanOrEqual(1.2);
    }
  });

  it('correlation is symmetric, unit-diagonal, positive definite, with crypto-like signs', () => {
    const { factors, matrix } = params.correlation!;
    expect(factors).toStrictEqual(SAMPLE_FACTORS);
    expectValidCorrelation(factors, matrix, 0.05);
    const at = (a: string, b: string) => matrix[factors.indexOf(a)][factors.indexOf(b)];
    for (const [a, b] of [['BTC', 'ETH'], ['BTC', 'SOL'], ['ETH', 'SOL']]) {
      expect(at(`${a}.spot`, `${b}.spot`)).toBeGreaterThanOrEqual(0.7);
      expect(at(`${a}.spot`, `${b}.spot`)).toBeLessThanOrEqual(0.85);
      expect(at(`${a}.vol`, `${b}.vol`)).toBeGreaterThanOrEqual(0.6);
    }
    for (const coin of ['BTC', 'ETH', 'SOL']) expect(at(`${coin}.spot`, `${coin}.vol`)).toBeLessThan(-0.25);
    expect(Math.abs(at('USDC.spot', 'BTC.spot'))).toBeLessThan(0.1);
  });
});

describe('sample venue: book', () => {
  const sides = (account: Book['accounts'][number]) => {
    const legs = account.positions.map((p) => ({ ...kindOf(p.instrument), quantity: p.quantity }));
    return {
      legs,
      shortOption: legs.some((l) => l.kind === 'option' && l.quantity < 0),
      longOption: legs.some((l) => l.kind === 'option' && l.quantity > 0),
      longSpot: legs.some((l) => l.kind === 'spot' && l.quantity > 0),
      shortCall: legs.some((l) => l.kind === 'option' && l.optionType === 'call' && l.quantity < 0),
      longPut: legs.some((l) => l.kind === 'option' && l.optionType === 'put' && l.quantity > 0),
      shortFuture: legs.some((l) => l.kind === 'future' && l.quantity < 0),
      perp: legs.some((l) => l.kind === 'perpetual'),
    };
  };
  const notional = (account: Book['accounts'][number]) =>
    account.positions.reduce((sum, p) => sum + Math.abs(p.quantity) * market.underlyings[kindOf(p.instrument).underlying].spot, 0);

  it('has ≥ 240 accounts with plain unique ids, each holding listed instruments', () => {
    expect(book.accounts.length).toBeGreaterThanOrEqual(240);
    expect(new Set(book.accounts.map((a) => a.id)).size).toBe(book.accounts.length);
    book.accounts.forEach((account, a) => {
      expect(account.id).toBe(`acct-${String(a + 1).padStart(4, '0')}`);
      expect(account.positions.length, account.id).toBeGreaterThan(0);
      for (const p of account.positions) {
        expect(spec.has(p.instrument), `${account.id} ${p.instrument}`).toBe(true);
        expect(Number.isFinite(p.quantity) && p.quantity !== 0, `${account.id} ${p.instrument} ${p.quantity}`).toBe(true);
      }
      for (const [asset, amount] of Object.entries(account.balances)) {
        expect(asset in market.underlyings, `${account.id} ${asset}`).toBe(true);
        expect(amount >= 0 && Number.isFinite(amount), `${account.id} ${asset} ${amount}`).toBe(true);
      }
    });
  });

  it('holds every archetype', () => {
    const all = book.accounts.map(sides);
    const count = (test: (s: ReturnType<typeof sides>) => boolean) => all.filter(test).length;
    expect(count((s) => s.shortOption && !s.longOption && !s.longSpot), 'naked short options').toBeGreaterThanOrEqual(20);
    expect(count((s) => s.longSpot && s.shortCall), 'covered calls').toBeGreaterThanOrEqual(10);
    expect(count((s) => (s.longSpot || s.perp) && s.longPut && !s.shortOption), 'protective puts').toBeGreaterThanOrEqual(10);
    expect(count((s) => s.longSpot && s.shortFuture && s.legs.length === 2), 'basis trades').toBeGreaterThanOrEqual(10);
    expect(count((s) => s.legs.every((l) => l.kind === 'perpetual' || l.kind === 'future')), 'directional').toBeGreaterThanOrEqual(20);
    const straddles = all.filter((s) => {
      const options = s.legs.filter((l) => l.kind === 'option');
      return s.perp && options.length === 2 && options[0].strike === options[1].strike && options[0].optionType !== options[1].optionType;
    });
    expect(straddles.some((s) => s.shortOption) && straddles.some((s) => s.longOption), 'long and short hedged straddles').toBe(true);
    const calendars = all.filter((s) => {
      const options = s.legs.filter((l) => l.kind === 'option');
      return options.length === 2 && options[0].quantity < 0 && options[1].quantity > 0 && options[0].expiry! < options[1].expiry!;
    });
    expect(calendars.length, 'calendar spreads').toBeGreaterThanOrEqual(10);
    const multiAsset = all.filter((s) => new Set(s.legs.map((l) => l.underlying)).size >= 3);
    expect(multiAsset.length, 'multi-asset').toBeGreaterThanOrEqual(10);
    const sizes = book.accounts.map(notional);
    expect(sizes.filter((n) => n > 5e6).length, 'whales').toBeGreaterThanOrEqual(3);
    expect(sizes.filter((n) => n < 1000).length, 'near-empty').toBeGreaterThanOrEqual(3);
  });

  it('is collateralized in USDC and sometimes BTC/ETH; sizes are realistic', () => {
    const withUsdc = book.accounts.filter((a) => (a.balances.USDC ?? 0) > 0).length;
    expect(withUsdc / book.accounts.length).toBeGreaterThan(0.9);
    expect(book.accounts.some((a) => (a.balances.BTC ?? 0) > 0)).toBe(true);
    expect(book.accounts.some((a) => (a.balances.ETH ?? 0) > 0)).toBe(true);
    const typical = book.accounts.map(notional).sort((a, b) => a - b)[Math.floor(book.accounts.length / 2)];
    expect(typical).toBeGreaterThan(20_000);
    expect(typical).toBeLessThan(5_000_000);
  });

  it('is deterministic and hands out fresh objects', () => {
    expect(sampleBook()).toStrictEqual(sampleBook());
    expect(sampleMarket()).toStrictEqual(sampleMarket());
    const mutated = sampleParams();
    mutated.correlation!.matrix[0][1] = 0.5;
    mutated.underlyings.BTC.vol = 9;
    expect(sampleParams().correlation!.matrix[0][1]).toBe(-0.35);
    expect(sampleParams().underlyings.BTC.vol).not.toBe(9);
  });
});
