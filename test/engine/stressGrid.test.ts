/**
 * The stress grid is revalued as the README's "Stress grid" and "Revaluation" notes say, with
 * each price written out here from Black-76 (bsmPrice with the yield equal to the rate):
 *   spot × (1 + spot move); time advanced by the horizon (residual expiry T − h, the forward
 *   carried over max(c − h, 0)); an option's implied vol × (1 + vol move)^w with the term
 *   weight w = √(ref / max(T, ref)) taken at valuation (T, not T − h).
 * One short-dated option (w = 1: the full move) and one a year out (w ≈ 0.29), on a market
 * with a rate and a carry so that the shortened carry shows. Tolerance 1e-9 relative: the same
 * f64 formula evaluated in another order.
 */
import { describe, expect, it } from 'vitest';
import { stressAccountPnl } from '../../src/engine/reference/stress.js';
import { yearFraction } from '../../src/model/time.js';
import { bsmPrice } from '../../src/pricing/bsm.js';
import { prepareRisk } from '../../src/engine/risk.js';
import { expectRelClose } from '../helpers/expectClose.js';

const VALUATION = '2026-11-24T08:00:00.000Z';
const SPOT = 100_000;
const RATE = 0.04;
const CARRY = 0.01;
const HORIZON_DAYS = 2;
const REFERENCE_DAYS = 30;
const OPTIONS = [
  { id: 'BTC-11DEC26-100000-C', expiry: '2026-12-11T08:00:00.000Z', vol: 0.55, isCall: true }, // 17 days
  { id: 'BTC-26NOV27-80000-P', expiry: '2027-11-26T08:00:00.000Z', vol: 0.7, isCall: false }, // a year
];
const SPOT_MOVES = [-0.3, 0, 0.2];
const VOL_MOVES = [-0.3, 0.5];

function plan() {
  return prepareRisk({
    market: {
      valuationTime: VALUATION,
      rate: RATE,
      underlyings: { BTC: { spot: SPOT, carry: CARRY } },
      instruments: OPTIONS.map((o) => ({ id: o.id, impliedVol: o.vol })),
    },
    // One account per option, one contract long: the account P&L is the option's.
    book: { accounts: OPTIONS.map((o) => ({ id: o.id, positions: [{ instrument: o.id, quantity: 1 }] })) },
    params: {
      horizonDays: HORIZON_DAYS,
      volTermReferenceDays: REFERENCE_DAYS,
      underlyings: { BTC: { vol: 0.6, volOfVol: 1 } },
      stressGrid: { spotMoves: SPOT_MOVES, volMoves: VOL_MOVES },
    },
  });
}

/** Black-76 value of an option on spot, `elapsed` years after valuation. */
function value(o: (typeof OPTIONS)[number], spot: number, vol: number, elapsed: number): number {
  const T = yearFraction(VALUATION, o.expiry);
  const forward = spot * Math.exp((RATE - CARRY) * Math.max(T - elapsed, 0));
  return bsmPrice(o.isCall, forward, Number(o.id.split('-')[2]), RATE, RATE, vol, T - elapsed);
}

describe('stress grid revaluation', () => {
  it('moves spot, advances time by the horizon and term-weights the vol move', () => {
    const p = plan();
    const pnl = stressAccountPnl(p);
    const h = HORIZON_DAYS / 365.25;
    const ref = REFERENCE_DAYS / 365.25;
    const points = SPOT_MOVES.flatMap((spotMove) => VOL_MOVES.map((volMove) => ({ spotMove, volMove })));
    expect(p.stress.map((s) => [s.spotMove, s.volMove])).toEqual(points.map((g) => [g.spotMove, g.volMove]));
    OPTIONS.forEach((o, a) => {
      const T = yearFraction(VALUATION, o.expiry);
      const w = Math.sqrt(ref / Math.max(T, ref));
      const base = value(o, SPOT, o.vol, 0);
      points.forEach((g, k) => {
        const expected = value(o, SPOT * (1 + g.spotMove), o.vol * (1 + g.volMove) ** w, h) - base;
        const computed = pnl[a * points.length + k];
        expectRelClose(computed, expected, 1e-9, `${o.id} at ${p.stress[k].name} (w = ${w.toFixed(4)})`, base);
      });
    });
  });

  it('the weights the README quotes: 1 up to the reference expiry, ≈ 0.287 a year out', () => {
    const p = plan();
    expectRelClose(p.volTermWeight[0], 1, 0, 'w of the 17-day option');
    // T at valuation (367 days), not T − h: √(30 / 367).
    expectRelClose(p.volTermWeight[1], Math.sqrt(REFERENCE_DAYS / 367), 1e-12, 'w of the one-year option');
    // A year out, the +50% / −30% grid points move its vol by +12% / −10%.
    expect([(1.5 ** p.volTermWeight[1] - 1).toFixed(2), (0.7 ** p.volTermWeight[1] - 1).toFixed(2)]).toEqual(['0.12', '-0.10']);
  });
});
