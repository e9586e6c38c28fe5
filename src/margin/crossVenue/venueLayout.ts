import type { CrossVenueParams, Venue } from '../../model/crossVenueSchemas.js';
import { InputError } from '../../model/errors.js';
import type { Account, Book, MarginParams, Position } from '../../model/schemas.js';

/** What one venue holds of one account. */
export interface VenueHoldings {
  venue: string;
  params: Venue;
  positions: Position[];
  balances: Record<string, number>;
  /** The plan account that holds this venue's part alone (a venue view, after the book's accounts). */
  planIndex: number;
}

export interface CrossVenueAccountLayout {
  /** Index of the account in the book and in the plan (the plan's unified account). */
  bookIndex: number;
  account: string;
  /** Venues that hold something, the home venue first, then in the order the book names them. */
  venues: VenueHoldings[];
}

/**
 * Where each cross-venue account's holdings sit. The plan holds the book's accounts first, each
 * with everything it holds on every venue (the unified view: one risk engine over all of it),
 * then one venue view per venue of each cross-venue account (the siloed view). Both views run in
 * the same scenarios of the same plan, so siloed and unified numbers differ only by netting.
 */
export interface CrossVenueLayout {
  homeVenue: string;
  /** Every venue a book may name, the home venue included (implicit: derivatives, 1 h transfer). */
  venues: Record<string, Venue>;
  accounts: CrossVenueAccountLayout[];
  /** Number of book accounts: plan accounts from this index on are venue views. */
  bookAccounts: number;
}

/** Separates venue views from account ids in the plan (`acct-1@aave`). */
export const VENUE_VIEW_SEPARATOR = '@';

const DEFAULT_HOME: Venue = { kind: 'derivatives', transferHours: 1 };

/** The venues a book may name: the params' list, with the home venue added when not listed. */
export function knownVenues(params: CrossVenueParams | undefined): { home: string; venues: Record<string, Venue> } {
  const home = params?.homeVenue ?? 'home';
  const venues = { ...(params?.venues ?? {}) };
  venues[home] ??= DEFAULT_HOME;
  return { home, venues };
}

/**
 * The book the plan runs (unified accounts, then venue views) and the layout, or the book
 * itself and no layout when every holding is on the home venue (so a book without venues is
 * planned exactly as before). Refuses unknown venues, positions on a lending venue, lending
 * assets without parameters and two holdings of one thing on one venue, naming the field.
 */
export function layoutVenues(book: Book, margin: MarginParams, source: string): { book: Book; layout?: CrossVenueLayout } {
  // Most books name no venue: one scan, no copies (a book may hold millions of positions).
  if (book.accounts.every((account) => account.venueBalances === undefined && account.positions.every((p) => p.venue === undefined))) return { book };
  const { home, venues } = knownVenues(margin.crossVenue);
  const split = book.accounts.map((account, a) => splitAccount(account, a, home, venues, source));
  if (split.every((holdings) => holdings.length === 1 && holdings[0].venue === home)) {
    return { book };
  }
  const accounts: CrossVenueAccountLayout[] = [];
  const views: Account[] = [];
  const ids = new Set(book.accounts.map((account) => account.id));
  split.forEach((holdings, a) => {
    if (holdings.length === 1 && holdings[0].venue === home) return;
    const account = book.accounts[a];
    for (const holding of holdings) {
      const id = `${account.id}${VENUE_VIEW_SEPARATOR}${holding.venue}`;
      if (ids.has(id)) throw new InputError(source, `accounts[${a}].id`, account.id, `another account is named ${id}, the name of this account's view on ${holding.venue}: rename one`);
      holding.planIndex = book.accounts.length + views.length;
      views.push({ id, balances: holding.balances, positions: holding.positions });
    }
    accounts.push({ bookIndex: a, account: account.id, venues: holdings });
  });
  const unified = book.accounts.map((account, a) => (split[a].length === 1 && split[a][0].venue === home ? account : unifiedAccount(account, split[a])));
  return { book: { accounts: [...unified, ...views] }, layout: { homeVenue: home, venues, accounts, bookAccounts: book.accounts.length } };
}

/** One account's holdings per venue (the home venue first when it holds anything, or when nothing else does). */
function splitAccount(account: Account, a: number, home: string, venues: Record<string, Venue>, source: string): VenueHoldings[] {
  const byVenue = new Map<string, VenueHoldings>();
  const holdingsOf = (venue: string, field: string): VenueHoldings => {
    let holdings = byVenue.get(venue);
    if (holdings) return holdings;
    const params = venues[venue];
    if (!params) {
      const known = Object.keys(venues).join(', ');
      throw new InputError(source, field, venue, `unknown venue: declare it in params margin.crossVenue.venues (known: ${known})`);
    }
    holdings = { venue, params, positions: [], balances: {}, planIndex: a };
    byVenue.set(venue, holdings);
    return holdings;
  };
  const homeHoldings = holdingsOf(home, `accounts[${a}]`);
  for (const [asset, amount] of Object.entries(account.balances)) homeHoldings.balances[asset] = amount;
  // The schema refuses two positions naming the same venue; here, one naming the home venue and
  // one leaving it implicit. Two implicit ones are a what-if's trade added to a holding: summed.
  const named = new Set<string>();
  account.positions.forEach((position, p) => {
    const field = `accounts[${a}].positions[${p}]`;
    const holdings = holdingsOf(position.venue ?? home, `${field}.venue`);
    if (holdings.params.kind === 'lending') {
      throw new InputError(source, `${field}.venue`, position.venue, `${position.venue} is a lending venue: it holds balances (supplied > 0, borrowed < 0) in venueBalances, not positions`);
    }
    const key = `${holdings.venue}\u0000${position.instrument}`;
    const twice = holdings.positions.some((held) => held.instrument === position.instrument);
    if (twice && (position.venue !== undefined || named.has(key))) {
      throw new InputError(source, `${field}.instrument`, position.instrument, `a second position in this instrument on ${holdings.venue}: merge them into one`);
    }
    if (position.venue !== undefined) named.add(key);
    holdings.positions.push({ instrument: position.instrument, quantity: position.quantity });
  });
  for (const [venue, balances] of Object.entries(account.venueBalances ?? {})) {
    const holdings = holdingsOf(venue, `accounts[${a}].venueBalances.${venue}`);
    for (const [asset, amount] of Object.entries(balances)) {
      const field = `accounts[${a}].venueBalances.${venue}.${asset}`;
      if (asset in holdings.balances) throw new InputError(source, field, amount, `a second balance of ${asset} on ${venue} (the home venue's are in balances): merge them into one`);
      if (holdings.params.kind === 'lending' && !(asset in holdings.params.assets)) {
        throw new InputError(source, field, amount, `${venue} lists no parameters for ${asset}: add margin.crossVenue.venues.${venue}.assets.${asset} to params`);
      }
      holdings.balances[asset] = amount;
    }
  }
  const all = [...byVenue.values()];
  const empty = (h: VenueHoldings) => h.positions.length === 0 && Object.values(h.balances).every((amount) => amount === 0);
  const held = all.filter((h) => !empty(h));
  return held.length > 0 ? held : [homeHoldings];
}

/**
 * The account with every venue's holdings together: its positions in the book's order (so the
 * plan's errors name the book's own indices; it sums an instrument held on two venues), its
 * balances summed per asset over the venues.
 */
function unifiedAccount(account: Account, holdings: readonly VenueHoldings[]): Account {
  const balances: Record<string, number> = {};
  for (const h of holdings) for (const [asset, amount] of Object.entries(h.balances)) balances[asset] = (balances[asset] ?? 0) + amount;
  return { id: account.id, balances, positions: account.positions.map(({ instrument, quantity }) => ({ instrument, quantity })) };
}
