import type { Book } from '../src/model/schemas.js';
import { InputError } from '../src/model/errors.js';

/**
 * `--account a,b,acct-00*`: the book cut to the accounts named or matched. Items with `*` (any
 * run of characters) or `?` (one character) are patterns; others are exact ids. An id or a
 * pattern that selects nothing is an error (a typo would otherwise print an empty report).
 */
export function selectAccounts(book: Book, items: readonly string[], option = '--account'): Book {
  const matchers = items.map((item) => ({ item, test: matcherOf(item), used: false }));
  const accounts = book.accounts.filter((account) => {
    let selected = false;
    for (const m of matchers) {
      if (m.test(account.id)) selected = m.used = true;
    }
    return selected;
  });
  const unused = matchers.filter((m) => !m.used).map((m) => m.item);
  if (unused.length > 0) throw new InputError(option, '', unused.join(','), `no account in the book ${unused.length === 1 ? 'has this id or matches this pattern' : 'has these ids or matches these patterns'}`);
  return { accounts };
}

function matcherOf(item: string): (id: string) => boolean {
  if (!/[*?]/.test(item)) return (id) => id === item;
  const pattern = item.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  const regex = new RegExp(`^${pattern}$`);
  return (id) => regex.test(id);
}
