import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LATEST_SCHEMA_VERSION, STORE_APPLICATION_ID, formatAccountSeries, formatParameterSeries, openStore, type MarginStore } from '../../src/store/index.js';
import { marginRows, pack, tempFolder } from './storeFixtures.js';

/** The margin store on real SQLite files in a temp folder. */
let folder: ReturnType<typeof tempFolder>;
let path: string;
let store: MarginStore;
const fixedClock = () => new Date('2026-11-24T03:00:00.000Z');

beforeEach(() => {
  folder = tempFolder();
  path = folder.file('margin.sqlite');
  store = openStore(path, { now: fixedClock });
});

afterEach(() => {
  store.close();
  folder.remove();
});

function errorOf(action: () => unknown): string {
  try {
    action();
  } catch (error) {
    return (error as Error).message;
  }
  return '(no error)';
}

describe('a new store file', () => {
  it('is created at the latest schema, in WAL mode, marked as a margin store', () => {
    expect(store.schemaVersion()).toBe(LATEST_SCHEMA_VERSION);
    store.close();
    const raw = new Database(path, { readonly: true });
    expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(raw.pragma('application_id', { simple: true })).toBe(STORE_APPLICATION_ID);
    raw.close();
    store = openStore(path);
    expect(store.migrate()).toEqual({ from: LATEST_SCHEMA_VERSION, to: LATEST_SCHEMA_VERSION, applied: [] });
  });

  it('keeps what was written across a close and a reopen (a real file)', () => {
    store.publishPack(pack('2026-11-23', 'h1'));
    store.close();
    store = openStore(path);
    expect(store.packByAsOf('2026-11-23')?.hash).toBe('h1');
  });
});

describe('packs', () => {
  it('finds the previous night’s published pack, not candidates and not the same night', () => {
    store.publishPack(pack('2026-11-21', 'a'));
    store.publishPack(pack('2026-11-22', 'b'));
    store.publishPack(pack('2026-11-23', 'c', 1, 'candidate'));
    expect(store.latestPublishedPack()?.hash).toBe('b');
    expect(store.latestPublishedPack('2026-11-22')?.hash).toBe('a');
    expect(store.latestPublishedPack('2026-11-21')).toBeUndefined();
    expect(store.packByAsOf('2026-11-23')).toBeUndefined();
    expect(store.packByAsOf('2026-11-23', 'candidate')).toEqual({ ...pack('2026-11-23', 'c', 1, 'candidate'), recordedAt: '2026-11-24T03:00:00.000Z' });
  });

  it('re-publishing the same night with the same hash replaces it (idempotent): one pack, its latest provenance', () => {
    store.publishPack(pack('2026-11-23', 'h'));
    const rerun = { ...pack('2026-11-23', 'h'), provenance: JSON.stringify({ rerun: true }) };
    expect(store.publishPack(rerun)).toEqual({ previousHash: 'h', marginRowsDeleted: 0 });
    expect(store.packByAsOf('2026-11-23')?.provenance).toBe('{"rerun":true}');
    expect(store.parameterSeries('BTC.vol')).toEqual([{ asOf: '2026-11-23', hash: 'h', value: 0.5, standardError: 0.01 }]);
  });

  it('refuses a different published pack for a night unless told to replace it, then drops the margins computed with the old one', () => {
    store.publishPack(pack('2026-11-23', 'old'));
    store.recordMargins('2026-11-23', 'old', marginRows(3, 1000));
    expect(errorOf(() => store.publishPack(pack('2026-11-23', 'new', 2)))).toBe(
      `${path}: a published pack for 2026-11-23 exists with hash old, this one has new: margins may have been computed with the published one; publish with replace to overwrite it (margins computed with it are then deleted)`,
    );
    expect(store.packByAsOf('2026-11-23')?.hash).toBe('old');
    expect(store.publishPack(pack('2026-11-23', 'new', 2), { replace: true })).toEqual({ previousHash: 'old', marginRowsDeleted: 3 });
    expect(store.accountSeries('acct-000001')).toEqual([]);
  });

  it('a candidate is replaced freely and lives beside the published pack of its night', () => {
    store.publishPack(pack('2026-11-23', 'p'));
    store.publishPack(pack('2026-11-23', 'c1', 1.1, 'candidate'));
    store.publishPack(pack('2026-11-23', 'c2', 1.2, 'candidate'));
    expect([store.packByAsOf('2026-11-23')?.hash, store.packByAsOf('2026-11-23', 'candidate')?.hash]).toEqual(['p', 'c2']);
    expect(store.parameterSeries('BTC.vol', {}, 'candidate').map((p) => p.value)).toEqual([0.6]);
  });

  it('checks what it is given, naming the store, the field and the value', () => {
    expect(errorOf(() => store.publishPack({ ...pack('2026-11-23', 'h'), asOf: '23/11/2026' }))).toBe(`${path}: asOf = "23/11/2026": expected a date YYYY-MM-DD`);
    expect(errorOf(() => store.publishPack({ ...pack('2026-11-23', 'h'), params: '{oops' }))).toMatch(new RegExp(`^${path}: params = "\\{oops": not JSON text: `));
    expect(errorOf(() => store.publishPack({ ...pack('2026-11-23', 'h'), parameters: [{ name: 'BTC.vol', value: Number.NaN }] }))).toBe(
      `${path}: parameters[0].value = NaN: BTC.vol: not a finite number`,
    );
    expect(errorOf(() => store.recordMargins('2026-11-23', 'nope', marginRows(1, 1)))).toBe(
      `${path}: no published pack has hash nope: publish the pack before recording margins computed with it`,
    );
  });
});

describe('nightly margins and series', () => {
  it('re-running a night replaces its rows; series come back by date, an unbounded health factor as null', () => {
    store.publishPack(pack('2026-11-22', 'a'));
    store.publishPack(pack('2026-11-23', 'b', 1.2));
    expect(store.recordMargins('2026-11-23', 'a', marginRows(20, 500))).toEqual({ rows: 20, replaced: 0 });
    expect(store.recordMargins('2026-11-22', 'a', marginRows(20, 400))).toEqual({ rows: 20, replaced: 0 });
    expect(store.recordMargins('2026-11-23', 'b', marginRows(10, 600))).toEqual({ rows: 10, replaced: 20 });
    expect(store.accountSeries('acct-000001')).toEqual([
      { asOf: '2026-11-22', account: 'acct-000001', packHash: 'a', initial: 151.5, maintenance: 101, equity: 400, healthFactor: 400 / 101, liquidatable: false },
      { asOf: '2026-11-23', account: 'acct-000001', packHash: 'b', initial: 151.5, maintenance: 101, equity: 600, healthFactor: 600 / 101, liquidatable: false },
    ]);
    expect(store.accountSeries('acct-000015').map((p) => p.asOf)).toEqual(['2026-11-22']); // not in the re-run
    expect(store.accountSeries('acct-000000')[0].healthFactor).toBeNull();
    expect(store.accountSeries('acct-000001', { from: '2026-11-23' }).map((p) => p.asOf)).toEqual(['2026-11-23']);
    expect(store.parameterSeries('BTC.vol').map((p) => [p.asOf, p.value])).toEqual([
      ['2026-11-22', 0.5],
      ['2026-11-23', 0.6],
    ]);
    expect(store.parameterNames()).toEqual(['BTC.vol', 'ETH.vol']);
  });

  it('prints a series as a table, JSON and CSV', () => {
    store.publishPack(pack('2026-11-22', 'abcdef0123456789'));
    store.recordMargins('2026-11-22', 'abcdef0123456789', marginRows(2, 50));
    const account = store.accountSeries('acct-000000');
    expect(formatAccountSeries('acct-000000', account, 'csv')).toBe(
      'asOf,initial,maintenance,equity,healthFactor,liquidatable,packHash\n2026-11-22,0,0,50,,false,abcdef0123456789\n',
    );
    expect(JSON.parse(formatAccountSeries('acct-000000', account, 'json'))).toEqual({
      account: 'acct-000000',
      points: [{ asOf: '2026-11-22', initial: 0, maintenance: 0, equity: 50, healthFactor: null, liquidatable: false, packHash: 'abcdef0123456789' }],
    });
    expect(formatParameterSeries('BTC.vol', store.parameterSeries('BTC.vol'), 'table')).toBe(
      'parameter BTC.vol\nasOf           value  standardError          hash\n2026-11-22  0.500000      0.0100000  abcdef012345\n',
    );
    expect(formatParameterSeries('XRP.vol', [], 'table')).toBe('parameter XRP.vol: no records\n');
  });
});

describe('transactions', () => {
  it('a row that fails mid-night leaves that night as the previous run wrote it, and nothing of the failed run', () => {
    store.publishPack(pack('2026-11-23', 'h'));
    store.recordMargins('2026-11-23', 'h', marginRows(1000, 111));
    function* failingRun() {
      let i = 0;
      for (const row of marginRows(1000, 222)) {
        yield i++ === 500 ? { ...row, equity: Number.NaN } : row;
      }
    }
    expect(errorOf(() => store.recordMargins('2026-11-23', 'h', failingRun()))).toBe(`${path}: rows[500].equity = NaN: account acct-000500: not a finite number`);
    const raw = new Database(path, { readonly: true });
    const night = raw.prepare("SELECT count(*) AS n, min(equity) AS lo, max(equity) AS hi FROM margins WHERE as_of = '2026-11-23'").get();
    raw.close();
    expect(night).toEqual({ n: 1000, lo: 111, hi: 111 });
  });

  it('a pack whose parameters fail leaves no pack, and the night’s previous candidate intact', () => {
    store.publishPack(pack('2026-11-23', 'c1', 1, 'candidate'));
    const bad = { ...pack('2026-11-23', 'c2', 2, 'candidate'), parameters: [{ name: 'BTC.vol', value: 1 }, { name: 'BTC.vol', value: 2 }] };
    expect(errorOf(() => store.publishPack(bad))).toBe(`${path}: parameters[1]: BTC.vol is also parameters[0]`);
    expect(store.packByAsOf('2026-11-23', 'candidate')?.hash).toBe('c1');
    expect(store.parameterSeries('BTC.vol', {}, 'candidate').map((p) => p.value)).toEqual([0.5]);
  });
});

describe('opening', () => {
  it('read-only: reads, never writes', () => {
    store.publishPack(pack('2026-11-23', 'h'));
    store.close();
    store = openStore(path, { readonly: true });
    expect(store.latestPublishedPack()?.hash).toBe('h');
    expect(errorOf(() => store.publishPack(pack('2026-11-24', 'i')))).toBe('attempt to write a readonly database');
  });

  it('refuses a file that is not a margin store, one from a newer program, and a path it cannot open', () => {
    const foreign = folder.file('other.sqlite');
    const db = new Database(foreign);
    db.exec('CREATE TABLE t (x)');
    db.close();
    expect(errorOf(() => openStore(foreign))).toBe(`${foreign}: not a margin store (a SQLite database with 1 tables and no schema version): refusing to write into it`);
    const newer = folder.file('newer.sqlite');
    openStore(newer).close();
    const raw = new Database(newer);
    raw.pragma('user_version = 99');
    raw.close();
    expect(errorOf(() => openStore(newer))).toBe(`${newer}: schema version 99 was written by a newer program (this one knows up to ${LATEST_SCHEMA_VERSION}): upgrade it rather than let this one write`);
    const missing = folder.file('no/such/dir/margin.sqlite');
    expect(errorOf(() => openStore(missing))).toBe(`${missing}: cannot open the store: Cannot open database because the directory does not exist`);
  });
});
