import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LATEST_SCHEMA_VERSION, MIGRATIONS, STORE_APPLICATION_ID, openStore } from '../../src/store/index.js';
import { migrateDatabase } from '../../src/store/migrate.js';
import { marginRows, pack, tempFolder } from './storeFixtures.js';

/**
 * Version 1 of the store's schema as the first release wrote it, frozen here on purpose: a file
 * made with it must upgrade to the latest schema with its data intact, whatever later releases
 * change. (If migration 1 in src/store/schema.ts ever differs from this, a test below fails:
 * released migrations are never edited.)
 */
const SCHEMA_V1 = `
  CREATE TABLE packs (
    as_of       TEXT NOT NULL,
    status      TEXT NOT NULL CHECK (status IN ('published', 'candidate')),
    hash        TEXT NOT NULL,
    params      TEXT NOT NULL,
    provenance  TEXT NOT NULL,
    recorded_at TEXT NOT NULL,
    PRIMARY KEY (as_of, status)
  );
  CREATE TABLE pack_parameters (
    as_of  TEXT NOT NULL,
    status TEXT NOT NULL,
    name   TEXT NOT NULL,
    value  REAL NOT NULL,
    PRIMARY KEY (as_of, status, name),
    FOREIGN KEY (as_of, status) REFERENCES packs (as_of, status) ON DELETE CASCADE
  );
  CREATE INDEX pack_parameters_by_name ON pack_parameters (name, status, as_of);
`;

let folder: ReturnType<typeof tempFolder>;
beforeEach(() => {
  folder = tempFolder();
});
afterEach(() => folder.remove());

/** A store file as version 1 left it: two published nights of packs. */
function createVersion1File(path: string): void {
  const db = new Database(path);
  db.exec(SCHEMA_V1);
  const insertPack = db.prepare('INSERT INTO packs VALUES (?, ?, ?, ?, ?, ?)');
  const insertParameter = db.prepare('INSERT INTO pack_parameters VALUES (?, ?, ?, ?)');
  for (const [asOf, hash, vol] of [['2026-11-21', 'v1a', 0.48], ['2026-11-22', 'v1b', 0.52]] as const) {
    insertPack.run(asOf, 'published', hash, '{}', '{"by":"v1"}', '2026-11-23T00:00:00.000Z');
    insertParameter.run(asOf, 'published', 'BTC.vol', vol);
  }
  db.pragma('user_version = 1');
  db.pragma(`application_id = ${STORE_APPLICATION_ID}`);
  db.close();
}

/** The schema as SQLite holds it, whitespace and comments normalised, for comparison. */
function schemaOf(path: string): string[] {
  const db = new Database(path, { readonly: true });
  const rows = db.prepare("SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name").all() as { type: string; name: string; sql: string }[];
  db.close();
  return rows.map((r) => `${r.type} ${r.name}: ${r.sql.replace(/--[^\n]*/g, '').replace(/\s+/g, ' ').trim()}`);
}

describe('schema migrations', () => {
  it('upgrades a version-1 file to the latest schema with its packs intact, then works as a new store', () => {
    const path = folder.file('v1.sqlite');
    createVersion1File(path);
    const store = openStore(path);
    try {
      expect(store.schemaVersion()).toBe(LATEST_SCHEMA_VERSION);
      expect(store.latestPublishedPack()).toMatchObject({ asOf: '2026-11-22', hash: 'v1b', provenance: '{"by":"v1"}', parameters: [{ name: 'BTC.vol', value: 0.52 }] });
      expect(store.parameterSeries('BTC.vol').map((p) => [p.asOf, p.value, p.standardError])).toEqual([
        ['2026-11-21', 0.48, undefined],
        ['2026-11-22', 0.52, undefined],
      ]);
      store.publishPack(pack('2026-11-23', 'v2'));
      expect(store.recordMargins('2026-11-23', 'v1b', marginRows(5, 100))).toEqual({ rows: 5, replaced: 0 });
      expect(store.parameterSeries('BTC.vol').at(-1)).toEqual({ asOf: '2026-11-23', hash: 'v2', value: 0.5, standardError: 0.01 });
      expect(store.integrityCheck()).toBe('ok');
    } finally {
      store.close();
    }
  });

  it('reports what it applied, once: version 1 → 2, then nothing', () => {
    const path = folder.file('v1.sqlite');
    createVersion1File(path);
    const db = new Database(path);
    try {
      expect(migrateDatabase(db, path)).toEqual({ from: 1, to: 2, applied: [`2: ${MIGRATIONS[1].description}`] });
      expect(migrateDatabase(db, path)).toEqual({ from: 2, to: 2, applied: [] });
    } finally {
      db.close();
    }
  });

  it('an upgraded version-1 file and a new file have the same schema; migration 1 is the frozen version 1', () => {
    const upgraded = folder.file('upgraded.sqlite');
    createVersion1File(upgraded);
    openStore(upgraded).close();
    const fresh = folder.file('fresh.sqlite');
    openStore(fresh).close();
    expect(schemaOf(upgraded)).toEqual(schemaOf(fresh));

    const v1 = folder.file('v1-frozen.sqlite');
    const viaMigration = folder.file('v1-migration.sqlite');
    new Database(v1).exec(SCHEMA_V1).close();
    new Database(viaMigration).exec(MIGRATIONS[0].sql).close();
    expect(schemaOf(viaMigration)).toEqual(schemaOf(v1));
  });

  it('a read-only open of an outdated file is refused rather than read with the wrong schema', () => {
    const path = folder.file('v1.sqlite');
    createVersion1File(path);
    expect(() => openStore(path, { readonly: true })).toThrow(`${path}: schema version 1, this program reads ${LATEST_SCHEMA_VERSION}: open it writable once to migrate`);
  });
});
