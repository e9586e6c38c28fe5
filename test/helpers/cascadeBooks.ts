/**
 * Small venues for the liquidation tests, on the sample market and params (few scenarios, so a
 * cascade costs tens of milliseconds). Tests build their own price paths; none reads real data.
 */
import { prepareMargin, type MarginSetup } from '../../src/margin/setup.js';
import type { BookInput } from '../../src/model/schemas.js';
import { sampleBook, sampleMarket, sampleParams } from '../../src/sample/sampleVenue.js';
import type { CascadeScenario } from '../../src/liquidation/scenarios.js';
import { mulberry32 } from './expectClose.js';

export function setupFor(book: BookInput, scenarios = 500, seed = 42): MarginSetup {
  return prepareMargin({ market: sampleMarket(), book, params: sampleParams() }, { scenarios, seed });
}

export function sampleSetup(scenarios = 1000): MarginSetup {
  return setupFor(sampleBook(), scenarios);
}

/** A path from per-step multipliers of BTC (ETH and SOL follow with betas 1.1 and 1.3). */
export function pathScenario(name: string, btc: number[], params: CascadeScenario['params'] = {}): CascadeScenario {
  return {
    name,
    description: name,
    path: btc.map((m) => ({ BTC: m, ETH: Math.max(0.05, 1 + 1.1 * (m - 1)), SOL: Math.max(0.05, 1 + 1.3 * (m - 1)) })),
    params: { stepDays: 1 / 24, ...params },
  };
}

const LINEAR = ['BTC-PERPETUAL', 'BTC-26MAR27', 'ETH-PERPETUAL', 'ETH-25DEC26', 'SOL-PERPETUAL', 'BTC_USDC'];
const OPTIONS = ['BTC-25DEC26-85000-P', 'BTC-25DEC26-110000-C', 'ETH-29JAN27-3000-P', 'SOL-26MAR27-280-C'];
const UNIT: Record<string, number> = { BTC: 95_250, ETH: 3_400, SOL: 240 };

/**
 * A random book: `n` accounts, each with 1–4 positions (perpetuals, futures, spot, options;
 * long or short; options out of the money) worth 50k–2M USD of underlying, and USDC (sometimes
 * BTC) collateral at a leverage of 2–25× (short options: plus 15% of their notional): some accounts are far from liquidation, some a few percent away.
 */
export function randomBook(seed: number, n: number): BookInput {
  const rand = mulberry32(seed);
  const accounts = Array.from({ length: n }, (_, a) => {
    const count = 1 + Math.floor(rand() * 4);
    let notional = 0;
    let optionCover = 0;
    const held = new Set<string>();
    const positions = Array.from({ length: count }, () => {
      const pool = rand() < 0.75 ? LINEAR : OPTIONS;
      // One position per instrument (a book may not hold two): redraw an instrument already held.
      let instrument = pool[Math.floor(rand() * pool.length)];
      while (held.has(instrument)) instrument = pool[Math.floor(rand() * pool.length)];
      held.add(instrument);
      const coin = instrument.split(/[-_]/)[0];
      const usd = 5e4 * Math.exp(rand() * Math.log(40));
      notional += usd;
      const sign = instrument.endsWith('_USDC') || rand() < 0.6 ? 1 : -1;
      if (pool === OPTIONS && sign < 0) optionCover += 0.15 * usd; // a short option's premium and then some
      return { instrument, quantity: Number(((sign * usd) / UNIT[coin]).toFixed(3)) };
    });
    const leverage = 2 + rand() * 23;
    const balances: Record<string, number> = { USDC: Math.round(notional / leverage + optionCover) };
    if (rand() < 0.2) balances.BTC = Number((notional / leverage / 2 / UNIT.BTC).toFixed(4));
    return { id: `r${seed}-${a}`, balances, positions };
  });
  return { accounts };
}

/**
 * One over-leveraged long (10 BTC perpetual on 100k USDC: health above 1 today, bankrupt after
 * a 20% gap) and three profitable shorts after the fall, with different leverage so their ADL
 * rank differs: short-C (most levered) first, then short-A, then short-B.
 */
export function adlBook(): BookInput {
  return {
    accounts: [
      { id: 'long-1', balances: { USDC: 100_000 }, positions: [{ instrument: 'BTC-PERPETUAL', quantity: 10 }] },
      { id: 'short-A', balances: { USDC: 40_000 }, positions: [{ instrument: 'BTC-PERPETUAL', quantity: -2 }] },
      { id: 'short-B', balances: { USDC: 200_000 }, positions: [{ instrument: 'BTC-PERPETUAL', quantity: -5 }] },
      { id: 'short-C', balances: { USDC: 14_000 }, positions: [{ instrument: 'BTC-PERPETUAL', quantity: -1 }] },
    ],
  };
}
