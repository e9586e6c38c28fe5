/**
 * Anti-procyclicality: the 25% buffer in calm markets, released in stress, and the floor at
 * the margin under a stressed calibration, checked against an independent run with the
 * stressed vols written into the params.
 */
import { describe, expect, it } from 'vitest';
import { applyAntiProcyclicality } from '../../src/margin/antiProcyclicality.js';
import { runMargin } from '../../src/margin/runMargin.js';
import { prepareMargin } from '../../src/margin/setup.js';
import { AntiProcyclicalitySchema } from '../../src/model/schemas.js';
import { sampleMarket, sampleParams } from '../../src/sample/sampleVenue.js';
import { expectClose } from '../helpers/expectClose.js';

const book = {
  accounts: [
    { id: 'perp', balances: { USDC: 50_000 }, positions: [{ instrument: 'BTC-PERPETUAL', quantity: 2 }] },
    { id: 'short-strangle', balances: { USDC: 50_000 }, positions: [{ instrument: 'ETH-29JAN27-3000-P', quantity: -10 }, { instrument: 'ETH-29JAN27-4000-C', quantity: -10 }] },
  ],
};

async function run(margin: object, params = sampleParams()) {
  const setup = prepareMargin({ market: sampleMarket(), book, params: { ...params, margin } }, { scenarios: 4000 });
  return (await runMargin(setup, { attribution: false })).margin.accounts;
}

describe('anti-procyclicality', () => {
  it('rules: buffer in calm markets, released in stress, floored', () => {
    const params = AntiProcyclicalitySchema.parse({ floor: { enabled: true } });
    expect(applyAntiProcyclicality(100, 110, params)).toEqual({ initial: 125, buffer: 25, floor: 110, binding: 'buffer' });
    expect(applyAntiProcyclicality(100, 130, params)).toEqual({ initial: 130, buffer: 25, floor: 130, binding: 'floor' });
    const released = AntiProcyclicalitySchema.parse({ buffer: { release: 1 }, floor: { enabled: true } });
    expect(applyAntiProcyclicality(100, 110, released)).toEqual({ initial: 110, buffer: 0, floor: 110, binding: 'floor' });
    const half = AntiProcyclicalitySchema.parse({ buffer: { release: 0.5 }, floor: { enabled: false } });
    expect(applyAntiProcyclicality(100, 130, half)).toEqual({ initial: 112.5, buffer: 12.5, floor: null, binding: 'buffer' });
    const off = AntiProcyclicalitySchema.parse({ buffer: { enabled: false }, floor: { enabled: false } });
    expect(applyAntiProcyclicality(100, 130, off)).toEqual({ initial: 100, buffer: 0, floor: null, binding: 'model' });
  });

  it('the floor is the margin under the stressed calibration', async () => {
    const floorOnly = { antiProcyclicality: { buffer: { enabled: false }, floor: { enabled: true } } };
    const accounts = await run(floorOnly);
    // Independent: the same model with the stressed vols (and vols of vol) put in the params.
    const stressedParams = sampleParams();
    for (const u of Object.values(stressedParams.underlyings)) {
      u.vol *= 1.2;
      u.volOfVol = (u.volOfVol ?? 0) * 1.2;
    }
    const reference = await run({ antiProcyclicality: { buffer: { enabled: false }, floor: { enabled: false } } }, stressedParams);
    accounts.forEach((a, j) => {
      const floor = a.margin.portfolio.antiProcyclicality.floor!;
      // Moves scale·(L·z) with the scale multiplied before or after: equal to rounding, same tail.
      expectClose(floor, reference[j].margin.portfolio.core, 1e-9 * floor, `${a.account} floor vs stressed-calibration margin`);
      expect(a.margin.portfolio.initial).toBe(Math.max(a.margin.portfolio.core, floor));
    });
    // Vols up 20%: the directional perpetual's ES-driven margin rises, so the floor binds.
    expect(accounts[0].margin.portfolio.antiProcyclicality.binding).toBe('floor');
  });

  it('releasing the buffer in stress lowers initial margin, never below the floor; both are reported', async () => {
    const calm = await run({ antiProcyclicality: { floor: { enabled: true } } });
    const stressed = await run({ antiProcyclicality: { buffer: { release: 1 }, floor: { enabled: true } } });
    calm.forEach((a, j) => {
      const c = a.margin.portfolio;
      const s = stressed[j].margin.portfolio;
      expectClose(c.antiProcyclicality.buffer, 0.25 * c.core, 1e-12 * c.core, `${a.account} buffer = 25% of the model`);
      expect(s.antiProcyclicality.buffer).toBe(0);
      expect(s.initial).toBeLessThan(c.initial);
      expect(s.initial).toBeGreaterThanOrEqual(s.antiProcyclicality.floor!);
      expect(s.core).toBe(c.core);
    });
  });
});
