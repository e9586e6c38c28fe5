import type { Book, Market } from '../model/schemas.js';
import { parseInstrumentId } from '../model/instrumentId.js';

/**
 * A portfolio of a backtest: USD notional per asset (positive long, negative short), held at
 * every decision day's close; its P&L over the next days is Σ notional·(P_{t+h}/P_t − 1).
 */
export interface ReferencePortfolio {
  id: string;
  description: string;
  exposures: Record<string, number>;
}

const NOTIONAL = 1_000_000;

/**
 * The reference portfolios of a set of assets (1 M USD of notional each): long and short each
 * asset, a long–short spread of every pair (long the first, short the second), and the
 * equal-weight basket. Linear by construction: options need an implied-vol history to be
 * backtested and are left out.
 */
export function referencePortfolios(assets: readonly string[]): ReferencePortfolio[] {
  const out: ReferencePortfolio[] = [];
  for (const a of assets) {
    out.push({ id: `long ${a}`, description: `long ${a}`, exposures: { [a]: NOTIONAL } });
    out.push({ id: `short ${a}`, description: `short ${a}`, exposures: { [a]: -NOTIONAL } });
  }
  assets.forEach((a, i) => {
    for (const b of assets.slice(i + 1)) out.push({ id: `${a}/${b}`, description: `long ${a}, short ${b}`, exposures: { [a]: NOTIONAL, [b]: -NOTIONAL } });
  });
  if (assets.length > 1) out.push({ id: 'basket', description: `equal-weight basket of ${assets.join(', ')}`, exposures: Object.fromEntries(assets.map((a) => [a, NOTIONAL / assets.length])) });
  return out;
}

/**
 * The linear part of a user's book as portfolios, one per account: each spot, perpetual and
 * future position as USD notional in its underlying at today's spot (futures at their spot
 * equivalent; the backtest has no carry). Options are left out, with the count reported.
 */
export function bookPortfolios(book: Book, market: Market): { portfolios: ReferencePortfolio[]; optionsLeftOut: number } {
  let optionsLeftOut = 0;
  const specs = new Map(market.instruments.map((i) => [i.id, i]));
  const portfolios = book.accounts.flatMap((account) => {
    const exposures: Record<string, number> = {};
    for (const position of account.positions) {
      const spec = specs.get(position.instrument);
      const parsed = parseInstrumentId(position.instrument);
      const kind = spec?.kind ?? parsed?.kind;
      const underlying = spec?.underlying ?? parsed?.underlying;
      if (kind === 'option') {
        optionsLeftOut++;
        continue;
      }
      if (!underlying || !market.underlyings[underlying]) continue;
      exposures[underlying] = (exposures[underlying] ?? 0) + position.quantity * (spec?.multiplier ?? 1) * market.underlyings[underlying].spot;
    }
    return Object.keys(exposures).length === 0 ? [] : [{ id: account.id, description: `linear part of ${account.id}`, exposures }];
  });
  return { portfolios, optionsLeftOut };
}
