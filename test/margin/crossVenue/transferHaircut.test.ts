/**
 * The transfer haircut h(d) = 1 − exp(−z_α·σ·√(d / 8766 h)) against (1) the closed form
 * evaluated with a z from a printed normal table, (2) the engine's own Monte Carlo scenarios of
 * a spot holding over a horizon of d, and (3) an account whose collateral is one asset, where
 * the transfer charge is (siloed − unified) × h(d) exactly.
 */
import { describe, expect, it } from 'vitest';
import { transferCharge, transferHaircut } from '../../../src/margin/crossVenue/transferHaircut.js';
import { prepareMargin } from '../../../src/margin/setup.js';
import { runMargin } from '../../../src/margin/runMargin.js';
import { sampleMarket, sampleParams } from '../../../src/sample/sampleVenue.js';
import { expectClose, expectRelClose } from '../../helpers/expectClose.js';

describe('transfer haircut, closed form', () => {
  it('ETH (σ 70%) over one hour at 99%: 1 − exp(−2.326348 × 0.7 × √(1/8766))', () => {
    // z_0.99 = 2.326348 from a printed table (6 digits): tolerance 1e-6 relative covers its rounding.
    const expected = 1 - Math.exp(-2.326348 * 0.7 * Math.sqrt(1 / (24 * 365.25)));
    expectRelClose(transferHaircut(0.7, 0.99, 1), expected, 1e-6, 'h(1 h)');
    expectClose(transferHaircut(0.7, 0.99, 1), 0.017243, 5e-7, 'h(1 h), 6 decimals');
  });

  it('is 0 for a stablecoin (σ 0) or an instant transfer, and grows like √d for short delays', () => {
    expect(transferHaircut(0, 0.99, 24)).toBe(0);
    expect(transferHaircut(0.7, 0.99, 0)).toBe(0);
    // −log(1 − h) is exactly z·σ·√d: quadrupling d doubles it.
    expectRelClose(-Math.log1p(-transferHaircut(0.7, 0.99, 4)), 2 * -Math.log1p(-transferHaircut(0.7, 0.99, 1)), 1e-12, '√d scaling');
  });

  it("is the 99% loss of a spot holding in the engine's own scenarios over a horizon of d", async () => {
    // One ETH held over a 6-hour margin period: its VaR / value is the scenarios' 99% move over
    // 6 h. Monte Carlo error of a 99% quantile with n = 100,000 normal draws: sd of the
    // standardized quantile ≈ √(p(1 − p)/n) / φ(z) = 0.0084, i.e. 0.36% of z; 4 sd = 1.5%.
    const hours = 6;
    const params = { ...sampleParams(), horizonDays: hours / 24 };
    const setup = prepareMargin(
      { market: sampleMarket(), book: { accounts: [{ id: 'eth', balances: {}, positions: [{ instrument: 'ETH_USDC', quantity: 1 }] }] }, params },
      { scenarios: 100_000, seed: 3 },
    );
    const { risk } = await runMargin(setup, { attribution: false });
    const share = risk.accounts[0].valueAtRisk / 3412;
    expectRelClose(share, transferHaircut(0.7, 0.99, hours), 0.015, 'scenario 99% move over 6 h vs h(6 h)');
  });
});

describe('transfer charge', () => {
  it('a single-asset account: (siloed − unified) × h(d) exactly; nothing when unified needs as much', () => {
    const h = transferHaircut(0.54, 0.99, 2);
    const charge = transferCharge(50_000, 20_000, [{ asset: 'BTC', venue: 'aave', value: 190_500, haircut: h }]);
    expectRelClose(charge.charge, 30_000 * h, 1e-15, 'charge');
    expect(charge.reliedOn).toBe(30_000);
    expect(transferCharge(20_000, 25_000, [{ asset: 'BTC', venue: 'aave', value: 190_500, haircut: h }]).charge).toBe(0);
  });

  it('an account with ETH alone, on two venues with a 2-hour delay: the run charges (siloed − unified core) × h(2 h)', async () => {
    const params = {
      ...sampleParams(),
      margin: {
        crossVenue: {
          venues: {
            home: { kind: 'derivatives' as const, transferHours: 2 },
            aave: {
              kind: 'lending' as const,
              transferHours: 2,
              assets: { ETH: { ltv: 0.805, liquidationThreshold: 0.83, liquidationBonus: 0.05 }, USDC: { ltv: 0.75, liquidationThreshold: 0.78, liquidationBonus: 0.045 } },
            },
          },
        },
      },
    };
    // 10 ETH posted on home against a short of 30 ETH perpetuals; 40 ETH supplied on Aave with
    // 60,000 USDC borrowed. The only positive holdings are ETH (a debt is nothing to move).
    const book = { accounts: [{ id: 'eth-only', balances: { ETH: 10 }, venueBalances: { aave: { ETH: 40, USDC: -60_000 } }, positions: [{ instrument: 'ETH-PERPETUAL', quantity: -30 }] }] };
    const setup = prepareMargin({ market: sampleMarket(), book, params }, { scenarios: 4000, seed: 5 });
    const { margin } = await runMargin(setup, { attribution: false });
    const x = margin.accounts[0].crossVenue!;
    const core = margin.accounts[0].margin.portfolio.initial;
    const h = 1 - Math.exp(-2.3263478740408408 * 0.7 * Math.sqrt(2 / (24 * 365.25)));
    expect(x.siloed.initial).toBeGreaterThan(core);
    expectRelClose(x.unified.transfer.charge, (x.siloed.initial - core) * h, 1e-12, 'transfer charge');
    expectRelClose(x.unified.initial, core + x.unified.transfer.charge, 1e-15, 'unified = core + charge');
  });
});
