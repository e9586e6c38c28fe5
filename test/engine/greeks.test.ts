/**
 * Portfolio Greeks against central finite differences of the engine's own valuation
 * (valueInstrument): delta and gamma in spot, vega in a parallel vol shift, theta in elapsed
 * time. A second method for every Greek the report prints, including the chain rule for
 * options on a dated future and the carry of linear instruments.
 */
import { describe, it } from 'vitest';
import { instrumentGreeks } from '../../src/engine/reference/greeks.js';
import { planRisk } from '../../src/engine/plan.js';
import { valueInstrument } from '../../src/engine/reference/valuation.js';
import { parseRiskInputs } from '../../src/engine/risk.js';
import { expectClose } from '../helpers/expectClose.js';

const market = {
  valuationTime: '2026-11-24T08:00:00Z',
  rate: 0.04,
  underlyings: { BTC: { spot: 95_000, carry: 0.015 } },
  instruments: [
    { id: 'BTC_USDC' },
    { id: 'BTC-PERPETUAL' },
    { id: 'BTC-26MAR27', multiplier: 0.1 },
    { id: 'BTC-25DEC26-90000-P', impliedVol: 0.55 },
    { id: 'BTC-25DEC26-110000-C', impliedVol: 0.5 },
    { id: 'BTC-25DEC26-100000-C', impliedVol: 0.52, underlyingFuture: 'BTC-26MAR27' },
    { id: 'BTC-25JUN27-60000-P', impliedVol: 0.6, multiplier: 10 },
  ],
};
const book = { accounts: [{ id: 'a', positions: market.instruments.map((i) => ({ instrument: i.id, quantity: 1 })) }] };
const params = { underlyings: { BTC: { vol: 0.55, volOfVol: 1 } }, scenarios: 10 };

describe('instrument Greeks match finite differences of the valuation', () => {
  const parsed = parseRiskInputs({ market, book, params });
  const plan = planRisk(parsed.market, parsed.book, parsed.params);
  const spot = plan.spot[0];

  plan.instrumentIds.forEach((id, i) => {
    it(id, () => {
      const m = plan.multiplier[i];
      const value = (s: number, volMultiplier = 1, elapsed = 0) => m * valueInstrument(plan, i, s, volMultiplier, elapsed);
      const g = instrumentGreeks(plan, i);
      // Steps: h ~ eps^(1/3)·scale for first, eps^(1/4)·scale for second derivatives, so the
      // truncation (h²·f''') and rounding (eps·|V|/h) errors balance. Tolerances bound that
      // sum for prices ~1e5·m: relative 1e-6 of the Greek's scale.
      const hS = spot * 1e-4;
      const delta = (value(spot + hS) - value(spot - hS)) / (2 * hS);
      expectClose(g.delta, delta, 1e-6 * m, `${id} delta`);
      const hG = spot * 1e-3;
      const gamma = (value(spot + hG) - 2 * value(spot) + value(spot - hG)) / (hG * hG);
      expectClose(g.gamma, gamma, 1e-8 * m + 1e-5 * Math.abs(gamma), `${id} gamma`);
      if (plan.impliedVol[i] > 0) {
        const sigma = plan.impliedVol[i];
        const hV = 1e-5;
        // valueInstrument scales vol by a multiplier: dV/dσ = dV/dmult / σ.
        const vega = (value(spot, 1 + hV / sigma) - value(spot, 1 - hV / sigma)) / (2 * hV);
        expectClose(g.vega, vega, 1e-5 * Math.max(1, Math.abs(vega)), `${id} vega`);
      }
      const hT = 1e-5; // years (~5 minutes)
      const theta = (value(spot, 1, hT) - value(spot, 1, 0)) / hT; // one-sided: elapsed ≥ 0
      // One-sided difference: truncation hT·|dθ/dt|/2; θ changes on a scale of ~the expiry.
      expectClose(g.theta, theta, 2e-3 * Math.max(1, Math.abs(theta)), `${id} theta`);
    });
  });
});
