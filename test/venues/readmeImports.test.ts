/**
 * The README's import examples are real inputs: the four JSON blocks under "Importing from
 * venues" (CCXT positions and balances, Deribit positions and summary), run through the
 * importers on the chain fixture's market, give the book the README states.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MarketSchema } from '../../src/model/schemas.js';
import { importCcxt } from '../../src/venues/import/ccxtImport.js';
import { importDeribit } from '../../src/venues/import/deribitImport.js';
import { deribitChainMarket } from '../../src/venues/import/deribitChainMarket.js';
import { parseDeribitChain } from '../../src/venues/import/deribitChainSnapshot.js';
import { fixtureCsv } from '../helpers/deribitChainFixture.js';
import { EXPECTED_ACCOUNT } from '../helpers/importExamples.js';
import { expectClose } from '../helpers/expectClose.js';

const README = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

function jsonBlocks(after: string, until: string): unknown[] {
  const section = README.slice(README.indexOf(after), README.indexOf(until, README.indexOf(after)));
  return [...section.matchAll(/```json\n([\s\S]*?)```/g)].map((m) => JSON.parse(m[1]));
}

describe('README: importing from venues', () => {
  const [ccxtPositions, ccxtBalances, deribitPositions, deribitSummary] = jsonBlocks('## Importing from venues', '## Liquidation and crash stress');
  const market = MarketSchema.parse(deribitChainMarket(parseDeribitChain(fixtureCsv(), 'chain.csv'), 'chain.csv').market);

  it('has the four example inputs, and each importer turns its pair into the book the README states', () => {
    const books = [
      importCcxt({ positions: ccxtPositions, balances: ccxtBalances, market }).book,
      importDeribit({ positions: deribitPositions, summary: deribitSummary, market }).book,
    ];
    for (const book of books) {
      expect(book.accounts[0].positions).toEqual(EXPECTED_ACCOUNT.positions);
      // The README prints 2.5969: 2.5 − (−2.5 × 0.0412 + 0.0061), to a few ulps.
      expectClose(book.accounts[0].balances!.BTC, 2.5969, 1e-12, 'BTC balance');
    }
  });
});
