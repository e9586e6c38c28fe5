import type { MarginContext } from '../margin/context.js';
import { type CascadeAccount, openAccount, openAccounts } from './accounts.js';
import type { LendingLeg } from './lendingLiquidation.js';

/**
 * The accounts a cascade liquidates. Each venue enforces its own margin on what it holds, and a
 * crash is when that matters: an account held across venues enters the cascade as its venue
 * views (derivatives venues liquidate their part with the step margin model, a lending
 * protocol on its own health factor), not as the unified account no venue enforces. A book
 * that names no venue gives the book's accounts, as before.
 */
export function cascadeAccounts(ctx: MarginContext): { accounts: CascadeAccount[]; lending: LendingLeg[] } {
  const book = openAccounts(ctx);
  const layout = ctx.crossVenue;
  if (!layout) return { accounts: book, lending: [] };
  const split = new Set(layout.accounts.map((a) => a.bookIndex));
  const accounts = book.filter((account) => !split.has(account.index));
  const lending: LendingLeg[] = [];
  for (const cross of layout.accounts) {
    for (const view of cross.venues) {
      const account = openAccount(ctx, view.planIndex);
      accounts.push(account);
      if (view.params.kind === 'lending') lending.push({ account, venue: view.params });
    }
  }
  return { accounts, lending };
}
