/**
 * Inverse (coin-settled) contracts in the engine, against Deribit's own worked examples and
 * closed forms the engine was not tuned to:
 * - futures: Deribit, "Example (futures)", https://www.deribit.com/docs/example-futures/ :
 *   100 contracts of US$10 bought at $600 and sold at $700 make 1000/600 − 1000/700 =
 *   0.238095 BTC, or $166.66 with bitcoin at $700;
 * - options: Deribit, "Options explained",
 *   https://deribit.freshdesk.com/support/solutions/articles/1000057047-options-explained :
 *   a 300 call at a delivery price of 400 expires worth 100 USD, 0.25 BTC; a 300 put at 200
 *   expires worth 100 USD, 0.5 BTC;
 * - the coin value of an inverse option, V_usd/S, against a numerical integral of its coin
 *   payoff (1 − K/S_T)⁺ under the coin's own measure (no Black-76 in the reference);
 * - the USD P&L decomposition of src/engine/reference/settlement.ts (equations 1–3), scenario
 *   by scenario, against formulas written here from the coin side.
 * Tolerances: 1e-12 relative where the engine and the reference do the same f64 arithmetic
 * in another order (a few ulps); the examples' own rounding (0.238095, 166.66) where they are
 * quoted; 1e-9 for the quadrature (its tolerance 1e-13 on values of order 0.1).
 */
import { describe, expect, it } from 'vitest';
import { prepareRisk } from '../../src/engine/risk.js';
import { revalueInstruments } from '../../src/engine/reference/revalue.js';
import { instrumentGreeks } from '../../src/engine/reference/greeks.js';
import { positionMark } from '../../src/engine/reference/valuation.js';
import type { RiskPlan } from '../../src/engine/plan.js';
import { bsmPrice } from '../../src/pricing/bsm.js';
import { DAYS_PER_YEAR } from '../../src/model/time.js';
import { expectClose } from '../helpers/expectClose.js';
import { integrate } from '../helpers/quadrature.js';

const VALUATION = '2026-11-24T08:00:00.000Z';

function planOf(market: object, positions: { instrument: string; quantity: number }[], horizonDays = 2) {
  return prepareRisk(
    {
      market,
      book: { accounts: [{ id: 'a', balances: { BTC: 1 }, positions }] },
      params: { horizonDays, scenarios: 100, underlyings: { BTC: { vol: 0.6, volOfVol: 1 } } },
    },
    {},
  );
}

/** P&L per contract (USD) of every plan instrument at the given spots and vol moves (one scenario each). */
function pnlAt(plan: RiskPlan, spots: number[], volMoves: number[] = spots.map(() => 0)): Float64Array[] {
  const count = spots.length;
  const moves = new Float64Array(count * plan.factorCount);
  spots.forEach((s, j) => {
    moves[j * plan.factorCount] = Math.log(s / plan.spot[0]);
    moves[j * plan.factorCount + 1] = volMoves[j];
  });
  const out = new Float64Array(count * plan.instrumentIds.length);
  revalueInstruments(plan, moves, count, out);
  return plan.instrumentIds.map((_, i) => out.subarray(i * count, (i + 1) * count));
}

describe('inverse futures', () => {
  it("reproduces Deribit's futures example: 0.238095 BTC, $166.66 at $700", () => {
    const market = {
      valuationTime: VALUATION,
      underlyings: { BTC: { spot: 600 } },
      instruments: [{ id: 'BTC-PERPETUAL', settlement: 'inverse', multiplier: 10 }],
    };
    const plan = planOf(market, [{ instrument: 'BTC-PERPETUAL', quantity: 100 }]);
    // The contract is US$10 of face; the plan holds it as coins at today's mark: 10/600.
    expect(plan.multiplier[0]).toBe(10 / 600);
    const [row] = pnlAt(plan, [700]);
    const usd = 100 * row[0];
    const coin = usd / 700;
    // Deribit quotes 0.238095 BTC and 166.66 USD: six decimals and cents, truncated.
    expectClose(coin, 0.238095, 5e-7, 'coin P&L, BTC');
    expectClose(usd, 166.66, 0.01, 'USD P&L at $700');
    expectClose(coin, 1000 / 600 - 1000 / 700, 1e-12 * coin, 'coin P&L against N·(1/F − 1/F′)');
  });

  it('a dated inverse future earns N·(1/F − 1/F′) coins, worth that × S′, with carry and time', () => {
    const rate = 0.05;
    const carry = 0.01;
    const market = {
      valuationTime: VALUATION,
      rate,
      underlyings: { BTC: { spot: 95_000, carry } },
      instruments: [
        { id: 'BTC-26MAR27', settlement: 'inverse', multiplier: 10 },
        { id: 'BTC_USDC-26MAR27', kind: 'future', underlying: 'BTC', expiry: '2027-03-26T08:00:00.000Z' },
      ],
    };
    const horizonDays = 3;
    const plan = planOf(market, [{ instrument: 'BTC-26MAR27', quantity: -7 }, { instrument: 'BTC_USDC-26MAR27', quantity: 1 }], horizonDays);
    const c = (Date.parse('2027-03-26T08:00:00.000Z') - Date.parse(VALUATION)) / (DAYS_PER_YEAR * 86400e3);
    const h = horizonDays / DAYS_PER_YEAR;
    const F = 95_000 * Math.exp((rate - carry) * c);
    const spots = [40_000, 80_000, 95_000, 120_000, 300_000];
    const [inverse, linear] = pnlAt(plan, spots);
    spots.forEach((S1, j) => {
      const F1 = S1 * Math.exp((rate - carry) * (c - h));
      const coinPnl = 10 * (1 / F - 1 / F1); // per contract: face 10 USD
      expectClose(inverse[j], coinPnl * S1, 1e-12 * Math.abs(coinPnl * S1) + 1e-15, `USD P&L per contract at S′ = ${S1}`);
      // Equation (3): the linear twin's P&L (per coin) times S′/F′, per coin of the contract's m = 10/F.
      expectClose(inverse[j], (10 / F) * linear[j] * (S1 / F1), 1e-12 * Math.abs(inverse[j]) + 1e-15, `linear twin × S′/F′ at ${S1}`);
    });
    // Today's mark of a changed price and the Greeks carry S/F: delta is m coins of spot.
    const g = instrumentGreeks(plan, 0);
    expectClose(g.delta, 10 / F, 1e-15, 'delta of one contract, coins');
    const mark = positionMark(plan, 0, 1, F * 1.1, F);
    expectClose(mark, 10 * (1 / F - 1 / (1.1 * F)) * (1.1 * F) * Math.exp(-(rate - carry) * c), 1e-12, 'mark of a 10% move, USD at the index');
  });

  it("an inverse perpetual's USD P&L is the linear one of its coins at today's mark (its convexity is in coin)", () => {
    const market = {
      valuationTime: VALUATION,
      underlyings: { BTC: { spot: 100_000 } },
      instruments: [
        { id: 'BTC-PERPETUAL', settlement: 'inverse', multiplier: 100_000 },
        { id: 'BTC_USDC-PERPETUAL', multiplier: 1 },
      ],
    };
    const plan = planOf(market, [{ instrument: 'BTC-PERPETUAL', quantity: 1 }, { instrument: 'BTC_USDC-PERPETUAL', quantity: 1 }]);
    const [inverse, linear] = pnlAt(plan, [50_000, 150_000]);
    expect(Array.from(inverse)).toEqual(Array.from(linear));
    // In coin: 100,000·(1/100,000 − 1/50,000) = −1 BTC at half the price; −2 BTC if linear (−50,000 USD / 50,000).
    expectClose(inverse[0] / 50_000, -1, 1e-15, 'coin P&L at half the price');
  });
});

describe('inverse options', () => {
  const market = (strike: number, spot: number, expiry: string) => ({
    valuationTime: VALUATION,
    underlyings: { BTC: { spot } },
    instruments: [
      { id: `BTC-${expiry}-${strike}-C`, settlement: 'inverse', impliedVol: 0.8 },
      { id: `BTC-${expiry}-${strike}-P`, settlement: 'inverse', impliedVol: 0.8 },
    ],
  });

  it("settle at payoff / S_T coins: Deribit's 300 call at 400 pays 0.25 BTC, its 300 put at 200 pays 0.5 BTC", () => {
    // Expiring inside the 2-day horizon (25NOV26 08:00), so the scenario settles them at S′.
    const plan = planOf(market(300, 300, '25NOV26'), [{ instrument: 'BTC-25NOV26-300-C', quantity: 1 }, { instrument: 'BTC-25NOV26-300-P', quantity: 1 }]);
    const [call, put] = pnlAt(plan, [400, 200]);
    // USD P&L = payoff − V0 (equation 1), so the coins paid at expiry are (row + V0)/S′.
    expectClose((call[0] + plan.basePrice[0]) / 400, 0.25, 1e-15, 'call at 400: BTC paid');
    expectClose((put[1] + plan.basePrice[1]) / 200, 0.5, 1e-15, 'put at 200: BTC paid');
    expectClose((call[1] + plan.basePrice[0]) / 200, 0, 1e-15, 'call at 200 expires worthless');
  });

  it('are worth V_usd / S coins: the integral of (1 − K/S_T)⁺ under the coin measure', () => {
    const spot = 95_000;
    const plan = planOf(market(110_000, spot, '26MAR27'), [{ instrument: 'BTC-26MAR27-110000-C', quantity: 1 }]);
    const T = plan.expiryYears[0];
    const s = 0.8 * Math.sqrt(T);
    // Zero rates: under the measure whose numeraire is the coin, ln S_T ~ N(ln S + s²/2, s²).
    const mean = Math.log(spot) + 0.5 * s * s;
    const density = (x: number) => Math.exp(-0.5 * ((x - mean) / s) ** 2) / (s * Math.sqrt(2 * Math.PI));
    const coinValue = integrate((x) => Math.max(1 - 110_000 / Math.exp(x), 0) * density(x), Math.log(110_000), mean + 12 * s);
    expectClose(plan.basePrice[0] / spot, coinValue, 1e-9, 'coin value of the inverse call');
  });

  it('USD P&L = coin P&L at S′ + the coins the position was worth, revalued (equations 1 and 2)', () => {
    const spot = 95_000;
    const plan = planOf(market(90_000, spot, '25DEC26'), [{ instrument: 'BTC-25DEC26-90000-P', quantity: -3 }]);
    const put = 0; // only held instruments are planned
    const spots = [30_000, 70_000, 95_000, 130_000];
    const volMoves = [0.5, 0.2, 0, -0.3];
    const rows = pnlAt(plan, spots, volMoves);
    const T = plan.expiryYears[put];
    const h = plan.horizonYears;
    const w = plan.volTermWeight[put];
    spots.forEach((S1, j) => {
      const vol = 0.8 * Math.exp(volMoves[j] * w);
      const coinBefore = plan.basePrice[put] / spot;
      const coinAfter = bsmPrice(false, S1, 90_000, 0, 0, vol, T - h) / S1;
      const usd = (coinAfter - coinBefore) * S1 + coinBefore * (S1 - spot);
      expectClose(rows[put][j], usd, 1e-10 * Math.abs(usd) + 1e-9, `put P&L per contract at S′ = ${S1}`);
    });
  });
});

describe('settlement field', () => {
  it('defaults to linear, and a linear book gives the same bits with it written out', () => {
    const instruments = [{ id: 'BTC-26MAR27' }, { id: 'BTC-26MAR27-100000-C', impliedVol: 0.7 }, { id: 'BTC-PERPETUAL' }];
    const base = { valuationTime: VALUATION, rate: 0.02, underlyings: { BTC: { spot: 95_000, carry: 0.01 } } };
    const positions = instruments.map((spec, k) => ({ instrument: spec.id, quantity: k + 1 }));
    const implicit = planOf({ ...base, instruments }, positions);
    const explicit = planOf({ ...base, instruments: instruments.map((spec) => ({ ...spec, settlement: 'linear' })) }, positions);
    const spots = [60_000, 95_000, 140_000];
    expect(pnlAt(explicit, spots).map((r) => Array.from(r))).toEqual(pnlAt(implicit, spots).map((r) => Array.from(r)));
    expect(Array.from(implicit.settlement)).toEqual([0, 0, 0]);
  });

  it('refuses an inverse spot pair, naming the field', () => {
    const market = { valuationTime: VALUATION, underlyings: { BTC: { spot: 95_000 } }, instruments: [{ id: 'BTC_USDC', settlement: 'inverse' }] };
    expect(() => planOf(market, [{ instrument: 'BTC_USDC', quantity: 1 }])).toThrow(/instruments\[0\]\.settlement = "inverse": a spot holding is the coin itself/);
  });
});

describe('inverse contracts on the GPU path (host-side constants, no adapter needed)', () => {
  it("fold S′/F′ into an inverse future's tile slot, as the CPU folds it into its multiplier", async () => {
    const { revaluationTiles } = await import('../../src/engine/gpu/revaluationTiles.js');
    const market = {
      valuationTime: VALUATION,
      rate: 0.05,
      underlyings: { BTC: { spot: 95_000 } },
      instruments: [{ id: 'BTC-26MAR27', settlement: 'inverse', multiplier: 10 }, { id: 'BTC_USDC-26MAR27', kind: 'future', underlying: 'BTC', expiry: '2027-03-26T08:00:00.000Z' }],
    };
    const plan = planOf(market, [{ instrument: 'BTC-26MAR27', quantity: 1 }, { instrument: 'BTC_USDC-26MAR27', quantity: 1 }]);
    const slots = revaluationTiles(plan).flatMap((t) => t.slots);
    const [inverse, linear] = [0, 1].map((i) => slots.find((s) => s.row === i)!);
    const scale = Math.exp(-0.05 * (plan.carryYears[0] - plan.horizonYears));
    // pnl_scale = m·F0 for the linear twin; × S′/F′ for the inverse one (face 10: m·F0 = 10).
    expectClose(linear.pnl_scale, plan.basePrice[1], 1e-9 * plan.basePrice[1], 'linear pnl_scale');
    expectClose(inverse.pnl_scale, 10 * scale, 1e-12, 'inverse pnl_scale');
    expect(inverse.carry_growth).toBe(linear.carry_growth);
  });
});
