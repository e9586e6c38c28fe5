/**
 * The store's schema as an ordered list of migrations. Version n of a store file is the state
 * after migrations 1..n; the version lives in SQLite's header (`PRAGMA user_version`), written in
 * the same transaction as the migration's DDL, so a crash mid-migration leaves the old version.
 * Never edit a released migration: append the next one (test/store keeps a frozen copy of
 * version 1 and upgrades it).
 */
export interface Migration {
  version: number;
  description: string;
  sql: string;
}

/** 'MRGN': marks a SQLite file as a margin store, so that another application's file is refused. */
export const STORE_APPLICATION_ID = 0x4d52474e;

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: 'parameter packs (one published and one candidate per as-of date) and their named parameters',
    sql: `
      CREATE TABLE packs (
        as_of       TEXT NOT NULL,                -- YYYY-MM-DD: the calibration's data end date
        status      TEXT NOT NULL CHECK (status IN ('published', 'candidate')),
        hash        TEXT NOT NULL,                -- content hash of params
        params      TEXT NOT NULL,                -- the pack, JSON
        provenance  TEXT NOT NULL,                -- inputs, code version, options, JSON
        recorded_at TEXT NOT NULL,                -- ISO time of the write
        PRIMARY KEY (as_of, status)
      );
      CREATE TABLE pack_parameters (
        as_of  TEXT NOT NULL,
        status TEXT NOT NULL,
        name   TEXT NOT NULL,                     -- BTC.vol, BTC.spot~ETH.spot, ...
        value  REAL NOT NULL,
        PRIMARY KEY (as_of, status, name),
        FOREIGN KEY (as_of, status) REFERENCES packs (as_of, status) ON DELETE CASCADE
      );
      CREATE INDEX pack_parameters_by_name ON pack_parameters (name, status, as_of);
    `,
  },
  {
    version: 2,
    description: "standard errors of parameters; each night's per-account margins",
    sql: `
      ALTER TABLE pack_parameters ADD COLUMN standard_error REAL;
      CREATE INDEX packs_by_hash ON packs (hash);
      CREATE TABLE margins (
        as_of         TEXT NOT NULL,
        account       TEXT NOT NULL,
        pack_hash     TEXT NOT NULL,              -- the pack the margins were computed with
        initial       REAL NOT NULL,
        maintenance   REAL NOT NULL,
        equity        REAL NOT NULL,
        health_factor REAL,                       -- NULL: no maintenance margin required (unbounded)
        liquidatable  INTEGER NOT NULL CHECK (liquidatable IN (0, 1)),
        PRIMARY KEY (as_of, account)
      );
      CREATE INDEX margins_by_account ON margins (account, as_of);
    `,
  },
];

export const LATEST_SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1].version;
