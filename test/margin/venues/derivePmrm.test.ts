/**
 * Derive's PM2 portfolio margin (src/margin/venues/derivePmrm.ts) against references it was
 * not tuned to:
 * - the worked example of Derive's "PM2" page ([V1], https://docs.derive.xyz/docs/pm2), the
 *   numbers of it that follow from its stated formulas;
 * - Derive's own reference cases for its PMRM_2 contract ([V3], derivexyz/v2-core at 7736900d,
 *   test/risk-managers/unit-tests/PMRM_2/portfolio_cases/test_<n>_*.json): inputs and results
 *   transcribed below, every loss and both margins reproduced;
 * - closed forms for one-position accounts.
 */
import { describe, expect, it } from 'vitest';
import { bsmPrice } from '../../../src/pricing/bsm.js';
import { accountState } from '../../../src/margin/context.js';
import { prepareMargin } from '../../../src/margin/setup.js';
import { derivePmMargin, deriveContingencies } from '../../../src/margin/venues/derivePmrm.js';
import { DERIVE_MARKETS, resolveDerivePmParams } from '../../../src/margin/venues/derivePmrmParams.js';
import { deriveBook, deriveDiscount, deriveForwardWeight, deriveVolShockMultiplier } from '../../../src/margin/venues/deriveScenarios.js';
import { unitValueUnder } from '../../../src/margin/venues/gridRevaluation.js';
import type { DerivePmParamsInput, MarketInput } from '../../../src/model/schemas.js';
import { expectClose } from '../../helpers/expectClose.js';

const DERIVE_YEAR_MS = 365 * 86_400_000;

interface OptionLeg {
  strike: number;
  call: boolean;
  vol: number;
  amount: number;
}

/**
 * A one-underlying account on a market built so that Derive's inputs hold exactly: an expiry
 * `secondsToExpiry` after valuation, the forward of that expiry (carry q = r − ln(F/S)/τ with
 * Derive's τ), the rate, each option's mark vol.
 */
function deriveAccount(input: {
  underlying: string;
  spot: number;
  forward: number;
  rate: number;
  expiryIso: string;
  secondsToExpiry: number;
  options: OptionLeg[];
  perps?: number;
  derivePm?: DerivePmParamsInput;
}) {
  const { underlying, spot, forward, rate, expiryIso, secondsToExpiry } = input;
  const tau = secondsToExpiry / (DERIVE_YEAR_MS / 1000);
  const valuationTime = new Date(Date.parse(expiryIso) - secondsToExpiry * 1000).toISOString();
  const instruments: MarketInput['instruments'] = input.options.map((o, k) => ({
    id: `${underlying}-OPT${k}`,
    kind: 'option' as const,
    underlying,
    expiry: expiryIso,
    strike: o.strike,
    optionType: o.call ? ('call' as const) : ('put' as const),
    impliedVol: o.vol,
  }));
  const positions = input.options.map((o, k) => ({ instrument: `${underlying}-OPT${k}`, quantity: o.amount }));
  if (input.perps) {
    instruments.push({ id: `${underlying}-PERPETUAL` });
    positions.push({ instrument: `${underlying}-PERPETUAL`, quantity: input.perps });
  }
  const market: MarketInput = { valuationTime, rate, underlyings: { [underlying]: { spot, carry: rate - Math.log(forward / spot) / tau } }, instruments };
  const params = { underlyings: { [underlying]: { vol: 0.6, volOfVol: 1 } }, margin: { derivePm: input.derivePm } };
  const setup = prepareMargin({ market, book: { accounts: [{ id: 'a', balances: {}, positions }] }, params }, { scenarios: 10 });
  return { setup, positions: accountState(setup.ctx, 0).positions };
}

describe('Derive PM2: the worked example of the PM2 page [V1]', () => {
  // 1 short 2500 call, 1 long 2700 put, IV 76%, 37.2 days, forward 2,695.78, r = 21%, spot 2,681.60.
  const example = deriveAccount({
    underlying: 'ETH',
    spot: 2681.6,
    forward: 2695.78,
    rate: 0.21,
    expiryIso: '2026-12-31T08:00:00.000Z',
    secondsToExpiry: 37.2 * 86_400,
    options: [
      { strike: 2700, call: false, vol: 0.76, amount: 1 },
      { strike: 2500, call: true, vol: 0.76, amount: -1 },
    ],
  });
  const { plan } = example.setup;
  const params = resolveDerivePmParams(plan.underlyings);
  const book = deriveBook(plan, params, params.markets.ETH, example.positions);
  const [put, call] = [0, 1];
  // The page states its numbers to three decimals (marks) or two (contingencies): to the cent.
  const CENT = 0.005;

  it('marks the options with Black-76 discounted at r over 37.2/365 years: 257.055 and 353.047', () => {
    expectClose(unitValueUnder(plan, put, { spotMove: 0, volMultiplier: () => 1 }, book.options), 257.055, CENT, 'Put(0.76, 2700, 2695.78, 0.21, 37.2/365)');
    expectClose(unitValueUnder(plan, call, { spotMove: 0, volMultiplier: () => 1 }, book.options), 353.047, CENT, 'Call(0.76, 2500, 2695.78, 0.21, 37.2/365)');
  });

  it('revalues them on the forward × 1.18 (3,181.02) at the shocked IV 1.486 the page uses: 335.477 and 918.811', () => {
    // The page evaluates at the shocked IV it states, 1.486 = 0.76 × its IV shock 1.9549 (which
    // its own formula does not give: see the last case of this block).
    const shock = { spotMove: 0.18, volMultiplier: () => 1.486 / 0.76 };
    expectClose(unitValueUnder(plan, put, shock, book.options), 335.477, CENT, 'Put(1.486, 2700, 3181.02)');
    expectClose(unitValueUnder(plan, call, shock, book.options), 918.811, CENT, 'Call(1.486, 2500, 3181.02)');
  });

  it('marks a negative expiry value up by 1 / exp(−(0.5·0.21 + 0.08)·37.2/365) = 1.01903, under its cap 1.02163', () => {
    // The page's example uses shortRateMultScale 0.5, shortRateAddScale 0.08 and no static scale.
    const exampleParams = { ...params, shortRateMultScale: 0.5, shortRateAddScale: 0.08, staticScaleNeg: 1 };
    const tau = 37.2 / 365;
    expectClose(deriveDiscount(exampleParams, 0.21, tau, -487.344), 1.01903, 5e-6, '(anti)discount');
    expectClose(1 / Math.exp(-0.21 * tau), 1.02163, 5e-6, 'the cap 1 / exp(−r·τ)');
  });

  it('weights the forward loss −581.3 by (0.5 + 2·37.2/365): −409.14; option contingency 0.005 × 2,681.60 = 13.408', () => {
    expectClose(deriveForwardWeight(params, 37.2 / 365) * -581.3, -409.14, CENT, 'forward contingency');
    const pm2Text = { ...DERIVE_MARKETS.ETH, optionContingency: { initial: 0.005, maintenance: 0.005 } };
    expectClose(deriveContingencies(plan, pm2Text, example.positions).initial, 13.408, CENT, 'option contingency');
  });

  it('shocks IV by 1 + 0.5·((30/365)/(14/365))^0.3 = 1.628 for a two-week expiry (the same formula, from the earlier PM page)', () => {
    // The PM2 page's own "1.9549" for 37.2 days matches no reading of its formula (0.3 or 0.13
    // power: 1.469 or 1.486): the page's table and text also disagree, so only the numbers that
    // follow from the stated formulas are tested here; Derive's reference cases test the rest.
    expectClose(deriveVolShockMultiplier(params, params.markets.ETH, 14 / 365, 'up'), 1.628, 5e-4, 'IV shock at 14 days');
  });
});

/** The parameters of Derive's reference cases [V3] (their test suite's, not the published ones). */
const REFERENCE_PARAMS: DerivePmParamsInput = {
  imFactor: 1,
  mmFactor: 0.8,
  volRangeUp: 0.5,
  volRangeDown: 0.275,
  shortTermPower: 0.3,
  longTermPower: 0.13,
  dteFloorDays: 1,
  minVolShockUp: 0.45,
  tailScenarios: [
    { spotMove: -0.66, dampening: 0.054545454545454536 },
    { spotMove: -0.33, dampening: 0.10909090909090907 },
    { spotMove: 0.5, dampening: 0.072 },
    { spotMove: 1, dampening: 0.036 },
    { spotMove: 2, dampening: 0.018 },
    { spotMove: 3, dampening: 0.011999999999999999 },
  ],
  staticScalePos: 0.95,
  staticScaleNeg: 1.04,
  longRateMultScale: 1,
  longRateAddScale: 0.08,
  shortRateMultScale: 0.5,
  shortRateAddScale: 0.08,
  forwardMove: 0.045,
  forwardAddFactor: 0.5,
  forwardMultFactor: 2,
  skew: { linearBaseCap: 0.15, absBaseCap: 0.15, linearCBase: -0.05, absCBase: -0.05, minKStar: 0.01, widthScale: 4, volParameterStatic: 0.6, volParameterScale: -0.1 },
  perpContingency: { initial: 0.02, maintenance: 0.015 },
  optionContingency: { initial: 0.005, maintenance: 0.003 },
};

interface ReferenceCase {
  file: string;
  account: Parameters<typeof deriveAccount>[0];
  /** Derive's results: losses as P&L (≤ 0), its MtM, and IM / MM as Derive states them (MtM − requirement). */
  result: { regular: number; tail: number; skew: number; forward: number; mtm: number; im: number; mm: number };
}

const ETH_28FEB25 = { expiryIso: '2025-02-28T08:00:00.000Z', secondsToExpiry: 794_852 };
const MAR25 = { expiryIso: '2025-03-07T08:00:00.000Z', secondsToExpiry: 1_399_652 };
const SEP25 = { expiryIso: '2025-09-26T08:00:00.000Z', secondsToExpiry: 18_938_852 };

const REFERENCE_CASES: ReferenceCase[] = [
  {
    file: 'test_18_structures_OTM_call_spread',
    account: {
      underlying: 'ETH', spot: 2681.6029850999994, forward: 2682.9997436016715, rate: 0.15000000000000002, ...ETH_28FEB25,
      options: [{ strike: 4000, call: true, vol: 0.8795543651099665, amount: -1 }, { strike: 4200, call: true, vol: 0.8833255402190362, amount: 1 }],
      derivePm: REFERENCE_PARAMS,
    },
    result: { regular: -22.15596034331399, tail: -6.016806447312971, skew: -0.42564850725437114, forward: -0.18719471531829726, mtm: -0.1944703408568294, im: -35.75844560967082, mm: -25.96404757080802 },
  },
  {
    file: 'test_20_structures_basic_put',
    account: {
      underlying: 'BTC', spot: 95663.50604855, forward: 95923.63240250274, rate: 0.16999999999999998, ...MAR25,
      options: [{ strike: 100000, call: false, vol: 0.4547630768795904, amount: -1 }],
      derivePm: REFERENCE_PARAMS,
    },
    result: { regular: -15603.263080487519, tail: -3343.8395538423583, skew: -86.58914724123224, forward: -1846.4472670152672, mtm: -6082.239829372652, im: -22163.82044010292, mm: -18851.840811908318 },
  },
  {
    file: 'test_25_structures_risk_reversal_dn',
    account: {
      underlying: 'ETH', spot: 2681, forward: 2687.1439750528034, rate: 0.16999999999999998, ...MAR25,
      options: [{ strike: 3100, call: true, vol: 0.6826604391503175, amount: 1 }, { strike: 2375, call: false, vol: 0.689188821287917, amount: -1 }],
      perps: -0.354,
      derivePm: REFERENCE_PARAMS,
    },
    result: { regular: -114.13734630880396, tail: -45.257532124014816, skew: -7.5361040053945025, forward: -25.70640813637827, mtm: -5.262278598351152, im: -151.7861049071551, mm: -118.85126564539434 },
  },
  {
    file: 'test_26_structures_vega_neutral_fly',
    account: {
      underlying: 'ETH', spot: 2681.6029, forward: 2687.7468750528033, rate: 0, ...MAR25,
      options: [
        { strike: 2700, call: true, vol: 0.6398630842802469, amount: 0.664453 },
        { strike: 2700, call: false, vol: 0.6398630842802469, amount: 0.664453 },
        { strike: 3100, call: true, vol: 0.6825566477354112, amount: -1 },
        { strike: 2375, call: false, vol: 0.6893699644105598, amount: -1 },
      ],
      derivePm: { ...REFERENCE_PARAMS, staticScalePos: 1 },
    },
    result: { regular: -50.84452523553985, tail: -29.02535766743736, skew: -7.973751051394885, forward: -0.6968482542778552, mtm: 117.29509522962206, im: 39.634540994082215, mm: 60.52985764119019 },
  },
  {
    file: 'test_42_skews_abs_as_worst_case_simple',
    account: {
      underlying: 'ETH', spot: 2681.6029850999994, forward: 2801.18485249767, rate: 0.29, ...SEP25,
      options: [{ strike: 6000, call: true, vol: 0.7390799803804741, amount: 10 }],
      derivePm: { ...REFERENCE_PARAMS, skew: { ...REFERENCE_PARAMS.skew, absBaseCap: 9.5, widthScale: 4.9, volParameterStatic: 3.5, volParameterScale: -0.3, absDampening: 2 } },
    },
    result: { regular: -729.7268307686724, tail: -42.51017130890071, skew: -3348.1163693225085, forward: -251.08370463202428, mtm: 818.8095100912717, im: -2529.3068592312366, mm: -1859.683585366735 },
  },
  {
    file: 'test_56_forward_cont_forward_cont_1',
    account: {
      underlying: 'BTC', spot: 95663.50604855, forward: 150374.61000117072, rate: 0.2, ...SEP25,
      options: [{ strike: 195000, call: false, vol: 0.06845127962854924, amount: 0.01 }, { strike: 1, call: true, vol: 0.06845127962854924, amount: -0.6 }],
      derivePm: { ...REFERENCE_PARAMS, forwardAddFactor: 4, forwardMultFactor: 5 },
    },
    result: { regular: -26492.637775235315, tail: -4000.063258790923, skew: -10160.758592978338, forward: -25634.31209459518, mtm: -79617.1534944885, im: -106396.78178786946, mm: -100983.45802556415 },
  },
];

describe("Derive PM2: Derive's reference cases [V3]", () => {
  // Both sides evaluate the same f64 formulas (Black-76 with our normal CDF against Derive's
  // Python reference): measured agreement ~1e-11 relative; 1e-6 USD is a millionth of a cent
  // on these accounts and still catches any change of method (a scenario, a discount, a cap).
  const USD = 1e-6;
  for (const { file, account, result } of REFERENCE_CASES) {
    it(`${file}: regular, tail, skew and forward losses, initial and maintenance margin`, () => {
      const { setup, positions } = deriveAccount(account);
      const margin = derivePmMargin(setup.ctx, positions);
      const u = margin.underlyings[account.underlying];
      expectClose(-u.regularLoss, result.regular, USD, `${file} regular`);
      expectClose(-u.tailLoss, result.tail, USD, `${file} tail`);
      expectClose(-u.skewLoss, result.skew, USD, `${file} skew`);
      expectClose(-u.forwardLoss, result.forward, USD, `${file} forward`);
      // Derive states margin as MtM − requirement; our requirement is MtM − Derive's margin.
      expectClose(margin.initial, result.mtm - result.im, USD, `${file} initial`);
      expectClose(margin.maintenance, result.mtm - result.mm, USD, `${file} maintenance`);
    });
  }
});

describe('Derive PM2: closed forms for one-position accounts (published parameters)', () => {
  it('a long perpetual: worst loss 18% of notional (−18%, over the −66% tail × 0.21), IM 22%, MM 17.4%', () => {
    const { setup, positions } = deriveAccount({ underlying: 'ETH', spot: 3000, forward: 3000, rate: 0, ...MAR25, options: [], perps: 2 });
    const margin = derivePmMargin(setup.ctx, positions);
    const notional = 2 * 3000;
    expect(margin.underlyings.ETH.worstScenario).toBe('-18% vol up');
    expectClose(margin.initial, notional * (0.18 + 0.04), 1e-9, 'IM = 1.0 × 0.18·N + 0.04·N');
    expectClose(margin.maintenance, notional * (0.8 * 0.18 + 0.03), 1e-9, 'MM = 0.8 × 0.18·N + 0.03·N');
  });

  it('a short put: the −18% vol-up loss is Black-76 at the shocked forward and IV, the expiry marked up', () => {
    const account = { underlying: 'ETH', spot: 3000, forward: 3010, rate: 0.05, ...MAR25, options: [{ strike: 2800, call: false, vol: 0.7, amount: -3 }] };
    const { setup, positions } = deriveAccount(account);
    const u = derivePmMargin(setup.ctx, positions).underlyings.ETH;
    const tau = MAR25.secondsToExpiry / (DERIVE_YEAR_MS / 1000);
    // By hand: IV × (1 + 0.5·((30/365)/τ)^0.3) (τ under 30 days), Black-76 = BSM with q = r.
    const shockedVol = 0.7 * (1 + 0.5 * ((30 / 365) / tau) ** 0.3);
    const put = (f: number, vol: number) => bsmPrice(false, f, 2800, 0.05, 0.05, vol, tau);
    const value = -3 * put(3010, 0.7);
    const shocked = -3 * put(3010 * 0.82, shockedVol);
    // A negative expiry value is marked up by min(1/exp(−r·τ), 1.02 / exp(−0.10·τ)).
    const markUp = Math.min(Math.exp(0.05 * tau), 1.02 * Math.exp(0.1 * tau));
    expectClose(u.regularLoss, -(markUp * shocked - value), 1e-9, 'regular loss, by hand');
    expect(u.worstScenario).toBe('-18% vol up');
  });
});
