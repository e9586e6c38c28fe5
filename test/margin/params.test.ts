/**
 * Margin parameters: every field defaults (the sample venue uses the defaults), and bad values
 * are refused with the file, the field path under `margin` and the value.
 */
import { describe, expect, it } from 'vitest';
import { InputErrors } from '../../src/model/errors.js';
import { parseRiskInputs } from '../../src/engine/risk.js';
import { prepareMargin } from '../../src/margin/setup.js';
import { sampleBook, sampleMarket, sampleParams } from '../../src/sample/sampleVenue.js';

function parse(margin: unknown) {
  return parseRiskInputs({ market: sampleMarket(), book: sampleBook(), params: { ...sampleParams(), margin } }, {}, { market: 'market.json', book: 'book.json', params: 'params.json' });
}

function messageOf(work: () => unknown): string {
  try {
    work();
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected an input error');
}

describe('margin parameters', () => {
  it('default every field when params.json has no margin key (the sample venue)', () => {
    const { margin } = parseRiskInputs({ market: sampleMarket(), book: sampleBook(), params: sampleParams() }).params;
    expect(margin.enforced).toBe('portfolio');
    expect(margin.isolated).toEqual({ futureRate: 0.1, perpetualRate: 0.1, spotRate: 0.1, shortOptionUnderlyingShare: 0.15, shortOptionMinimumShare: 0.1, maintenanceRatio: 0.75 });
    expect(margin.portfolio.maintenanceRatio).toBe(0.6);
    expect(margin.antiProcyclicality.buffer).toEqual({ enabled: true, rate: 0.25, release: 0 });
    expect(margin.antiProcyclicality.floor).toEqual({ enabled: false, volScale: 1.2 });
    expect(margin.collateral).toMatchObject({ unified: true, settlementAsset: 'USDC', haircutFloor: 0.02, haircutCap: 0.5 });
  });

  it('a partial margin key keeps the other defaults', () => {
    const { margin } = parse({ isolated: { futureRate: 0.05 }, collateral: { unified: false } }).params;
    expect(margin.isolated.futureRate).toBe(0.05);
    expect(margin.isolated.perpetualRate).toBe(0.1);
    expect(margin.collateral.unified).toBe(false);
    expect(margin.collateral.haircutCap).toBe(0.5);
  });

  it('bad values name the file, the field and the value', () => {
    expect(() => parse({ isolated: { futureRate: 1.5 } })).toThrow(InputErrors);
    expect(messageOf(() => parse({ isolated: { futureRate: 1.5 } }))).toContain('params.json: margin.isolated.futureRate = 1.5');
    expect(messageOf(() => parse({ enforced: 'span' }))).toContain('params.json: margin.enforced = "span"');
    expect(messageOf(() => parse({ collateral: { haircutFloor: 0.6 } }))).toContain('params.json: margin.collateral.haircutFloor');
    expect(messageOf(() => parse({ assets: { BTC: { spread: 0.001, dailyVolume: -1 } } }))).toContain('params.json: margin.assets.BTC.dailyVolume = -1');
    expect(messageOf(() => parse({ antiProcyclicality: { floor: { volScale: 0.5 } } }))).toContain('margin.antiProcyclicality.floor.volScale = 0.5');
    expect(messageOf(() => parse({ portfolio: { typo: 1 } }))).toContain('params.json: margin.portfolio');
  });

  it('collateral without a price names the account balance', () => {
    const book = { accounts: [{ id: 'a', balances: { DOGE: 10 }, positions: [{ instrument: 'BTC-PERPETUAL', quantity: 1 }] }] };
    const sources = { market: 'market.json', book: 'book.json', params: 'params.json' };
    expect(messageOf(() => prepareMargin({ market: sampleMarket(), book, params: sampleParams() }, {}, sources))).toContain(
      'book.json: accounts[0].balances.DOGE = 10: no price for collateral DOGE',
    );
  });
});
