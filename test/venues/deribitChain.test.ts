/**
 * The Deribit chain converter on small snapshots generated in Deribit's format
 * (test/helpers/deribitChainFixture.ts: marks from a Black-76 written there on its own erf):
 * our Black-76 reproduces the marks and deltas, the converter gives the index, one rate point
 * per expiry, the dated futures and perpetual as inverse contracts of Deribit's face, every
 * option with its IV on its listed future, and a plan of that market values each option at
 * its mark in coin and each future at its quote. Broken rows are refused with line and column.
 * Tolerances: 1e-12 where the two sides compute the same formula (different erf, a few ulps
 * of values of order 1); 1e-10 coin through the plan (the valuation time is the snapshot's
 * to the millisecond, its rows' to the microsecond: 4e-4 s of theta, far below).
 */
import { describe, expect, it } from 'vitest';
import { prepareRisk } from '../../src/engine/risk.js';
import { checkChainMarks } from '../../src/venues/import/deribitChainCheck.js';
import { deribitChainMarket } from '../../src/venues/import/deribitChainMarket.js';
import { parseDeribitChain } from '../../src/venues/import/deribitChainSnapshot.js';
import { expectClose } from '../helpers/expectClose.js';
import { FIXTURE_COINS, fixtureCsv, fixtureRows, HEADER } from '../helpers/deribitChainFixture.js';

const rows = parseDeribitChain(fixtureCsv(), 'chain.csv');

describe('Deribit chain snapshots', () => {
  it('parse every row of the fixture', () => {
    expect(rows).toHaveLength(2 * FIXTURE_COINS.flatMap((c) => c.expiries.flatMap((e) => e.strikes)).length);
    expect(rows[0]).toMatchObject({ line: 2, instrument: 'BTC-6JAN26-92000-C', coin: 'BTC', type: 'call', strike: 92_000, expiry: '2026-01-06T08:00:00.000Z', futuresInstrument: 'SYN.BTC-6JAN26' });
  });

  it('are reproduced by our Black-76: marks Black(F)/F and deltas N(d1)', () => {
    for (const check of checkChainMarks(rows)) {
      expectClose(check.price, check.markPrice, 1e-12, `${check.instrument} price`);
      expectClose(check.black76Delta, check.delta!, 1e-12, `${check.instrument} delta`);
    }
  });

  it('convert to a market: index, one rate per expiry, inverse futures of Deribit\'s face, options on their futures', () => {
    const { market, valuationTime, coins } = deribitChainMarket(rows, 'chain.csv');
    expect(valuationTime).toBe('2026-01-05T15:33:29.748Z');
    expect(market.rate).toBe(0);
    const btc = market.underlyings.BTC;
    expect(btc.spot).toBe(93_650);
    expect(btc.carry).toBe(0);
    const years = (iso: string) => (Date.parse(iso) - Date.parse(valuationTime)) / (365.25 * 86400e3);
    expect(btc.ratePoints!.map((p) => p.rate)).toEqual(FIXTURE_COINS[0].expiries.map((e) => Math.log(e.futuresPrice / 93_650) / years(e.expiry)));
    expect(coins.map((c) => c.coin)).toEqual(['BTC', 'ETH']);
    const spec = (id: string) => market.instruments.find((i) => i.id === id);
    expect(spec('BTC-PERPETUAL')).toEqual({ id: 'BTC-PERPETUAL', settlement: 'inverse', multiplier: 10 });
    expect(spec('ETH-27MAR26')).toEqual({ id: 'ETH-27MAR26', settlement: 'inverse', multiplier: 1 });
    expect(spec('SYN.BTC-6JAN26')).toBeUndefined();
    expect(spec('BTC-27MAR26-90000-P')).toEqual({ id: 'BTC-27MAR26-90000-P', settlement: 'inverse', multiplier: 1, impliedVol: 0.5 + 0.3 * Math.log(90_000 / 94_702) ** 2, underlyingFuture: 'BTC-27MAR26' });
    expect(spec('BTC-6JAN26-92000-C')!.underlyingFuture).toBeUndefined();
    // ATM vol of an expiry: the strike nearest the future (95,000 for 27MAR26, call and put alike).
    expect(btc.volPoints![1].vol).toBe(0.5 + 0.3 * Math.log(95_000 / 94_702) ** 2);
  });

  it('give a market whose plan values every option at its mark in coin and every future at its quote', () => {
    const { market } = deribitChainMarket(rows, 'chain.csv');
    const held = market.instruments.map((i) => ({ instrument: i.id, quantity: 1 }));
    const plan = prepareRisk({
      market,
      book: { accounts: [{ id: 'a', positions: held }] },
      params: { scenarios: 10, underlyings: { BTC: { vol: 0.5, volOfVol: 1 }, ETH: { vol: 0.7, volOfVol: 1 } } },
    });
    const index = (i: number) => plan.spot[plan.underlyingIndex[i]];
    for (const row of rows) {
      const i = plan.instrumentIds.indexOf(row.instrument);
      expectClose(plan.basePrice[i] / index(i), row.markPrice, 1e-10, `${row.instrument} coin value`);
    }
    for (const e of FIXTURE_COINS.flatMap((c) => c.expiries).filter((e) => !e.future.startsWith('SYN.'))) {
      const i = plan.instrumentIds.indexOf(e.future);
      expectClose(plan.basePrice[i], e.futuresPrice, 1e-9 * e.futuresPrice, `${e.future} price`);
    }
  });

  it('refuse broken rows with the line and the column', () => {
    const good = fixtureRows();
    const edit = (r: number, column: number, value: string) => fixtureCsv(good.map((row, k) => (k === r ? row.map((c, j) => (j === column ? value : c)) : row)));
    expect(() => parseDeribitChain(edit(2, 5, '93000.0'), 'chain.csv')).toThrow(/chain\.csv: line 4\.strike = 93000: disagrees with the instrument name BTC-6JAN26-93500-C/);
    expect(() => parseDeribitChain(edit(0, 14, '0x10'), 'chain.csv')).toThrow(/line 2\.implied_volatility = "0x10": expected a positive decimal number/);
    expect(() => parseDeribitChain(edit(1, 4, 'call'), 'chain.csv')).toThrow(/line 3\.option_type = "call": disagrees with the instrument name BTC-6JAN26-92000-P/);
    expect(() => parseDeribitChain(fixtureCsv([...good, good[0]]), 'chain.csv')).toThrow(`line ${good.length + 2}.instrument_name = "BTC-6JAN26-92000-C": listed twice (also line 2)`);
    expect(() => parseDeribitChain(HEADER.replace(',implied_volatility', '') + '\n', 'chain.csv')).toThrow(/missing column implied_volatility/);
    const sol = fixtureRows([{ coin: 'SOL', index: 140, expiries: [{ code: '27MAR26', expiry: '2026-03-27T08:00:00+00:00', future: 'SOL-27MAR26', futuresPrice: 141, strikes: [140], vol: () => 0.8 }] }]);
    expect(() => deribitChainMarket(parseDeribitChain(fixtureCsv(sol), 'sol.csv'), 'sol.csv')).toThrow(/sol\.csv: line 2\.currency = "SOL": no USD face value for SOL futures/);
  });
});
