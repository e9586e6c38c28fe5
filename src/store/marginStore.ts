import Database from 'better-sqlite3';
import { StoreError } from './errors.js';
import { accountSeries, bookSeries, nightMargins, recordMargins, type RecordResult } from './margins.js';
import { checkStoreFile, migrateDatabase, schemaVersion, type MigrationReport } from './migrate.js';
import { latestPublishedPack, packByAsOf, parameterNames, parameterSeries, publishPack, type PublishResult } from './packs.js';
import { LATEST_SCHEMA_VERSION } from './schema.js';
import type { AccountPoint, MarginRowInput, PackInput, PackRecord, PackStatus, ParameterPoint, PublishOptions, SeriesWindow } from './types.js';

export interface OpenStoreOptions {
  /** Open for reading only (`margin history`): no migration, and an outdated file is refused. */
  readonly?: boolean;
  /** Clock for `recordedAt` (tests). */
  now?: () => Date;
}

/**
 * Opens (creating it if absent) the SQLite file at `path` as a margin store and migrates it to
 * the latest schema; read-only opens never write.
 *
 * Durability: WAL journal with synchronous = FULL. Every write is one transaction, so a process
 * killed at any point leaves the previous state (SQLite rolls the incomplete transaction back on
 * the next open), and a committed night survives a power loss. WAL rather than a rollback
 * journal so that readers (`margin history`, a dashboard) neither block nor are blocked by the
 * nightly writer. The price: while open, the store is three files (`-wal`, `-shm` beside it);
 * close() folds them back, so copy the file only when closed. Keep it on a local disk (WAL needs
 * shared memory, which network file systems do not give).
 */
export function openStore(path: string, options: OpenStoreOptions = {}): MarginStore {
  let db: Database.Database;
  try {
    db = new Database(path, { readonly: options.readonly ?? false, fileMustExist: options.readonly ?? false });
  } catch (error) {
    throw new StoreError(path, `cannot open the store: ${error instanceof Error ? error.message : String(error)}`);
  }
  try {
    db.pragma('busy_timeout = 5000');
    if (options.readonly) {
      const version = checkStoreFile(db, path);
      if (version !== LATEST_SCHEMA_VERSION) throw new StoreError(path, `schema version ${version}, this program reads ${LATEST_SCHEMA_VERSION}: open it writable once to migrate`);
    } else {
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = FULL');
    }
    db.pragma('foreign_keys = ON');
    const store = new MarginStore(db, path, options.now ?? (() => new Date()));
    if (!options.readonly) store.migrate();
    return store;
  } catch (error) {
    db.close();
    throw error;
  }
}

/** Parameter packs, their provenance and each night's margins, over time. */
export class MarginStore {
  constructor(
    private readonly db: Database.Database,
    readonly path: string,
    private readonly now: () => Date,
  ) {}

  schemaVersion(): number {
    return schemaVersion(this.db);
  }

  /** Applies the migrations the file lacks (openStore already did; idempotent). */
  migrate(): MigrationReport {
    return migrateDatabase(this.db, this.path);
  }

  publishPack(pack: PackInput, options: PublishOptions = {}): PublishResult {
    return publishPack(this.db, this.path, pack, options, this.now);
  }

  /** The published pack of the latest as-of date strictly before `before` (the previous night's), or the latest of all. */
  latestPublishedPack(before?: string): PackRecord | undefined {
    return latestPublishedPack(this.db, this.path, before);
  }

  packByAsOf(asOf: string, status: PackStatus = 'published'): PackRecord | undefined {
    return packByAsOf(this.db, this.path, asOf, status);
  }

  recordMargins(asOf: string, packHash: string, rows: Iterable<MarginRowInput>): RecordResult {
    return recordMargins(this.db, this.path, asOf, packHash, rows);
  }

  parameterSeries(name: string, window: SeriesWindow = {}, status: PackStatus = 'published'): ParameterPoint[] {
    return parameterSeries(this.db, this.path, name, window, status);
  }

  parameterNames(): string[] {
    return parameterNames(this.db);
  }

  accountSeries(account: string, window: SeriesWindow = {}): AccountPoint[] {
    return accountSeries(this.db, this.path, account, window);
  }

  /** Every account's margins of one night (empty when none were recorded). */
  nightMargins(asOf: string): AccountPoint[] {
    return nightMargins(this.db, this.path, asOf);
  }

  /** The book's margin totals per night. */
  bookSeries(window: SeriesWindow = {}) {
    return bookSeries(this.db, window);
  }

  /** SQLite's own consistency check: 'ok' or the problems it found. */
  integrityCheck(): string {
    return (this.db.pragma('integrity_check') as { integrity_check: string }[]).map((r) => r.integrity_check).join('\n');
  }

  close(): void {
    this.db.close();
  }
}
