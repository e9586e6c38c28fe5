import type { Database } from 'better-sqlite3';
import { StoreError } from './errors.js';
import type { AccountPoint, MarginRowInput, SeriesWindow } from './types.js';
import { checkAsOf, checkMarginRow } from './validate.js';

export interface RecordResult {
  rows: number;
  /** Rows of the same night written by an earlier run, now replaced. */
  replaced: number;
}

/**
 * Writes one night's margins in one transaction: the night's earlier rows (a re-run) are
 * deleted and the new ones inserted, so a night is always one whole run. Rows are checked as
 * they are inserted (an iterable: a large book need not be held twice); a bad row aborts the
 * transaction and leaves the store as it was. `packHash` must be a stored published pack's.
 */
export function recordMargins(db: Database, path: string, asOf: string, packHash: string, rows: Iterable<MarginRowInput>): RecordResult {
  checkAsOf(path, 'asOf', asOf);
  return db
    .transaction((): RecordResult => {
      const pack = db.prepare("SELECT as_of FROM packs WHERE hash = ? AND status = 'published' LIMIT 1").get(packHash);
      if (!pack) throw new StoreError(path, `no published pack has hash ${packHash}: publish the pack before recording margins computed with it`);
      const replaced = db.prepare('DELETE FROM margins WHERE as_of = ?').run(asOf).changes;
      const insert = db.prepare(
        'INSERT INTO margins (as_of, account, pack_hash, initial, maintenance, equity, health_factor, liquidatable) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      );
      const seen = new Map<string, number>();
      let index = 0;
      for (const row of rows) {
        checkMarginRow(path, index, row);
        const first = seen.get(row.account);
        if (first !== undefined) throw new StoreError(path, `rows[${index}]: account ${row.account} is also rows[${first}]: one row per account and night`);
        seen.set(row.account, index);
        insert.run(asOf, row.account, packHash, row.initial, row.maintenance, row.equity, row.healthFactor, row.liquidatable ? 1 : 0);
        index++;
      }
      return { rows: index, replaced };
    })
    .immediate();
}

interface MarginDbRow {
  as_of: string;
  account: string;
  pack_hash: string;
  initial: number;
  maintenance: number;
  equity: number;
  health_factor: number | null;
  liquidatable: number;
}

/** Every account's margins of one night, in account order. */
export function nightMargins(db: Database, path: string, asOf: string): AccountPoint[] {
  checkAsOf(path, 'asOf', asOf);
  const rows = db.prepare('SELECT * FROM margins WHERE as_of = @asOf ORDER BY account').all({ asOf }) as MarginDbRow[];
  return rows.map(pointOf);
}

/** The book's totals night by night: the sum of initial and maintenance margins and of equity, and the liquidatable count. */
export function bookSeries(db: Database, window: SeriesWindow): { asOf: string; initial: number; maintenance: number; equity: number; liquidatable: number; accounts: number }[] {
  return db
    .prepare(
      'SELECT as_of AS asOf, SUM(initial) AS initial, SUM(maintenance) AS maintenance, SUM(equity) AS equity, SUM(liquidatable) AS liquidatable, COUNT(*) AS accounts ' +
        'FROM margins WHERE (@from IS NULL OR as_of >= @from) AND (@to IS NULL OR as_of <= @to) GROUP BY as_of ORDER BY as_of',
    )
    .all({ from: window.from ?? null, to: window.to ?? null }) as { asOf: string; initial: number; maintenance: number; equity: number; liquidatable: number; accounts: number }[];
}

function pointOf(r: MarginDbRow): AccountPoint {
  return {
    asOf: r.as_of,
    account: r.account,
    packHash: r.pack_hash,
    initial: r.initial,
    maintenance: r.maintenance,
    equity: r.equity,
    healthFactor: r.health_factor,
    liquidatable: r.liquidatable === 1,
  };
}

/** One account's margins night by night. */
export function accountSeries(db: Database, path: string, account: string, window: SeriesWindow): AccountPoint[] {
  if (window.from !== undefined) checkAsOf(path, 'from', window.from);
  if (window.to !== undefined) checkAsOf(path, 'to', window.to);
  const rows = db
    .prepare('SELECT * FROM margins WHERE account = @account AND (@from IS NULL OR as_of >= @from) AND (@to IS NULL OR as_of <= @to) ORDER BY as_of')
    .all({ account, from: window.from ?? null, to: window.to ?? null }) as MarginDbRow[];
  return rows.map(pointOf);
}
