import { type BackendChoice, openNodeEngine } from '../../src/node.js';
import { runMargin } from '../../src/margin/runMargin.js';
import { planMargin } from '../../src/margin/setup.js';
import { parseRiskInputs, withEngine } from '../../src/engine/index.js';
import { InputError } from '../../src/model/errors.js';
import { DEFAULT_MARGIN_MODELS, isVenueMarginModel, type MarginModelName } from '../../src/margin/marginModels.js';
import { selectAccounts } from '../accountFilter.js';
import { type OutputFormat, reportPieces } from '../format.js';
import { type InputFileOptions, loadInputs, reportPlanWarnings } from '../inputs.js';
import { workerCount } from '../options.js';
import { checkOutputFile, writeOutput } from '../output.js';
import { progressReporter } from '../progress.js';
import { checkClusterOptions, type ClusterRunCliOptions, withClusterRun } from './cluster.js';

export interface RunOptions extends InputFileOptions, ClusterRunCliOptions {
  scenarios?: number;
  seed?: number;
  format: OutputFormat;
  out?: string;
  workers?: number;
  chunkSize?: number;
  backend: BackendChoice;
  /** Ids or patterns of the accounts to report (default: all). */
  account?: string[];
  quiet?: boolean;
  /** Euler contributions to ES per position (default true; --no-attribution skips them). */
  attribution?: boolean;
  /** GPU: each stage submitted and timed apart (SimulateOptions.stageTimings). */
  stageTimings?: boolean;
  /** Margin models to report (default isolated, cross, portfolio); venue models are computed only when listed. */
  models?: MarginModelName[];
}

/** A line on stderr unless the command runs quiet. */
export function stderrLogger(quiet: boolean | undefined): (line: string) => void {
  return (line) => {
    if (!quiet) process.stderr.write(`${line}\n`);
  };
}

export async function runCommand(options: RunOptions): Promise<void> {
  if (options.out) checkOutputFile(options.out);
  checkClusterOptions(options);
  const log = stderrLogger(options.quiet);
  const { inputs, sources } = await loadInputs(options);
  const parsed = parseRiskInputs(inputs, { scenarios: options.scenarios, seed: options.seed }, sources);
  if (options.account) parsed.book = selectAccounts(parsed.book, options.account);
  const setup = planMargin(parsed, sources);
  const models = options.models ?? [...DEFAULT_MARGIN_MODELS];
  const enforced = setup.ctx.params.enforced;
  // Health, free collateral and liquidation prices are the enforced model's: a report without it would show them unexplained.
  if (!models.includes(enforced)) throw new InputError('--models', '', models.join(','), `must include ${enforced}, the enforced model (${sources.params}: margin.enforced)`);
  reportPlanWarnings(setup.plan, sources, log);
  if (options.cluster !== undefined) {
    // Sharded over the cluster's workers (progress per shard on stderr); the output is written before the run is marked complete.
    await withClusterRun(options, log, async (engine) => {
      const { risk, margin } = await runMargin(setup, { engine, chunkSize: options.chunkSize, attribution: options.attribution, venueModels: models.filter(isVenueMarginModel) });
      await writeOutput(options.out, reportPieces(risk, options.format, margin, models));
    });
    return;
  }
  const progress = progressReporter('margin run', options.quiet ?? false);
  const { risk, margin } = await withEngine(
    () => openNodeEngine({ backend: options.backend, workers: workerCount(options.workers, log), log }),
    (engine) => runMargin(setup, {
        engine,
        chunkSize: options.chunkSize,
        onProgress: progress.update,
        attribution: options.attribution,
        stageTimings: options.stageTimings,
        venueModels: models.filter(isVenueMarginModel),
      }),
  ).finally(progress.stop);
  await writeOutput(options.out, reportPieces(risk, options.format, margin, models));
}
