import type { Database } from 'better-sqlite3';
import { StoreError } from './errors.js';
import type { PackParameter, PackRecord, PackStatus, PackInput, ParameterPoint, PublishOptions, SeriesWindow } from './types.js';
import { checkAsOf, checkPackInput, checkParameter } from './validate.js';

export interface PublishResult {
  /** Hash of the pack this one replaced (same date and status), if any. */
  previousHash: string | undefined;
  /** Margin rows deleted because no stored pack has their hash any more (replace only). */
  marginRowsDeleted: number;
}

/**
 * Writes a pack and its parameters in one transaction. One pack per date and status:
 * - a candidate replaces the date's candidate (a re-run proposes again);
 * - a published pack with the same hash replaces the date's published pack (a re-run of the
 *   same night: idempotent); one with a different hash is refused unless `replace` is set,
 *   because margins may already have been computed with the published one. When it is
 *   replaced, margin rows computed with a hash that no stored published pack has any more are deleted in
 *   the same transaction, so that every margin row names a stored pack.
 */
export function publishPack(db: Database, path: string, pack: PackInput, options: PublishOptions, now: () => Date): PublishResult {
  checkPackInput(path, pack);
  return db
    .transaction((): PublishResult => {
      const existing = db.prepare('SELECT hash FROM packs WHERE as_of = ? AND status = ?').get(pack.asOf, pack.status) as { hash: string } | undefined;
      if (existing && pack.status === 'published' && existing.hash !== pack.hash && !options.replace) {
        throw new StoreError(
          path,
          `a published pack for ${pack.asOf} exists with hash ${existing.hash}, this one has ${pack.hash}: margins may have been computed with the published one; publish with replace to overwrite it (margins computed with it are then deleted)`,
        );
      }
      db.prepare('DELETE FROM packs WHERE as_of = ? AND status = ?').run(pack.asOf, pack.status);
      db.prepare('INSERT INTO packs (as_of, status, hash, params, provenance, recorded_at) VALUES (?, ?, ?, ?, ?, ?)').run(
        pack.asOf,
        pack.status,
        pack.hash,
        pack.params,
        pack.provenance,
        now().toISOString(),
      );
      const insert = db.prepare('INSERT INTO pack_parameters (as_of, status, name, value, standard_error) VALUES (?, ?, ?, ?, ?)');
      const seen = new Map<string, number>();
      pack.parameters.forEach(({ name, value, standardError }, index) => {
        checkParameter(path, index, name, value, standardError);
        const first = seen.get(name);
        if (first !== undefined) throw new StoreError(path, `parameters[${index}]: ${name} is also parameters[${first}]`);
        seen.set(name, index);
        insert.run(pack.asOf, pack.status, name, value, standardError ?? null);
      });
      let marginRowsDeleted = 0;
      if (existing && existing.hash !== pack.hash) {
        marginRowsDeleted = db.prepare("DELETE FROM margins WHERE pack_hash = ? AND NOT EXISTS (SELECT 1 FROM packs WHERE hash = ? AND status = 'published')").run(existing.hash, existing.hash).changes;
      }
      return { previousHash: existing?.hash, marginRowsDeleted };
    })
    .immediate();
}

interface PackRow {
  as_of: string;
  status: PackStatus;
  hash: string;
  params: string;
  provenance: string;
  recorded_at: string;
}

function toRecord(db: Database, row: PackRow | undefined): PackRecord | undefined {
  if (!row) return undefined;
  const parameters = (
    db.prepare('SELECT name, value, standard_error FROM pack_parameters WHERE as_of = ? AND status = ? ORDER BY rowid').all(row.as_of, row.status) as {
      name: string;
      value: number;
      standard_error: number | null;
    }[]
  ).map(({ name, value, standard_error }): PackParameter => (standard_error === null ? { name, value } : { name, value, standardError: standard_error }));
  return { asOf: row.as_of, status: row.status, hash: row.hash, params: row.params, provenance: row.provenance, recordedAt: row.recorded_at, parameters };
}

/** The published pack with the latest as-of date strictly before `before` (or of all). */
export function latestPublishedPack(db: Database, path: string, before?: string): PackRecord | undefined {
  if (before !== undefined) checkAsOf(path, 'before', before);
  const row = db
    .prepare("SELECT * FROM packs WHERE status = 'published' AND (@before IS NULL OR as_of < @before) ORDER BY as_of DESC LIMIT 1")
    .get({ before: before ?? null }) as PackRow | undefined;
  return toRecord(db, row);
}

export function packByAsOf(db: Database, path: string, asOf: string, status: PackStatus): PackRecord | undefined {
  checkAsOf(path, 'asOf', asOf);
  return toRecord(db, db.prepare('SELECT * FROM packs WHERE as_of = ? AND status = ?').get(asOf, status) as PackRow | undefined);
}

/** One parameter's value in each pack of `status` (default published), by as-of date. */
export function parameterSeries(db: Database, path: string, name: string, window: SeriesWindow, status: PackStatus): ParameterPoint[] {
  if (window.from !== undefined) checkAsOf(path, 'from', window.from);
  if (window.to !== undefined) checkAsOf(path, 'to', window.to);
  const rows = db
    .prepare(
      `SELECT p.as_of, k.hash, p.value, p.standard_error FROM pack_parameters p JOIN packs k ON k.as_of = p.as_of AND k.status = p.status
       WHERE p.name = @name AND p.status = @status AND (@from IS NULL OR p.as_of >= @from) AND (@to IS NULL OR p.as_of <= @to) ORDER BY p.as_of`,
    )
    .all({ name, status, from: window.from ?? null, to: window.to ?? null }) as { as_of: string; hash: string; value: number; standard_error: number | null }[];
  return rows.map((r) => (r.standard_error === null ? { asOf: r.as_of, hash: r.hash, value: r.value } : { asOf: r.as_of, hash: r.hash, value: r.value, standardError: r.standard_error }));
}

/** Names of the parameters of published packs, sorted (for a CLI's help and completion). */
export function parameterNames(db: Database): string[] {
  return (db.prepare("SELECT DISTINCT name FROM pack_parameters WHERE status = 'published' ORDER BY name").all() as { name: string }[]).map((r) => r.name);
}
