/**
 * Deribit's portfolio margin (src/margin/venues/deribitPm.ts) against references it was not
 * tuned to:
 * - the worked response of Deribit's API documentation for private/pme/simulate ([D2],
 *   https://docs.deribit.com/api-reference/account-management/private-simulate, model_params of
 *   2024-06-17): its grid, its perpetual's extended entries, its roll shock and margins. Its
 *   contracts are coin-settled (inverse): a risk-vector entry of a perpetual holding p coins is
 *   p·m/(1+m) coins at a move m, from which the moves are read back; the USD numbers of our
 *   linear model are not those of that example;
 * - the options-contingency example of Deribit's earlier methodology page ([D3]);
 * - closed forms for one-position accounts (Black-76 by hand through the pricing module).
 */
import { describe, expect, it } from 'vitest';
import { bsmPrice } from '../../../src/pricing/bsm.js';
import { accountState } from '../../../src/margin/context.js';
import { prepareMargin } from '../../../src/margin/setup.js';
import {
  dampenedExtendedLoss,
  deribitExtendedPnl,
  deribitOptionContingency,
  deribitPmMargin,
  deribitRollShock,
  deribitStandardMoves,
  deribitVolMultiplier,
} from '../../../src/margin/venues/deribitPm.js';
import { DERIBIT_MM_FACTOR, DERIBIT_PAIR_DEFAULTS } from '../../../src/margin/venues/deribitPmParams.js';
import { holdingsPnl } from '../../../src/margin/venues/gridRevaluation.js';
import type { BookInput, MarketInput } from '../../../src/model/schemas.js';
import { MS_PER_YEAR } from '../../../src/model/time.js';
import { expectClose } from '../../helpers/expectClose.js';

const VALUATION = '2026-11-24T08:00:00.000Z';
const SPOT = 95_250;

/** A BTC market at SPOT (rate and carry 0: forwards equal spot) listing the given instruments, and one account. */
function deribitAccount(instruments: MarketInput['instruments'], positions: BookInput['accounts'][number]['positions'], deribitPm = {}) {
  const market: MarketInput = { valuationTime: VALUATION, underlyings: { BTC: { spot: SPOT } }, instruments };
  const params = { underlyings: { BTC: { vol: 0.6, volOfVol: 1 } }, margin: { deribitPm } };
  const setup = prepareMargin({ market, book: { accounts: [{ id: 'a', balances: {}, positions }] }, params }, { scenarios: 10 });
  return { setup, positions: accountState(setup.ctx, 0).positions };
}

/** [D2]: the BTC-PERPETUAL position (coins) and its documented risk vectors. */
const D2_PERPETUAL = 0.314538364;
const D2_STANDARD = [
  -0.05991206933333334, -0.04289159509090909, -0.027351162086956524, -0.013105765166666668, 0, 0.012097629384615385, 0.023299138074074074,
  0.033700538999999995, 0.043384601931034494,
]; // one entry per bucket (the documented vector repeats each three times: vol up, same, down)
const D2_EXTENDED = [
  -0.05991206933333334, -0.05991206933333334, 0.04338460193103449, 0.04338460193103449, 0.04338460193103449, 0.04338460193103449,
  0.04338460193103449, 0.04338460193103449,
];

describe('Deribit PM: the worked response of the API documentation [D2]', () => {
  it('cuts ±16% into 9 buckets: the moves the perpetual\'s documented vector implies', () => {
    // Inverse P&L per coin r = m/(1+m), so m = r/(1−r); the position is given to 9 digits.
    const implied = D2_STANDARD.map((v) => v / D2_PERPETUAL).map((r) => r / (1 - r));
    const ours = deribitStandardMoves(DERIBIT_PAIR_DEFAULTS);
    expect(ours.length).toBe(9);
    ours.forEach((m, j) => expectClose(m, implied[j], 1e-8, `bucket ${j}`));
  });

  it('values linear contracts in the extended table at the edge of the range, as the perpetual\'s documented entries do', () => {
    // The documented extended entries are the standard ±16% ones: −66%, −33% → −16%; +50% … +500% → +16%.
    D2_EXTENDED.forEach((v, k) => expect(v).toBeCloseTo(k < 2 ? D2_STANDARD[0] : D2_STANDARD[8], 15));
    const { setup, positions } = deribitAccount([{ id: 'BTC-PERPETUAL' }], [{ instrument: 'BTC-PERPETUAL', quantity: 2 }]);
    const plan = setup.plan;
    for (const move of [-0.66, -0.33, 0.5, 1, 2, 3, 4, 5]) {
      const edge = move < 0 ? -0.16 : 0.16;
      const atEdge = holdingsPnl(plan, positions, { spotMove: edge, volMultiplier: () => 1 });
      expectClose(deribitExtendedPnl(plan, positions, DERIBIT_PAIR_DEFAULTS, move), atEdge, 1e-9, `extended ${move}`);
    }
  });

  it('counts extended losses below the dampener and extended gains as 0 (the documented aggregated extended vector is 0)', () => {
    const btcUsd = 65_666.19; // the documented index price
    D2_EXTENDED.forEach((v, k) => {
      const move = [-0.66, -0.33, 0.5, 1, 2, 3, 4, 5][k];
      expect(dampenedExtendedLoss(v * btcUsd, move, DERIBIT_PAIR_DEFAULTS, 100_000)).toBe(0);
    });
  });

  it('roll shock 0.00315725898 BTC: 1% (min_annualised_move) of each of the two positions, the future 11 days out', () => {
    // BTC currency parameters of [D2]: annualised_move_risk 0.075, min_annualised_move 0.01.
    const btc = { annualisedMoveRisk: 0.075, minAnnualisedMove: 0.01 };
    const future = -0.001187534;
    const years = (Date.parse('2024-06-28T08:00:00Z') - 1_718_619_740_501) / MS_PER_YEAR;
    const rollShock = deribitRollShock(D2_PERPETUAL, 0, btc) + deribitRollShock(Math.abs(future), years, btc);
    expectClose(rollShock, 0.00315725898, 1e-14, 'roll shock'); // documented to 11 decimals
    // The margins: risk-matrix margin = worst case + roll shock; maintenance = mm_factor × initial.
    expectClose(0.05968587238095239 + rollShock, 0.06284313098, 5e-10, 'risk_matrix_margin (documented to 11 decimals)');
    expectClose(DERIBIT_MM_FACTOR * 0.157461562265, 0.125969249812, 1e-12, 'maintenance (ETH example of the same page)');
  });
});

describe('Deribit PM: the options contingency of the methodology page [D3]', () => {
  const strikes = [
    { id: 'BTC-25DEC26-100000-C' },
    { id: 'BTC-25DEC26-100000-P' },
    { id: 'BTC-25DEC26-90000-P' },
  ].map((i) => ({ ...i, impliedVol: 0.6 }));

  it('call +10 and put −20 on strike X: net short 10, so 10 × 0.01 BTC (× the index in USD)', () => {
    const { setup, positions } = deribitAccount(strikes, [
      { instrument: 'BTC-25DEC26-100000-C', quantity: 10 },
      { instrument: 'BTC-25DEC26-100000-P', quantity: -20 },
    ]);
    expectClose(deribitOptionContingency(setup.plan, positions, 0.01), 10 * 0.01 * SPOT, 1e-9, 'net short per strike');
  });

  it('nets per strike only: the same legs on two strikes are 20 net short', () => {
    const { setup, positions } = deribitAccount(strikes, [
      { instrument: 'BTC-25DEC26-100000-C', quantity: 10 },
      { instrument: 'BTC-25DEC26-90000-P', quantity: -20 },
    ]);
    expectClose(deribitOptionContingency(setup.plan, positions, 0.01), 20 * 0.01 * SPOT, 1e-9, 'no netting across strikes');
  });
});

describe('Deribit PM: closed forms for one-position accounts (published parameters)', () => {
  it('a long perpetual: worst loss 16% of notional at −16%, roll shock 1%, maintenance 0.8 × initial', () => {
    const { setup, positions } = deribitAccount([{ id: 'BTC-PERPETUAL' }], [{ instrument: 'BTC-PERPETUAL', quantity: 2 }]);
    const margin = deribitPmMargin(setup.ctx, positions);
    const notional = 2 * SPOT;
    expect(margin.underlyings.BTC.worstScenario).toMatch(/^-16% vol /);
    expectClose(margin.underlyings.BTC.worstLoss, 0.16 * notional, 1e-9, 'worst loss');
    expectClose(margin.initial, 0.17 * notional, 1e-9, 'initial = 16% + 1% roll shock');
    expectClose(margin.maintenance, 0.8 * 0.17 * notional, 1e-9, 'maintenance');
  });

  it("a short future: roll shock |notional| × max(10% × years to expiry, 1%) (USD currency parameters)", () => {
    const { setup, positions } = deribitAccount([{ id: 'BTC-26MAR27' }], [{ instrument: 'BTC-26MAR27', quantity: -3 }]);
    const u = deribitPmMargin(setup.ctx, positions).underlyings.BTC;
    const years = (Date.parse('2027-03-26T08:00:00Z') - Date.parse(VALUATION)) / MS_PER_YEAR;
    expectClose(u.rollShock, 3 * SPOT * Math.max(0.1 * years, 0.01), 1e-9, 'roll shock');
    expectClose(u.worstLoss, 0.16 * 3 * SPOT, 1e-9, 'worst loss at +16%');
  });

  it('100 short calls at twice the spot: the extended +500% binds, 16%/500% of its loss less 25,000 USD', () => {
    const call = { id: 'BTC-25DEC26-190000-C', impliedVol: 0.6 };
    const { setup, positions } = deribitAccount([call], [{ instrument: call.id, quantity: -100 }]);
    const u = deribitPmMargin(setup.ctx, positions).underlyings.BTC;
    const years = (Date.parse('2026-12-25T08:00:00Z') - Date.parse(VALUATION)) / MS_PER_YEAR;
    const days = years * 365.25; // 31 days: the long-term vega power
    const upVol = 0.6 * Math.max(1 + 0.5 * (30 / days) ** 0.13, 0.5 / 0.6);
    const value = (spot: number, vol: number) => bsmPrice(true, spot, 190_000, 0, 0, vol, years);
    const loss = 100 * (value(6 * SPOT, upVol) - value(SPOT, 0.6));
    expect(u.worstScenario).toBe('extended +500%');
    expectClose(u.worstLoss, (0.16 / 5) * loss - 25_000, 1e-6, 'extended loss by hand');
    expectClose(u.optionContingency, 100 * 0.01 * SPOT, 1e-9, 'options contingency');
  });

  it('vol shocks: × (1 ± range·(30/days)^power), 0.3 under 30 days, 0.13 from 30; vol up at least 50%', () => {
    expectClose(deribitVolMultiplier(DERIBIT_PAIR_DEFAULTS, 30, 0.8, 'up'), 1.5, 1e-15, '30 days, up');
    expectClose(deribitVolMultiplier(DERIBIT_PAIR_DEFAULTS, 30, 0.8, 'down'), 0.75, 1e-15, '30 days, down');
    expectClose(deribitVolMultiplier(DERIBIT_PAIR_DEFAULTS, 15, 0.8, 'up'), 1 + 0.5 * 2 ** 0.3, 1e-15, '15 days, up');
    expectClose(deribitVolMultiplier(DERIBIT_PAIR_DEFAULTS, 120, 0.8, 'down'), 1 - 0.25 * 0.25 ** 0.13, 1e-15, '120 days, down');
    expectClose(deribitVolMultiplier(DERIBIT_PAIR_DEFAULTS, 365, 0.2, 'up'), 0.5 / 0.2, 1e-15, 'a 20% vol goes to 50% at least');
  });
});

describe('Deribit PM: parameters from params.json', () => {
  it('margin.deribitPm overrides a published value; per underlying, the pair parameters', () => {
    const perp = [{ id: 'BTC-PERPETUAL' }];
    const position = [{ instrument: 'BTC-PERPETUAL', quantity: 1 }];
    const wide = deribitAccount(perp, position, { underlyings: { BTC: { priceRange: 0.2 } }, minAnnualisedMove: 0 });
    expectClose(deribitPmMargin(wide.setup.ctx, wide.positions).initial, 0.2 * SPOT, 1e-9, 'range 20%, no roll shock');
  });
});
