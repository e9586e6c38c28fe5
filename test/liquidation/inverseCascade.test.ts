/**
 * The liquidation cascade over coin-settled contracts: the sample venue with its BTC and ETH
 * contracts inverse (test/helpers/inverseVenue.ts) through the flash crash. Every USD the
 * ledger moves must be accounted for: the inverse futures' variation margin is their coin P&L
 * at the index (S/F of the linear twin's), in the market P&L as in the cash it settles into,
 * so conservation holds to rounding (1e-9 USD, the cascade's own bound).
 */
import { describe, expect, it } from 'vitest';
import { runCascade } from '../../src/liquidation/cascade.js';
import { flashCrash } from '../../src/liquidation/scenarios.js';
import { prepareMargin } from '../../src/margin/setup.js';
import { inverseSampleVenue } from '../helpers/inverseVenue.js';

describe('the cascade on an inverse book', () => {
  it('conserves every USD through a flash crash, and liquidates', async () => {
    const setup = prepareMargin(inverseSampleVenue(), { scenarios: 2000 });
    const run = await runCascade(setup, flashCrash());
    expect(run.conservationError).toBeLessThan(1e-9);
    expect(run.liquidatedAccounts).toBeGreaterThan(0);
  });
});
