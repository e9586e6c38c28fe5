/**
 * Inverse contracts through margin: the coin collateral revalued in the same scenarios (the
 * wrong-way risk of a short put margined in BTC), margins reported in coin and in USD, what-if
 * premiums paid in the contract's coin (equal to a full rerun), and a curve of rates (one per
 * expiry) that reproduces each dated future and Deribit's coin marks Black(F)/F.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { runMargin } from '../../src/margin/runMargin.js';
import { prepareMargin, planMargin, type MarginSetup } from '../../src/margin/setup.js';
import { buildMarginCache, whatIf } from '../../src/margin/whatIf.js';
import { prepareRisk } from '../../src/engine/risk.js';
import { bsmPrice } from '../../src/pricing/bsm.js';
import { expectClose } from '../helpers/expectClose.js';

const VALUATION = '2026-11-24T08:00:00.000Z';
const SPOT = 95_000;
const PUT = 'BTC-26MAR27-90000-P';

const market = {
  valuationTime: VALUATION,
  underlyings: { BTC: { spot: SPOT }, USDC: { spot: 1 } },
  instruments: [
    { id: PUT, settlement: 'inverse', impliedVol: 0.6 },
    { id: 'BTC-26MAR27-110000-C', settlement: 'inverse', impliedVol: 0.6 },
    { id: 'BTC-PERPETUAL', settlement: 'inverse', multiplier: 10 },
    { id: 'BTC_USDC-PERPETUAL', multiplier: 1 },
  ],
};
const params = { scenarios: 4000, seed: 7, underlyings: { BTC: { vol: 0.6, volOfVol: 1 }, USDC: { vol: 0.02, volOfVol: 0.25 } } };

function setupWith(accounts: object[]): MarginSetup {
  return prepareMargin({ market, book: { accounts }, params });
}

describe('inverse contracts in margin', () => {
  let setup: MarginSetup;
  let run: Awaited<ReturnType<typeof runMargin>>;
  beforeAll(async () => {
    setup = setupWith([
      // Short 2 BTC puts, margined in BTC: the coin falls exactly when the puts lose.
      { id: 'btc-margined', balances: { BTC: 1 }, positions: [{ instrument: PUT, quantity: -2 }] },
      // The same puts on the same USD of collateral in a stablecoin.
      { id: 'usdc-margined', balances: { USDC: SPOT }, positions: [{ instrument: PUT, quantity: -2 }] },
      { id: 'linear-only', balances: { USDC: 50_000 }, positions: [{ instrument: 'BTC_USDC-PERPETUAL', quantity: 0.5 }] },
    ]);
    run = await runMargin(setup, { attribution: false });
  });

  it('charges the wrong-way risk of a short put margined in BTC: its coin moves in the same scenarios', () => {
    const [btc, usdc] = run.margin.accounts;
    // Same positions, same USD of collateral: only where the collateral sits differs. In BTC it
    // loses with the puts, so the ES of the whole account is larger than the puts' alone.
    expect(btc.margin.portfolio.expectedShortfall).toBeGreaterThan(1.5 * usdc.margin.portfolio.expectedShortfall);
    // Unified mode: the BTC's price risk is in the ES, not in a haircut: no volatility part left in equity.
    expect(btc.collateral.holdings[0].inScenarios).toBe(true);
  });

  it('reports equity and margins in coin (USD over today\'s index) for coin-settled accounts only', () => {
    const [btc, , linear] = run.margin.accounts;
    expect(linear.coin).toBeUndefined();
    const coin = btc.coin!;
    expect(coin.map((c) => c.asset)).toEqual(['BTC']);
    expect(coin[0].index).toBe(SPOT);
    expect(coin[0].equity).toBe(btc.equity / SPOT);
    for (const m of ['isolated', 'cross', 'portfolio'] as const) {
      expect(coin[0].margin[m]!.initial).toBe(btc.margin[m].initial / SPOT);
      expect(coin[0].margin[m]!.maintenance).toBe(btc.margin[m].maintenance / SPOT);
    }
    // The short puts' mark in coin: −2 × V/S.
    expect(coin[0].inversePositionsValue).toBe(btc.positionsValue / SPOT);
    expect(coin[0].inversePositionsValue).toBeLessThan(0);
  });

  it('what-if pays an inverse premium in its coin, and matches a full rerun', async () => {
    const cache = buildMarginCache(setup);
    const trades = [{ instrument: 'BTC-26MAR27-110000-C', quantity: 1.5 }];
    const result = whatIf(cache, 'usdc-margined', trades);
    expect(result.premium).toBeGreaterThan(0);
    expect(result.balancesAfter.USDC).toBe(SPOT);
    expectClose(result.balancesAfter.BTC, -result.premium / SPOT, 1e-12 * result.premium / SPOT, 'BTC paid for the calls');
    const book = {
      accounts: setup.inputs.book.accounts.map((a) => (a.id === 'usdc-margined' ? { ...a, balances: result.balancesAfter, positions: [...a.positions, ...trades] } : a)),
    };
    const rerun = await runMargin(planMargin({ ...setup.inputs, book }, setup.sources), { attribution: false });
    const full = rerun.margin.accounts[1];
    // Same f64 numbers; only the plan order of the added instruments differs: 1e-9 relative.
    expectClose(result.after.margin.portfolio.expectedShortfall, full.margin.portfolio.expectedShortfall, 1e-9 * full.margin.portfolio.expectedShortfall, 'ES, what-if vs rerun');
    expectClose(result.after.equity, full.equity, 1e-9 * full.equity, 'equity, what-if vs rerun');
  });
});

describe('a rate curve per underlying (ratePoints)', () => {
  // Deribit-like: index 93,650, futures at 94,702 (27MAR26) and 97,963 (25DEC26), valued 2026-01-05 15:33.
  const valuationTime = '2026-01-05T15:33:29.000Z';
  const years = (iso: string) => (Date.parse(iso) - Date.parse(valuationTime)) / (365.25 * 86400e3);
  const T1 = years('2026-03-27T08:00:00.000Z');
  const T2 = years('2026-12-25T08:00:00.000Z');
  const r1 = Math.log(94_702 / 93_650) / T1;
  const r2 = Math.log(97_963 / 93_650) / T2;
  const curveMarket = {
    valuationTime,
    underlyings: { BTC: { spot: 93_650, ratePoints: [{ tenorDays: T1 * 365.25, rate: r1 }, { tenorDays: T2 * 365.25, rate: r2 }] } },
    instruments: [
      { id: 'BTC-27MAR26', settlement: 'inverse', multiplier: 10 },
      { id: 'BTC-25DEC26', settlement: 'inverse', multiplier: 10 },
      { id: 'BTC-25DEC26-100000-C', settlement: 'inverse', impliedVol: 0.55, underlyingFuture: 'BTC-25DEC26' },
      { id: 'BTC-26JUN26', settlement: 'inverse', multiplier: 10 },
    ],
  };
  const plan = prepareRisk({
    market: curveMarket,
    book: { accounts: [{ id: 'a', positions: curveMarket.instruments.map((i) => ({ instrument: i.id, quantity: 1 })) }] },
    params: { scenarios: 10, underlyings: { BTC: { vol: 0.5, volOfVol: 1 } } },
  });

  it('prices each dated future at its own point of the curve', () => {
    expectClose(plan.basePrice[0], 94_702, 1e-9 * 94_702, 'BTC-27MAR26');
    expectClose(plan.basePrice[1], 97_963, 1e-9 * 97_963, 'BTC-25DEC26');
    // Between points the log discount factor r·T is linear in T.
    const T3 = years('2026-06-26T08:00:00.000Z');
    const rT = r1 * T1 + ((T3 - T1) / (T2 - T1)) * (r2 * T2 - r1 * T1);
    expectClose(plan.basePrice[3], 93_650 * Math.exp(rT), 1e-9 * 93_650, 'BTC-26JUN26 interpolated');
  });

  it("makes an inverse option's coin value Black-76(F)/F, Deribit's mark convention", () => {
    const F = 97_963;
    const black = bsmPrice(true, F, 100_000, 0, 0, 0.55, T2);
    expectClose(plan.basePrice[2] / 93_650, black / F, 1e-12, 'coin value of BTC-25DEC26-100000-C');
  });
});
