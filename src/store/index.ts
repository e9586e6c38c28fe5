/** The margin store: packs, provenance and nightly margins in SQLite (Node only, behind src/node.ts). */
export { openStore, MarginStore, type OpenStoreOptions } from './marginStore.js';
export { StoreError } from './errors.js';
export { MIGRATIONS, LATEST_SCHEMA_VERSION, STORE_APPLICATION_ID, type Migration } from './schema.js';
export type { MigrationReport } from './migrate.js';
export type { PublishResult } from './packs.js';
export type { RecordResult } from './margins.js';
export type { PackStatus, PackParameter, PackInput, PackRecord, PublishOptions, MarginRowInput, AccountPoint, ParameterPoint, SeriesWindow } from './types.js';
export { formatParameterSeries, formatAccountSeries, type SeriesFormat } from './seriesFormat.js';
