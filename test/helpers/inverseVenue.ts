import { parseInstrumentId } from '../../src/model/instrumentId.js';
import type { BookInput, MarketInput, RiskParamsInput } from '../../src/model/schemas.js';
import { sampleBook, sampleMarket, sampleParams } from '../../src/sample/sampleVenue.js';

/**
 * The sample venue with its BTC and ETH contracts coin-settled, as on Deribit: options inverse
 * (1 coin each), futures and perpetuals inverse with a USD face of about one coin at today's
 * spot (so the book's quantities keep their size), BTC on a curve of rates (ratePoints). SOL
 * stays linear, and a third of the accounts post their collateral in BTC instead of USDC, so
 * coin collateral moves in the scenarios with the inverse positions.
 */
export function inverseSampleVenue(): { market: MarketInput; book: BookInput; params: RiskParamsInput } {
  const market = sampleMarket();
  const spots = Object.fromEntries(Object.entries(market.underlyings).map(([u, m]) => [u, m.spot]));
  market.underlyings.BTC = { ...market.underlyings.BTC, ratePoints: [{ tenorDays: 7, rate: 0.045 }, { tenorDays: 90, rate: 0.06 }, { tenorDays: 365, rate: 0.08 }] };
  market.instruments = market.instruments.map((spec) => {
    const parsed = parseInstrumentId(spec.id);
    const coinSettled = parsed && (parsed.underlying === 'BTC' || parsed.underlying === 'ETH') && !spec.id.includes('_');
    if (!coinSettled || parsed.kind === 'spot') return spec;
    if (parsed.kind === 'option') return { ...spec, settlement: 'inverse' as const };
    return { ...spec, settlement: 'inverse' as const, multiplier: Math.round(spots[parsed.underlying] * (spec.multiplier ?? 1)) };
  });
  const book = sampleBook();
  book.accounts = book.accounts.map((account, a) => {
    const usdc = account.balances?.USDC;
    if (a % 3 !== 0 || usdc === undefined) return account;
    const { USDC: _, ...rest } = account.balances!;
    return { ...account, balances: { ...rest, BTC: (rest.BTC ?? 0) + usdc / spots.BTC } };
  });
  return { market, book, params: sampleParams() };
}
