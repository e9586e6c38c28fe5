/**
 * Every bad input is refused at the boundary with a message naming the source, the field path
 * and the value found there.
 */
import { describe, expect, it } from 'vitest';
import { InputError, InputErrors } from '../../src/model/errors.js';
import { parseBookCsv } from '../../src/model/bookCsv.js';
import { prepareRisk, type RiskInputs } from '../../src/engine/risk.js';
import { sampleBook, sampleMarket, sampleParams } from '../../src/sample/sampleVenue.js';

const sources = { market: 'm.json', book: 'b.json', params: 'p.json' };

function inputs(): RiskInputs & { market: any; book: any; params: any } {
  return { market: sampleMarket(), book: sampleBook(), params: sampleParams() };
}

/** Runs prepareRisk and returns the error message, failing if it does not throw an input error. */
function refusal(mutate: (i: ReturnType<typeof inputs>) => void): string {
  const i = inputs();
  mutate(i);
  try {
    prepareRisk(i, {}, sources);
  } catch (error) {
    expect(error instanceof InputError || error instanceof InputErrors).toBe(true);
    return (error as Error).message;
  }
  throw new Error('expected an input error, got none');
}

describe('input validation', () => {
  it('accepts the sample venue', () => {
    expect(() => prepareRisk(inputs(), { scenarios: 10 }, sources)).not.toThrow();
  });

  it('missing field', () => {
    const message = refusal((i) => delete i.market.valuationTime);
    expect(message).toContain('m.json: valuationTime = (missing)');
  });

  it('wrong type', () => {
    const message = refusal((i) => (i.book.accounts[2].positions[0].quantity = '12'));
    expect(message).toContain('b.json: accounts[2].positions[0].quantity = "12"');
    expect(message).toMatch(/expected number/);
  });

  it('unknown instrument', () => {
    const message = refusal((i) => (i.book.accounts[1].positions[0].instrument = 'BTC-1JAN99-5-C'));
    expect(message).toContain('b.json: accounts[1].positions[0].instrument = "BTC-1JAN99-5-C": unknown instrument');
  });

  it('negative vol and NaN vol', () => {
    const negative = refusal((i) => (i.params.underlyings.BTC.vol = -0.2));
    expect(negative).toContain('p.json: underlyings.BTC.vol = -0.2');
    const nan = refusal((i) => (i.params.underlyings.ETH.volOfVol = Number.NaN));
    expect(nan).toContain('p.json: underlyings.ETH.volOfVol = NaN');
    const impliedVol = refusal((i) => (i.market.instruments.find((x: any) => x.impliedVol !== undefined).impliedVol = -1));
    expect(impliedVol).toMatch(/m\.json: instruments\[\d+\]\.impliedVol = -1/);
  });

  it('non-square or asymmetric correlation', () => {
    const ragged = refusal((i) => i.params.correlation.matrix[3].pop());
    expect(ragged).toMatch(/p\.json: correlation\.matrix\[3\] = "\d+ columns": matrix is not square/);
    const rows = refusal((i) => i.params.correlation.matrix.pop());
    expect(rows).toContain('p.json: correlation.matrix');
    const asymmetric = refusal((i) => (i.params.correlation.matrix[0][2] = 0.1));
    expect(asymmetric).toMatch(/p\.json: correlation\.matrix\[0\]\[2\] = 0\.1: matrix is not symmetric/);
  });

  it('empty book', () => {
    expect(refusal((i) => (i.book.accounts = []))).toContain('b.json: accounts = []: the book holds no accounts');
    const noPositions = refusal((i) => i.book.accounts.forEach((a: any) => (a.positions = [])));
    expect(noPositions).toContain('the book holds no positions');
  });

  it('duplicate accounts, missing risk parameters, expired options', () => {
    expect(refusal((i) => (i.book.accounts[1].id = i.book.accounts[0].id))).toContain('b.json: accounts[1].id');
    expect(refusal((i) => delete i.params.underlyings.SOL)).toContain('p.json: underlyings.SOL = (missing)');
    const expired = refusal((i) => (i.market.valuationTime = '2030-01-01T00:00:00Z'));
    expect(expired).toMatch(/m\.json: instruments\[\d+\]\.expiry = .*expired at valuation/);
  });

  it('a correlation that is not PSD is repaired and reported, not refused', () => {
    const i = inputs();
    const m = i.params.correlation.matrix;
    // BTC.spot–ETH.spot strongly positive, ETH.spot–SOL.spot positive, BTC.spot–SOL.spot strongly negative.
    const set = (r: number, c: number, v: number) => ((m[r][c] = v), (m[c][r] = v));
    const f = i.params.correlation.factors as string[];
    set(f.indexOf('BTC.spot'), f.indexOf('ETH.spot'), 0.95);
    set(f.indexOf('ETH.spot'), f.indexOf('SOL.spot'), 0.95);
    set(f.indexOf('BTC.spot'), f.indexOf('SOL.spot'), -0.9);
    const plan = prepareRisk(i, { scenarios: 10 }, sources);
    expect(plan.correlationRepair).toBeDefined();
    expect(plan.correlationRepair!.distance).toBeGreaterThan(0);
  });

  it('CSV books: bad header, bad quantity', () => {
    expect(() => parseBookCsv('acct,inst,qty\na,BTC-PERPETUAL,1\n', 'book.csv')).toThrow(/book\.csv: line 1/);
    expect(() => parseBookCsv('account,instrument,quantity\na,BTC-PERPETUAL,abc\n', 'book.csv')).toThrow(
      'book.csv: line 2.quantity = "abc": not a finite decimal number',
    );
    const book = parseBookCsv('account,instrument,quantity\na,BTC-PERPETUAL,1\nb,ETH-PERPETUAL,-2\na,BTC_USDC,3\n', 'book.csv');
    expect(book.accounts.map((a) => [a.id, a.positions.length])).toEqual([['a', 2], ['b', 1]]);
  });
});
