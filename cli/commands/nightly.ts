import { join } from 'node:path';
import Table from 'cli-table3';
import { canonicalJson } from '../../src/calibration/pack/canonical.js';
import { namedParameters } from '../../src/calibration/pack/parameters.js';
import type { ParameterPack } from '../../src/calibration/pack/types.js';
import { InputError } from '../../src/model/errors.js';
import type { MarketInput } from '../../src/model/schemas.js';
import { DEFAULT_THRESHOLDS } from '../../src/nightly/checks.js';
import { marketAsOf } from '../../src/nightly/marketAsOf.js';
import { type NightlyReport, runNightly } from '../../src/nightly/nightly.js';
import { type BackendChoice, openNodeEngine } from '../../src/node.js';
import { sampleBook, sampleMarket } from '../../src/sample/sampleVenue.js';
import { type MarginStore, openStore, type PackRecord } from '../../src/store/index.js';
import { usd } from '../format.js';
import { readHistory } from '../history.js';
import { readBook, readJson } from '../io.js';
import { removeLeftovers, writeNightFolder } from '../nightFiles.js';
import { workerCount } from '../options.js';
import { prepareOutputDirectory, writeOutput } from '../output.js';
import { progressReporter } from '../progress.js';
import { nightlyReportHtml } from '../report/nightlyReport.js';
import { type CalibrateOptions, calibrateFromOptions } from './calibrate.js';
import { stderrLogger } from './run.js';
import { checkClusterOptions, type ClusterRunCliOptions, withClusterRun } from './cluster.js';
import type { RiskEngine } from '../../src/engine/index.js';

export interface NightlyOptions extends Omit<CalibrateOptions, 'out' | 'previous'>, ClusterRunCliOptions {
  book?: string;
  market?: string;
  out: string;
  approve?: boolean;
  replace?: boolean;
  backend: BackendChoice;
  workers?: number;
  scenarios?: number;
  volChange?: number;
  correlationChange?: number;
  repairDistance?: number;
}

/** A stored pack back as the object calibrate made. */
function packOf(record: PackRecord): ParameterPack {
  return { formatVersion: 1, asOf: record.asOf, hash: record.hash, params: JSON.parse(record.params), provenance: JSON.parse(record.provenance) };
}

/**
 * `margin nightly`: calibrate as of a date → check the pack against the last published one →
 * run the book's margin with it → report what changed, then publish: the night's folder
 * (pack.json, params.json, report.json, report.html) written all at once, and the pack, its
 * parameters and the night's margins in OUT/store.sqlite (one transaction each). A pack that fails
 * a check is stored as a candidate (its margins reported, not recorded) unless --approve.
 * Idempotent for an as-of date: a rerun computes the same pack (same hash) and rewrites the same
 * night; a killed run leaves nothing half-written, and the next run cleans up after it.
 */
export async function nightlyCommand(options: NightlyOptions): Promise<void> {
  prepareOutputDirectory(options.out);
  checkClusterOptions(options);
  const log = stderrLogger(options.quiet);
  for (const leftover of removeLeftovers(options.out)) log(`margin nightly: removed ${leftover}, left by an interrupted run`);
  const store = openStore(join(options.out, 'store.sqlite'));
  try {
    // On a cluster, the night is written (folder and store) before the run is marked complete.
    if (options.cluster !== undefined) await withClusterRun(options, log, (engine) => runNight(options, store, log, engine));
    else await runNight(options, store, log);
  } finally {
    store.close();
  }
}

async function runNight(options: NightlyOptions, store: MarginStore, log: (line: string) => void, cluster?: RiskEngine): Promise<void> {
  log(`margin nightly: calibrating (${options.history?.length ? options.history.join(', ') : 'embedded synthetic history'}, method ${options.method})`);
  const history = readHistory({ history: options.history, impliedVols: options.iv, asOf: options.asOf, maxGapDays: options.maxGapDays });
  const asOf = history.asOf;
  const previousRecord = store.latestPublishedPack(asOf);
  const previous = previousRecord && packOf(previousRecord);
  const pack = await calibrateFromOptions(options, previous, history);
  for (const warning of pack.provenance.warnings) log(`warning: ${warning}`);
  const published = store.packByAsOf(asOf);
  if (published && published.hash !== pack.hash && !options.replace) {
    throw new InputError('--as-of', '', asOf, `a different pack (${published.hash.slice(0, 12)}) is already published for this date: rerun with --replace to replace it`);
  }

  const baseMarket = (options.market ? await readJson(options.market) : sampleMarket()) as MarketInput;
  const { market, warnings } = marketAsOf(baseMarket, history.prices, asOf);
  for (const warning of warnings) log(`warning: ${warning}`);
  const book = options.book ? await readBook(options.book) : sampleBook();
  log(`margin nightly: pack ${pack.hash.slice(0, 12)} as of ${asOf}; running the book's margin`);
  const progress = progressReporter('margin nightly: margin run', (options.quiet ?? false) || cluster !== undefined);
  const { report, margins } = await runNightly({
    pack,
    previous: previous && { pack: previous, margins: store.nightMargins(previous.asOf) },
    market,
    book,
    approve: options.approve,
    thresholds: {
      volChange: options.volChange ?? DEFAULT_THRESHOLDS.volChange,
      correlationChange: options.correlationChange ?? DEFAULT_THRESHOLDS.correlationChange,
      repairDistance: options.repairDistance ?? DEFAULT_THRESHOLDS.repairDistance,
    },
    engine: cluster ?? (() => openNodeEngine({ backend: options.backend, workers: workerCount(options.workers, log), log })),
    scenarios: options.scenarios,
    onProgress: progress.update,
  }).finally(progress.stop);

  const parameters = namedParameters(pack.params);
  const historyForCharts = {
    parameters: new Map(parameters.map((p) => [p.name, [...store.parameterSeries(p.name).filter((q) => q.asOf !== asOf), ...(report.status === 'published' ? [{ asOf, value: p.value }] : [])]])),
    book: [...store.bookSeries().filter((b) => b.asOf !== asOf), ...(report.status === 'published' ? [{ asOf, ...report.totals.after }] : [])],
  };
  const folder = writeNightFolder(options.out, asOf, {
    'pack.json': canonicalJson(pack),
    'params.json': canonicalJson(pack.params),
    'report.json': `${JSON.stringify(report, null, 2)}\n`,
    'report.html': nightlyReportHtml(report, historyForCharts),
  });
  store.publishPack(
    { asOf, hash: pack.hash, status: report.status, params: canonicalJson(pack.params), provenance: canonicalJson(pack.provenance), parameters },
    { replace: options.replace },
  );
  if (report.status === 'published') store.recordMargins(asOf, pack.hash, margins);
  await writeOutput(undefined, [formatNightly(report, folder)]);
}

export function formatNightly(report: NightlyReport, folder: string): string {
  const table = new Table({ head: ['check', 'result', 'detail'], style: { head: [], border: [], compact: true }, colWidths: [20, 8, 90], wordWrap: true });
  for (const c of report.checks) table.push([c.check, c.passed ? 'passed' : 'FAILED', c.detail]);
  const t = report.totals;
  return [
    `nightly as of ${report.asOf}: pack ${report.pack.hash.slice(0, 12)} ${report.status.toUpperCase()}${report.approved ? ' (approved over failed checks)' : ''}`,
    table.toString(),
    `initial margin ${t.before ? `${usd(t.before.initial)} → ` : ''}${usd(t.after.initial)} USD over ${t.after.accounts} accounts; ` +
      `liquidatable ${t.before ? `${t.before.liquidatable} → ` : ''}${t.after.liquidatable} (new ${report.newlyLiquidatable.length}, recovered ${report.noLongerLiquidatable.length})`,
    `${report.parameterChanges.length} parameters changed; wrote ${folder}/{pack.json,params.json,report.json,report.html}`,
    '',
  ].join('\n');
}
