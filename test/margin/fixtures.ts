/**
 * Shared fixtures of the margin tests: small books on the sample venue's market and params
 * (the sample's defaults: margin params all default), run on the CPU backend in this thread.
 */
import type { BookInput, MarginParamsInput } from '../../src/model/schemas.js';
import { runMargin, type MarginRun } from '../../src/margin/runMargin.js';
import { prepareMargin, type MarginSetup } from '../../src/margin/setup.js';
import { sampleBook, sampleMarket, sampleParams } from '../../src/sample/sampleVenue.js';

/** Enough scenarios for a stable 99% tail (k = 40) while keeping each run well under a second. */
export const SCENARIOS = 4000;

export function setupFor(book: BookInput, options: { scenarios?: number; margin?: MarginParamsInput; seed?: number } = {}): MarginSetup {
  const params = { ...sampleParams(), ...(options.margin ? { margin: options.margin } : {}) };
  return prepareMargin({ market: sampleMarket(), book, params }, { scenarios: options.scenarios ?? SCENARIOS, seed: options.seed });
}

export async function runBook(book: BookInput, options: Parameters<typeof setupFor>[1] = {}): Promise<MarginRun & { setup: MarginSetup }> {
  const setup = setupFor(book, options);
  return { setup, ...(await runMargin(setup)) };
}

export function sampleSetup(options: Parameters<typeof setupFor>[1] = {}): MarginSetup {
  return setupFor(sampleBook(), options);
}

/** Spot delta of one contract of a listed instrument on the sample market (from the engine's Greeks). */
export function deltaOf(instrument: string): number {
  const setup = setupFor({ accounts: [{ id: 'probe', balances: {}, positions: [{ instrument, quantity: 1 }] }] }, { scenarios: 10 });
  return setup.ctx.deltaPerContract[setup.plan.instrumentIds.indexOf(instrument)];
}

/** The hedged books the issue names, each as one account. */
export function hedgedBooks(): BookInput['accounts'] {
  const call = 'BTC-29JAN27-95000-C';
  const hedge = -Math.round(10 * deltaOf(call) * 1000) / 1000;
  const put = 'ETH-26MAR27-3500-P';
  const putHedge = Math.round(-100 * deltaOf(put) * 100) / 100; // short 100 puts: delta −100·Δ_put > 0... hedge it away
  return [
    // A long call, delta-hedged with the perpetual.
    { id: 'delta-hedged-long-call', balances: { USDC: 100_000 }, positions: [{ instrument: call, quantity: 10 }, { instrument: 'BTC-PERPETUAL', quantity: hedge }] },
    // A short put, delta-hedged with the perpetual (short gamma: the hard case).
    { id: 'delta-hedged-short-put', balances: { USDC: 200_000 }, positions: [{ instrument: put, quantity: -100 }, { instrument: 'ETH-PERPETUAL', quantity: putHedge }] },
    // A calendar spread: short the December call, long the March call at the same strike.
    { id: 'calendar-spread', balances: { USDC: 50_000 }, positions: [{ instrument: 'BTC-25DEC26-100000-C', quantity: -10 }, { instrument: 'BTC-26MAR27-100000-C', quantity: 10 }] },
    // A covered short call: the coin is posted as collateral, not held as a position.
    { id: 'covered-call-coin-collateral', balances: { BTC: 5, USDC: 5_000 }, positions: [{ instrument: 'BTC-29JAN27-100000-C', quantity: -5 }] },
  ];
}
