import Table from 'cli-table3';
import { calibrate, type CalibrationOptions } from '../../src/calibration/calibrate.js';
import { canonicalJson } from '../../src/calibration/pack/canonical.js';
import type { ParameterPack } from '../../src/calibration/pack/types.js';
import { InputError } from '../../src/model/errors.js';
import type { RiskParamsInput } from '../../src/model/schemas.js';
import { sampleParams } from '../../src/sample/sampleVenue.js';
import { type HistoryInputs, readHistory } from '../history.js';
import { readJson } from '../io.js';
import { prepareOutputDirectory, writeFileAtomic, writeOutput } from '../output.js';
import { stderrLogger } from './run.js';

export interface CalibrateOptions {
  history?: string[];
  iv?: string;
  asOf?: string;
  method: 'ewma' | 'garch' | 'sample';
  window?: number;
  distribution: 'fhs' | 'normal' | 'student-t';
  params?: string;
  assets?: string[];
  correlation?: 'sample' | 'ewma';
  previous?: string;
  maxGapDays?: number;
  out?: string;
  quiet?: boolean;
}

/** Reads the inputs the calibrate and nightly commands share and calibrates one pack. */
export async function calibrateFromOptions(
  options: CalibrateOptions,
  previous?: ParameterPack,
  history: HistoryInputs = readHistory({ history: options.history, impliedVols: options.iv, asOf: options.asOf, maxGapDays: options.maxGapDays }),
): Promise<ParameterPack> {
  const baseParams = (options.params ? await readJson(options.params) : sampleParams()) as RiskParamsInput;
  const assets = options.assets ?? [...history.prices.assets.keys()].sort();
  const settings: CalibrationOptions = { method: options.method, windowReturns: options.window, distribution: options.distribution, correlation: options.correlation };
  return calibrate({ ...history, assets, baseParams, previous }, settings);
}

/**
 * `margin calibrate`: a parameter pack from market history as of a date (the embedded synthetic
 * history when no file is given). With --out DIR: DIR/pack.json (params, provenance, hash) and
 * DIR/params.json (what `margin run --params` reads), each written atomically, and a summary on
 * stdout; without it, the pack's JSON on stdout.
 */
export async function calibrateCommand(options: CalibrateOptions): Promise<void> {
  if (options.out) prepareOutputDirectory(options.out);
  const log = stderrLogger(options.quiet);
  const previous = options.previous ? ((await readJson(options.previous)) as ParameterPack) : undefined;
  if (previous && (previous.formatVersion !== 1 || typeof previous.hash !== 'string')) throw new InputError(options.previous!, 'formatVersion', previous.formatVersion, 'not a parameter pack (pack.json)');
  log(`margin calibrate: ${options.history?.length ? options.history.join(', ') : 'embedded synthetic history'}, method ${options.method}`);
  const pack = await calibrateFromOptions(options, previous);
  for (const warning of pack.provenance.warnings) log(`warning: ${warning}`);
  if (!options.out) {
    await writeOutput(undefined, [canonicalJson(pack)]);
    return;
  }
  await writeFileAtomic(`${options.out}/pack.json`, canonicalJson(pack));
  await writeFileAtomic(`${options.out}/params.json`, canonicalJson(pack.params));
  await writeOutput(undefined, [formatPackSummary(pack, options.out)]);
}

const pct = (value: number) => `${(100 * value).toFixed(1)}%`;

/** A pack in a few lines: per underlying its vols, the spot correlations, the stress window, the hash. */
export function formatPackSummary(pack: ParameterPack, where?: string): string {
  const p = pack.provenance;
  const table = new Table({ head: ['asset', 'vol', 'vol of vol', 'stressed vol', 'returns', 'window'], style: { head: [], border: [], compact: true } });
  for (const e of p.estimates) {
    table.push([e.asset, pct(e.vol), `${pct(e.volOfVol)}${e.volOfVolSource === 'base-params' ? ' (kept)' : e.volOfVolSource === 'default' ? ' (default)' : ''}`, p.stressWindow.vols[e.asset] !== undefined ? pct(p.stressWindow.vols[e.asset]) : '', e.returns, `${e.from} … ${e.to}`]);
  }
  const correlation = pack.params.correlation!;
  const spots = correlation.factors.map((f, k) => [f, k] as const).filter(([f]) => f.endsWith('.spot'));
  const pairs = spots.flatMap(([a, i], n) => spots.slice(n + 1).map(([b, j]) => `${a.replace('.spot', '')}~${b.replace('.spot', '')} ${correlation.matrix[i][j].toFixed(2)}`));
  const lines = [
    `parameter pack as of ${pack.asOf} (${p.method}; distribution ${p.settings.distribution}${p.residuals ? `, ${p.residuals.days} days of residuals` : ''}): ${pack.hash}`,
    table.toString(),
    `spot correlations (${p.correlation.observations} days${p.correlation.shrinkageIntensity !== undefined ? `, Ledoit–Wolf shrinkage ${p.correlation.shrinkageIntensity.toFixed(3)}` : ''}): ${pairs.join(', ')}`,
    `stress window (${p.stressWindow.rule}): ${p.stressWindow.from} … ${p.stressWindow.to}`,
  ];
  if (p.correlation.repair) lines.push(`correlation repaired: Frobenius distance ${p.correlation.repair.distance.toExponential(3)}`);
  if (p.previous) lines.push(`against ${p.previous.asOf} (${p.previous.hash.slice(0, 12)}): ${p.previous.changes.length} parameters changed`);
  if (where) lines.push(`wrote ${where}/pack.json and ${where}/params.json`);
  return `${lines.join('\n')}\n`;
}
