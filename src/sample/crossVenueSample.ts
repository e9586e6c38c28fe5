/**
 * The cross-venue sample: the sample venue's market and book, plus accounts whose positions
 * and collateral sit on several venues and a lending protocol (`margin run --sample
 * cross-venue`). A second sample rather than more accounts in the first, so that every output
 * of the sample venue stays as it is; the sample venue's 254 accounts are here too, unchanged
 * (they name no venue), so the crash in `margin stress --sample cross-venue` runs the lending
 * liquidations against the same derivatives book.
 *
 * Venues: `home` (the venue this engine margins; what the book does not place elsewhere),
 * `deribit` (a second derivatives venue, margined with the same model on what it holds) and
 * `aave` (a lending protocol: positive balances supplied, negative borrowed). Aave's parameters
 * are illustrative values of the size of Aave v3's Ethereum market (LTV, liquidation threshold,
 * bonus, the 50% close factor and the 0.95 full-close health factor of its liquidation logic),
 * not a copy of any one governance snapshot.
 */
import type { CrossVenueParamsInput } from '../model/crossVenueSchemas.js';
import type { BookInput, MarketInput, RiskParamsInput } from '../model/schemas.js';
import { sampleBook, sampleMarket, sampleParams } from './sampleVenue.js';

export const CROSS_VENUE_PARAMS: CrossVenueParamsInput = {
  homeVenue: 'home',
  venues: {
    home: { kind: 'derivatives', transferHours: 1 },
    deribit: { kind: 'derivatives', transferHours: 1 },
    aave: {
      kind: 'lending',
      transferHours: 0.25,
      closeFactor: 0.5,
      fullCloseHealthFactor: 0.95,
      assets: {
        ETH: { ltv: 0.805, liquidationThreshold: 0.83, liquidationBonus: 0.05 },
        BTC: { ltv: 0.73, liquidationThreshold: 0.78, liquidationBonus: 0.05 },
        USDC: { ltv: 0.75, liquidationThreshold: 0.78, liquidationBonus: 0.045 },
      },
    },
  },
};

type Account = BookInput['accounts'][number];

/**
 * The cross-venue accounts, each an archetype (ids xv-01...): where a venue's risk offsets
 * another's, unified margin frees capital; where it adds, or where collateral sits on a venue
 * that margins none of its risk, unified margin can ask more; the lending legs show health
 * factors that a crash can take below 1 while the account as a whole is fine.
 */
export function crossVenueAccounts(): Account[] {
  return [
    // Leveraged ETH on Aave (USDC borrowed against it), the delta hedged short on home.
    { id: 'xv-01', balances: { USDC: 60_000 }, venueBalances: { aave: { ETH: 100, USDC: -200_000 } }, positions: [{ instrument: 'ETH-PERPETUAL', quantity: -100 }] },
    // BTC supplied on Aave, USDC borrowed, the BTC sold forward on deribit (a carry trade across venues).
    { id: 'xv-02', balances: {}, venueBalances: { aave: { BTC: 5, USDC: -250_000 }, deribit: { USDC: 60_000 } }, positions: [{ instrument: 'BTC-26MAR27', quantity: -5, venue: 'deribit' }] },
    // Calls written on home, covered by ETH supplied on Aave with no debt (Aave requires nothing
    // of it): unified margin counts the ETH as collateral and charges its price risk.
    { id: 'xv-03', balances: { USDC: 45_000 }, venueBalances: { aave: { ETH: 50 } }, positions: [{ instrument: 'ETH-26MAR27-4000-C', quantity: -50 }] },
    // Long the BTC perpetual on home, short it on deribit: flat across venues, fully margined on each.
    {
      id: 'xv-04',
      balances: { USDC: 150_000 },
      venueBalances: { deribit: { USDC: 150_000 } },
      positions: [{ instrument: 'BTC-PERPETUAL', quantity: 10 }, { instrument: 'BTC-PERPETUAL', quantity: -10, venue: 'deribit' }],
    },
    // Leveraged ETH on Aave and long ETH perpetuals on home: the risks add, and unified margin
    // (the scenarios' ES of all of it) asks more than Aave's static threshold and home together.
    { id: 'xv-05', balances: { USDC: 60_000 }, venueBalances: { aave: { ETH: 80, USDC: -150_000 } }, positions: [{ instrument: 'ETH-PERPETUAL', quantity: 40 }] },
    // Aave alone, close to its liquidation threshold (HF ≈ 1.06).
    { id: 'xv-06', balances: {}, venueBalances: { aave: { ETH: 30, USDC: -80_000 } }, positions: [] },
    // A BTC straddle written on deribit, delta-hedged on home, BTC collateral supplied on Aave.
    {
      id: 'xv-07',
      balances: { USDC: 20_000 },
      venueBalances: { deribit: { USDC: 200_000 }, aave: { BTC: 3, USDC: -60_000 } },
      positions: [
        { instrument: 'BTC-26MAR27-100000-C', quantity: -4, venue: 'deribit' },
        { instrument: 'BTC-26MAR27-100000-P', quantity: -4, venue: 'deribit' },
        { instrument: 'BTC-PERPETUAL', quantity: -0.3 },
      ],
    },
    // A lending whale (≈ 200 M USD of ETH supplied, HF ≈ 1.17) half hedged on home: in a crash its
    // Aave liquidations sell ETH into the market the derivatives book is marked on.
    { id: 'xv-08', balances: { USDC: 15_000_000 }, venueBalances: { aave: { ETH: 60_000, USDC: -145_000_000 } }, positions: [{ instrument: 'ETH-PERPETUAL', quantity: -30_000 }] },
    // A derivatives whale long ETH perpetuals at ~6× leverage on home, its spare USDC supplied on Aave.
    { id: 'xv-09', balances: { USDC: 22_000_000 }, venueBalances: { aave: { USDC: 5_000_000 } }, positions: [{ instrument: 'ETH-PERPETUAL', quantity: 40_000 }] },
    // SOL basis across venues: SOL spot bought on home, the perpetual shorted on deribit.
    {
      id: 'xv-10',
      balances: { USDC: 20_000 },
      venueBalances: { deribit: { USDC: 20_000 } },
      positions: [{ instrument: 'SOL_USDC', quantity: 500 }, { instrument: 'SOL-PERPETUAL', quantity: -500, venue: 'deribit' }],
    },
  ];
}

export function crossVenueMarket(): MarketInput {
  return sampleMarket();
}

export function crossVenueParams(): RiskParamsInput {
  const params = sampleParams();
  return { ...params, margin: { ...(params.margin ?? {}), crossVenue: structuredClone(CROSS_VENUE_PARAMS) } };
}

export function crossVenueBook(): BookInput {
  return { accounts: [...sampleBook().accounts, ...crossVenueAccounts()] };
}
