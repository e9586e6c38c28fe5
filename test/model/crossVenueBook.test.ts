/**
 * Books that name venues: the optional `venue` of positions and balances in JSON and CSV, and
 * the refusals that name the file, the field and the value.
 */
import { describe, expect, it } from 'vitest';
import { prepareMargin } from '../../src/margin/setup.js';
import { formatBookCsv, parseBookCsv } from '../../src/model/bookCsv.js';
import { InputError, InputErrors } from '../../src/model/errors.js';
import { crossVenueAccounts, crossVenueMarket, crossVenueParams } from '../../src/sample/crossVenueSample.js';

const plan = (accounts: unknown[], params: object = crossVenueParams()) =>
  prepareMargin({ market: crossVenueMarket(), book: { accounts }, params }, { scenarios: 50 });

const messageOf = (run: () => unknown): string => {
  try {
    run();
  } catch (error) {
    if (error instanceof InputError || error instanceof InputErrors) return error.message;
    throw error;
  }
  throw new Error('expected an input error');
};

describe('CSV with a venue column', () => {
  it('reads positions and balances per venue (an empty cell is the home venue) and writes them back', () => {
    const csv = [
      'account,kind,id,amount,venue',
      'a,balance,USDC,60000,',
      'a,balance,ETH,100,aave',
      'a,balance,USDC,-200000,aave',
      'a,position,ETH-PERPETUAL,-100,',
      'a,position,ETH-PERPETUAL,5,deribit',
    ].join('\n');
    const book = parseBookCsv(csv, 'book.csv');
    expect(book.accounts[0]).toEqual({
      id: 'a',
      balances: { USDC: 60_000 },
      venueBalances: { aave: { ETH: 100, USDC: -200_000 } },
      positions: [{ instrument: 'ETH-PERPETUAL', quantity: -100 }, { instrument: 'ETH-PERPETUAL', quantity: 5, venue: 'deribit' }],
    });
    expect(parseBookCsv(formatBookCsv(book), 'again.csv')).toEqual(book);
  });

  it('writes the four-column form when no row names a venue (existing books are unchanged)', () => {
    expect(formatBookCsv({ accounts: [{ id: 'a', balances: { USDC: 1 }, positions: [{ instrument: 'BTC-PERPETUAL', quantity: 1 }] }] }).split('\n')[0]).toBe('account,kind,id,amount');
  });

  it('refuses the same holding twice on one venue, naming both lines; allows it on two venues', () => {
    const header = 'account,instrument,quantity,venue';
    expect(() => parseBookCsv(`${header}\na,BTC-PERPETUAL,1,home\na,BTC-PERPETUAL,2,deribit\n`, 'p.csv')).not.toThrow();
    expect(messageOf(() => parseBookCsv(`${header}\na,BTC-PERPETUAL,1,deribit\na,BTC-PERPETUAL,2,deribit\n`, 'p.csv'))).toBe(
      'p.csv: line 3 = "a,BTC-PERPETUAL,2,deribit": account a has a second position in BTC-PERPETUAL on deribit (first on line 2): merge the rows into one',
    );
  });
});

describe('venues against the params', () => {
  it('an unknown venue, naming the field and the known venues', () => {
    expect(messageOf(() => plan([{ id: 'a', balances: {}, positions: [{ instrument: 'BTC-PERPETUAL', quantity: 1, venue: 'okx' }] }]))).toBe(
      'book: accounts[0].positions[0].venue = "okx": unknown venue: declare it in params margin.crossVenue.venues (known: home, deribit, aave)',
    );
  });

  it('a book naming a venue with no crossVenue params at all', () => {
    const { margin: _margin, ...params } = crossVenueParams() as { margin: object };
    expect(messageOf(() => plan([{ id: 'a', balances: {}, venueBalances: { aave: { ETH: 1 } }, positions: [] }], params))).toMatch(
      /^book: accounts\[0\]\.venueBalances\.aave = "aave": unknown venue: declare it in params margin\.crossVenue\.venues \(known: home\)$/,
    );
  });

  it('a position on a lending venue, and a lending asset without parameters', () => {
    expect(messageOf(() => plan([{ id: 'a', balances: {}, positions: [{ instrument: 'ETH-PERPETUAL', quantity: 1, venue: 'aave' }] }]))).toMatch(
      /accounts\[0\]\.positions\[0\]\.venue = "aave": aave is a lending venue: it holds balances/,
    );
    expect(messageOf(() => plan([{ id: 'a', balances: {}, venueBalances: { aave: { SOL: 10 } }, positions: [] }]))).toBe(
      'book: accounts[0].venueBalances.aave.SOL = 10: aave lists no parameters for SOL: add margin.crossVenue.venues.aave.assets.SOL to params',
    );
  });

  it('the same instrument twice on one venue (once implicitly on the home venue)', () => {
    const positions = [{ instrument: 'BTC-PERPETUAL', quantity: 1 }, { instrument: 'BTC-PERPETUAL', quantity: 2, venue: 'home' }];
    expect(messageOf(() => plan([{ id: 'a', balances: {}, positions }]))).toMatch(/accounts\[0\]\.positions\[1\]\.instrument = "BTC-PERPETUAL": a second position in this instrument on home/);
  });

  it('a lending home venue, and bad transfer delays, in params', () => {
    const params = crossVenueParams() as { margin: { crossVenue: { venues: Record<string, unknown> } } };
    params.margin.crossVenue.venues.home = { kind: 'lending', assets: {} };
    expect(messageOf(() => plan(crossVenueAccounts(), params))).toMatch(/params: margin\.crossVenue\.venues\.home\.kind = "lending": the home venue is the derivatives venue/);
    const late = crossVenueParams() as { margin: { crossVenue: { venues: Record<string, { transferHours?: number }> } } };
    late.margin.crossVenue.venues.deribit.transferHours = -1;
    expect(messageOf(() => plan(crossVenueAccounts(), late))).toMatch(/params: margin\.crossVenue\.venues\.deribit\.transferHours = -1: Too small/);
  });

  it('a venue view whose name another account already has', () => {
    expect(messageOf(() => plan([{ id: 'a@aave', balances: { USDC: 1 }, positions: [] }, { id: 'a', balances: {}, venueBalances: { aave: { ETH: 1 } }, positions: [] }]))).toMatch(
      /accounts\[1\]\.id = "a": another account is named a@aave/,
    );
  });
});
