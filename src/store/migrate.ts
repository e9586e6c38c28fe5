import type { Database } from 'better-sqlite3';
import { StoreError } from './errors.js';
import { LATEST_SCHEMA_VERSION, MIGRATIONS, STORE_APPLICATION_ID } from './schema.js';

export interface MigrationReport {
  from: number;
  to: number;
  /** Descriptions of the migrations applied, in order (empty when already current). */
  applied: string[];
}

export function schemaVersion(db: Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/**
 * Brings the file to the latest schema, one migration per transaction (DDL, data and
 * `user_version` commit together or not at all). Refuses a file that is not a margin store
 * (another application id, or tables but no version) and one written by a newer program.
 */
export function migrateDatabase(db: Database, path: string): MigrationReport {
  const from = checkStoreFile(db, path);
  const applied: string[] = [];
  for (const migration of MIGRATIONS) {
    if (migration.version <= from) continue;
    db.transaction(() => {
      db.exec(migration.sql);
      db.pragma(`user_version = ${migration.version}`);
      if (migration.version === 1) db.pragma(`application_id = ${STORE_APPLICATION_ID}`);
    }).immediate();
    applied.push(`${migration.version}: ${migration.description}`);
  }
  return { from, to: schemaVersion(db), applied };
}

/** The file's schema version after checking that it is a margin store this program can read. */
export function checkStoreFile(db: Database, path: string): number {
  const applicationId = db.pragma('application_id', { simple: true }) as number;
  const version = schemaVersion(db);
  if (applicationId !== 0 && applicationId !== STORE_APPLICATION_ID) {
    throw new StoreError(path, `not a margin store (SQLite application_id ${applicationId}): refusing to write into another application's database`);
  }
  if (version === 0) {
    const tables = db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE type = 'table'").get() as { n: number };
    if (tables.n > 0) throw new StoreError(path, `not a margin store (a SQLite database with ${tables.n} tables and no schema version): refusing to write into it`);
  }
  if (version > LATEST_SCHEMA_VERSION) {
    throw new StoreError(path, `schema version ${version} was written by a newer program (this one knows up to ${LATEST_SCHEMA_VERSION}): upgrade it rather than let this one write`);
  }
  return version;
}
