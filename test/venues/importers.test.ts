/**
 * The CCXT and Deribit importers on one coin-margined account exported both ways
 * (test/helpers/importExamples.ts, shown in the README): the same book from either, with the
 * inverse perpetual's USD size turned into contracts of the market's face, options in coins,
 * and the coin balance net of the options' value the venue's equity counts; the book runs
 * through margin on the chain fixture's market. Refusals name the record's index and field,
 * for unknown symbols, mixed units and instruments the market lacks. Amounts are compared
 * exactly where the import only divides by a power of ten or adds the venue's own numbers
 * (1e-12 relative: a few ulps of a sum of three products).
 */
import { describe, expect, it } from 'vitest';
import { MarketSchema, type Market } from '../../src/model/schemas.js';
import { runMargin } from '../../src/margin/runMargin.js';
import { prepareMargin } from '../../src/margin/setup.js';
import { importCcxt } from '../../src/venues/import/ccxtImport.js';
import { parseCcxtSymbol } from '../../src/venues/import/ccxtSymbol.js';
import { importDeribit } from '../../src/venues/import/deribitImport.js';
import { deribitChainMarket } from '../../src/venues/import/deribitChainMarket.js';
import { parseDeribitChain } from '../../src/venues/import/deribitChainSnapshot.js';
import { sampleMarket } from '../../src/sample/sampleVenue.js';
import { fixtureCsv } from '../helpers/deribitChainFixture.js';
import { CCXT_BALANCES, CCXT_POSITIONS, DERIBIT_POSITIONS, DERIBIT_SUMMARY, EXPECTED_ACCOUNT } from '../helpers/importExamples.js';
import { expectClose } from '../helpers/expectClose.js';

const chainMarket = deribitChainMarket(parseDeribitChain(fixtureCsv(), 'chain.csv'), 'chain.csv').market;
const market: Market = MarketSchema.parse(chainMarket);
const ccxtSources = { positions: 'positions.json', balances: 'balances.json' };
const deribitSources = { positions: 'positions.json', summary: 'summary.json' };
const clone = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

function expectAccount(account: { balances?: Record<string, number>; positions: { instrument: string; quantity: number }[] }) {
  expect(account.positions).toEqual(EXPECTED_ACCOUNT.positions);
  expectClose(account.balances!.BTC, EXPECTED_ACCOUNT.balances.BTC, 1e-12 * EXPECTED_ACCOUNT.balances.BTC, 'BTC balance');
}

describe('CCXT symbols', () => {
  it('give our ids and the settlement: inverse when settled in the base, linear in the quote', () => {
    expect(parseCcxtSymbol('BTC/USD:BTC')).toMatchObject({ id: 'BTC-PERPETUAL', settlement: 'inverse', settle: 'BTC', kind: 'perpetual' });
    expect(parseCcxtSymbol('BTC/USDC:USDC')).toMatchObject({ id: 'BTC_USDC-PERPETUAL', settlement: 'linear', settle: 'USDC' });
    expect(parseCcxtSymbol('ETH/USD:ETH-261225')).toMatchObject({ id: 'ETH-25DEC26', kind: 'future', expiry: '2026-12-25T08:00:00.000Z' });
    expect(parseCcxtSymbol('BTC/USD:BTC-260327-90000-P')).toMatchObject({ id: 'BTC-27MAR26-90000-P', kind: 'option', strike: 90_000, optionType: 'put' });
    expect(parseCcxtSymbol('XRP/USDC:USDC-261225-0.625-C')).toMatchObject({ id: 'XRP_USDC-25DEC26-0d625-C', settlement: 'linear' });
    expect(parseCcxtSymbol('BTC/USDT')).toEqual({ reason: 'a spot market: spot holdings are balances, not positions' });
    expect(parseCcxtSymbol('BTC/USDT:USDC')).toEqual({ reason: 'mixed units: it settles in USDC, neither its base BTC nor its quote USDT' });
    expect(parseCcxtSymbol('BTC/USD:BTC-261345')).toEqual({ reason: 'unknown symbol: 261345 is not a date YYMMDD' });
  });
});

describe('importing an account', () => {
  it('from Deribit: get_positions and get_account_summary', () => {
    const { book, instruments, warnings } = importDeribit({ positions: DERIBIT_POSITIONS, summary: DERIBIT_SUMMARY, market, sources: deribitSources });
    expect(instruments).toBeUndefined();
    expect(warnings).toEqual([]);
    expect(book.accounts).toHaveLength(1);
    expect(book.accounts[0].id).toBe('deribit');
    expectAccount(book.accounts[0]);
  });

  it('from CCXT: fetchPositions and fetchBalance, the same account', () => {
    const { book } = importCcxt({ positions: CCXT_POSITIONS, balances: CCXT_BALANCES, market, account: 'acct-1', sources: ccxtSources });
    expect(book.accounts[0].id).toBe('acct-1');
    expectAccount(book.accounts[0]);
  });

  it("from CCXT's Deribit adapter, which leaves contracts empty and keeps Deribit's size in info", () => {
    const positions = DERIBIT_POSITIONS.result.map((raw, k) => ({ ...CCXT_POSITIONS[k], contracts: undefined, info: raw }));
    expectAccount(importCcxt({ positions, balances: CCXT_BALANCES, market, sources: ccxtSources }).book.accounts[0]);
  });

  it('without a market: quantities in the venue\'s contracts, and the instrument entries with settlement and contract size', () => {
    const { book, instruments } = importCcxt({ positions: CCXT_POSITIONS, balances: CCXT_BALANCES, sources: ccxtSources });
    expect(book.accounts[0].positions).toEqual([
      { instrument: 'BTC-PERPETUAL', quantity: -5000 },
      { instrument: 'BTC-27MAR26-90000-P', quantity: -2.5 },
      { instrument: 'BTC-27MAR26-140000-C', quantity: 1 },
    ]);
    expect(instruments).toEqual([
      { id: 'BTC-PERPETUAL', settlement: 'inverse', multiplier: 10 },
      { id: 'BTC-27MAR26-90000-P', settlement: 'inverse', multiplier: 1 },
      { id: 'BTC-27MAR26-140000-C', settlement: 'inverse', multiplier: 1 },
    ]);
    // Deribit's positions carry no contract size: its own units (USD of face, coins), multiplier 1.
    const deribit = importDeribit({ positions: DERIBIT_POSITIONS, summary: DERIBIT_SUMMARY, sources: deribitSources });
    expect(deribit.book.accounts[0].positions[0]).toEqual({ instrument: 'BTC-PERPETUAL', quantity: -50000 });
    expect(deribit.instruments![0]).toEqual({ id: 'BTC-PERPETUAL', settlement: 'inverse', multiplier: 1 });
  });

  it('nets the long and the short record of one instrument (hedge mode); two on one side are refused', () => {
    const hedged = [...clone(CCXT_POSITIONS), { symbol: 'BTC/USD:BTC', side: 'long', contracts: 1500, contractSize: 10, markPrice: 93652.5 }];
    const { book } = importCcxt({ positions: hedged, balances: CCXT_BALANCES, market, sources: ccxtSources });
    expect(book.accounts[0].positions[0]).toEqual({ instrument: 'BTC-PERPETUAL', quantity: -3500 });
    hedged[3].side = 'short';
    expect(() => importCcxt({ positions: hedged, balances: CCXT_BALANCES, market, sources: ccxtSources })).toThrow(
      'positions.json: [3].symbol = "BTC/USD:BTC": record [0] holds BTC-PERPETUAL on the same side: merge them',
    );
  });

  it('gives a book that margins on the chain market, with its figures in BTC', async () => {
    const { book } = importDeribit({ positions: DERIBIT_POSITIONS, summary: DERIBIT_SUMMARY, market, sources: deribitSources });
    const setup = prepareMargin({ market: chainMarket, book, params: { scenarios: 2000, underlyings: { BTC: { vol: 0.5, volOfVol: 1 }, ETH: { vol: 0.7, volOfVol: 1 } } } });
    const { margin } = await runMargin(setup, { attribution: false });
    const account = margin.accounts[0];
    expect(account.coin![0].asset).toBe('BTC');
    expect(account.coin![0].margin.portfolio!.initial).toBe(account.margin.portfolio.initial / 93_650);
    // Short 5,000 contracts of US$10: 50,000 USD of face, 0.5339 BTC at the perpetual's price.
    const perp = setup.plan.instrumentIds.indexOf('BTC-PERPETUAL');
    expectClose(setup.plan.multiplier[perp] * setup.plan.basePrice[perp], 10, 1e-12, 'USD face of one contract');
  });
});

describe('refused records', () => {
  const deribit = (edit: (positions: typeof DERIBIT_POSITIONS) => void, m: Market | undefined = market) => {
    const positions = clone(DERIBIT_POSITIONS);
    edit(positions);
    return () => importDeribit({ positions, summary: DERIBIT_SUMMARY, market: m, sources: deribitSources });
  };
  const ccxt = (edit: (positions: Record<string, unknown>[]) => void, m: Market | undefined = market) => {
    const positions = clone(CCXT_POSITIONS) as Record<string, unknown>[];
    edit(positions);
    return () => importCcxt({ positions, balances: CCXT_BALANCES, market: m, sources: ccxtSources });
  };

  it('unknown symbols and instrument names', () => {
    expect(ccxt((p) => (p[1].symbol = 'BTC/USD:BTC-260327-90000'))).toThrow('positions.json: [1].symbol = "BTC/USD:BTC-260327-90000": unknown symbol');
    expect(ccxt((p) => (p[0].symbol = 'BTC/USDT'))).toThrow('positions.json: [0].symbol = "BTC/USDT": a spot market');
    expect(deribit((p) => (p.result[2].instrument_name = 'BTC-27MAR26-140000'))).toThrow('positions.json: [2].instrument_name = "BTC-27MAR26-140000": unknown instrument name');
    expect(deribit((p) => (p.result[1].kind = 'option_combo'))).toThrow('positions.json: [1].kind = "option_combo": expected future or option');
  });

  it('mixed units', () => {
    expect(ccxt((p) => (p[0].symbol = 'BTC/USDT:USDC'))).toThrow('[0].symbol = "BTC/USDT:USDC": mixed units: it settles in USDC');
    // The perpetual's size given in coins where Deribit states USD of face.
    expect(deribit((p) => (p.result[0].size = -0.53389))).toThrow("positions.json: [0].size = -0.53389: mixed units: an inverse future's size is in USD of face (size_currency × mark_price = 50000");
    // A market that lists the perpetual as linear (the sample venue's) against Deribit's inverse one.
    const linearMarket = MarketSchema.parse({ ...sampleMarket(), valuationTime: chainMarket.valuationTime });
    expect(deribit(() => undefined, linearMarket)).toThrow('[0].instrument_name = "BTC-PERPETUAL": mixed units: the market lists BTC-PERPETUAL linear, the venue settles it inverse (in BTC)');
    expect(ccxt((p) => delete p[0].contractSize)).toThrow('[0].contractSize = (missing): required');
    expect(() => importCcxt({ positions: CCXT_POSITIONS, balances: { ...CCXT_BALANCES, BTC: { total: 2.4 } }, market, sources: ccxtSources })).toThrow(
      'balances.json: BTC.total = 2.4: disagrees with total.BTC = 2.5',
    );
  });

  it('positions on instruments the market lacks, and sides that disagree with sizes', () => {
    expect(deribit((p) => p.result.push({ instrument_name: 'BTC_USDC-PERPETUAL', kind: 'future', direction: 'buy', size: 0.3, size_currency: 0.3, mark_price: 93660, index_price: 93650, average_price: 93000 }))).toThrow(
      'positions.json: [3].instrument_name = "BTC_USDC-PERPETUAL": BTC_USDC-PERPETUAL is not in the market',
    );
    expect(ccxt((p) => (p[2].symbol = 'BTC/USD:BTC-260327-150000-C'))).toThrow('[2].symbol = "BTC/USD:BTC-260327-150000-C": BTC-27MAR26-150000-C is not in the market');
    expect(deribit((p) => (p.result[1].direction = 'buy'))).toThrow('[1].direction = "buy": disagrees with the negative size');
    expect(ccxt((p) => delete p[1].markPrice)).toThrow("[1].markPrice = (missing): required for an option");
    expect(() => importDeribit({ positions: DERIBIT_POSITIONS, summary: { currency: 'BTC', equity: 2.5 }, market, sources: deribitSources })).toThrow(
      'summary.json: [0].options_value = (missing): required: the account holds BTC options',
    );
    expect(() => importDeribit({ positions: [{ instrument_name: 'BTC-PERPETUAL', kind: 'future', direction: 'buy', size: '5' }], summary: DERIBIT_SUMMARY, sources: deribitSources })).toThrow(
      /positions\.json: \[0\]\.size = "5"/,
    );
  });
});
