/**
 * `margin`: the command line of the engine, as a function of its arguments (main.ts is the
 * process around it; tests call runCli in-process). All Node-only I/O lives under cli/.
 * Exit codes: 0 ok, 1 unexpected failure, 2 bad input or usage (nothing written).
 */
import { readFileSync } from 'node:fs';
import { Command, CommanderError, Help, Option } from 'commander';
import { InputError, InputErrors } from '../src/model/errors.js';
import { GpuUnavailableError } from '../src/engine/index.js';
import { runCommand } from './commands/run.js';
import { generateCommand } from './commands/generate.js';
import { schemaCommand } from './commands/schema.js';
import { sampleCommand } from './commands/sample.js';
import { devicesCommand } from './commands/devices.js';
import { whatIfCommand } from './commands/whatif.js';
import { stressCommand } from './commands/stress.js';
import { BUILTIN_SCENARIO_NAMES } from '../src/liquidation/scenarios.js';
import { importCcxtCommand, importDeribitChainCommand, importDeribitCommand } from './commands/importVenue.js';
import { assetNumbers, commaList, isoDate, marginModels, nonNegativeInt, nonNegativeNumber, positiveInt, scenarioCount, seed, shareInOpenUnit } from './options.js';
import { DEFAULT_MARGIN_MODELS, MARGIN_MODEL_NAMES } from '../src/margin/marginModels.js';
import { calibrateCommand } from './commands/calibrate.js';
import { nightlyCommand } from './commands/nightly.js';
import { historyCommand } from './commands/history.js';
import { BACKTEST_MODELS, backtestCommand } from './commands/backtest.js';
import { DEFAULT_THRESHOLDS } from '../src/nightly/checks.js';
import { workerCommand } from './commands/worker.js';
import { clusterStatusCommand, withClusterOptions } from './commands/cluster.js';
import { SAMPLE_NAMES } from '../src/sample/samples.js';

/** --sample: which embedded sample supplies the inputs not given as files. */
const sampleOption = () =>
  new Option('--sample <name>', 'embedded sample for the inputs not given (venue: the sample venue; cross-venue: with accounts across venues and a lending protocol)').choices(SAMPLE_NAMES);

export const EXIT_USAGE = 2;

/** The package's version, from the package.json above this file (in cli/ from source, dist/cli/ built). */
function packageVersion(): string {
  for (const up of ['../package.json', '../../package.json']) {
    try {
      const pkg = JSON.parse(readFileSync(new URL(up, import.meta.url), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'webgpu-margin' && pkg.version) return pkg.version;
    } catch {
      // not at this level: try the next one up
    }
  }
  return 'unknown';
}

/** Help that says which options are required (commander lists them like the optional ones). */
function optionDescription(this: Help, option: Option): string {
  const text = Help.prototype.optionDescription.call(this, option);
  return option.mandatory ? `${text} (required)` : text;
}

/** The input-file options every engine command takes; each one left out comes from the sample venue. */
function withInputFiles(command: Command): Command {
  return command
    .option('--market <file>', 'market snapshot JSON (- for stdin)')
    .option('--book <file>', 'book JSON or CSV (see README: Inputs); - for stdin, JSON or CSV told by its first character')
    .option('--params <file>', 'risk parameters JSON (- for stdin)')
    .addOption(sampleOption());
}

function withRunControls(command: Command, what: string): Command {
  return command
    .option('--scenarios <n>', `Monte Carlo scenario count${what} (overrides params; at most 2^31)`, scenarioCount)
    .option('--seed <n>', 'random seed, an integer in [0, 2^53 − 1] (overrides params)', seed)
    .addOption(new Option('--backend <backend>', 'auto: the GPU when an adapter exists, else the CPU').choices(['auto', 'gpu', 'cpu']).default('auto'))
    .option('--workers <n>', 'CPU worker threads (0: run in this thread); default and maximum: the available parallelism', nonNegativeInt);
}

/** The history and calibration options calibrate and nightly share. */
function withHistory(command: Command): Command {
  return command
    .option('--history <paths...>', 'price history files or directories (CSV: date,asset,close; or per-asset OHLCV); default: the embedded synthetic history')
    .option('--iv <file>', 'ATM implied-vol history (date,asset,tenorDays,vol): vol of vol and vol-factor correlations')
    .option('--as-of <date>', 'use data up to and including this date (YYYY-MM-DD); default: the last date every asset has', isoDate)
    .addOption(new Option('--method <method>', 'vol estimator').choices(['ewma', 'garch', 'sample']).default('ewma'))
    .option('--window <n>', 'returns in the estimation window (default 1000)', positiveInt)
    .addOption(new Option('--distribution <type>', 'scenario distribution the pack sets').choices(['fhs', 'normal', 'student-t']).default('fhs'))
    .option('--params <file>', 'base params: every field the calibration does not estimate comes from it (default: the sample params)')
    .option('--assets <list>', 'underlyings to calibrate (default: every asset of the history)', commaList)
    .addOption(new Option('--correlation <method>', 'correlation estimator over the window (sample: with Ledoit–Wolf shrinkage)').choices(['sample', 'ewma']).default('sample'))
    .option('--max-gap-days <n>', 'most calendar days between two closes of a series (default 5)', positiveInt);
}

function buildProgram(): Command {
  const program = new Command('margin')
    .description('Portfolio-margin risk engine: Monte Carlo VaR/ES, stress grids, Greeks, margins, liquidation cascades')
    .version(packageVersion(), '-V, --version', 'print the version')
    .exitOverride()
    .configureHelp({ optionDescription })
    .showHelpAfterError('(margin <command> --help shows the options)');

  withClusterOptions(withRunControls(withInputFiles(program.command('run').description('compute per-account risk and margin; with no files, on the embedded sample venue')), ''))
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'json', 'csv']).default('table'))
    .option('--out <file>', 'write the output here (atomically; the directory must exist) instead of stdout')
    .option('--account <ids>', 'only these accounts: comma-separated ids or patterns with * and ? (e.g. acct-00*)', commaList)
    .option(
      '--models <list>',
      `margin models to report, comma-separated: ${MARGIN_MODEL_NAMES.join(', ')} (default ${DEFAULT_MARGIN_MODELS.join(',')}; the enforced model must be among them)`,
      marginModels,
    )
    .option('--chunk-size <n>', 'scenarios per chunk (results do not depend on it)', positiveInt)
    .option('--quiet', 'no progress or warnings on stderr')
    .option('--no-attribution', 'skip the Euler contributions of each position to ES')
    .option('--stage-timings', 'GPU: time each stage apart (run.timings) instead of pipelining the chunks; same results, slower')
    .action(runCommand);

  withRunControls(withInputFiles(program.command('whatif').description('margins of an account with proposed trades, from the cached instrument P&L block (no re-simulation)')), ' of the cached block')
    .requiredOption('--account <id>', 'account id in the book')
    .requiredOption('--trade <trades>', 'INSTRUMENT:QTY[,INSTRUMENT:QTY...], signed contracts (e.g. BTC-PERPETUAL:-0.5)')
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'json']).default('table'))
    .option('--out <file>', 'write the output here (atomically; the directory must exist) instead of stdout')
    .option('--quiet', 'nothing on stderr')
    .action(whatIfCommand);

  withRunControls(withInputFiles(program.command('stress').description('liquidation cascade along a multi-step price path (built-in scenario or crash-replay file)')), ' of the initial risk run')
    .argument('<scenario>', `${BUILTIN_SCENARIO_NAMES.join(', ')}, or a crash-replay JSON file`)
    .option('--book-size <n>', 'scale the book to n accounts (its accounts repeated, or cut)', positiveInt)
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'json']).default('table'))
    .option('--out <file>', 'write the output here (atomically; the directory must exist) instead of stdout')
    .option('--report <file>', 'also write a self-contained HTML report with charts')
    .option('--insurance-fund <usd>', 'insurance fund at the start (USD)', nonNegativeNumber)
    .option('--crash-depth <share>', 'flash-crash only: peak-to-trough fall of BTC (0.3 = -30%)', shareInOpenUnit)
    .option('--crash-steps <n>', 'flash-crash only: steps to the trough (its speed)', positiveInt)
    .option('--quiet', 'no progress on stderr')
    .action((scenario: string, options) => stressCommand({ ...options, scenario }));

  withHistory(program.command('calibrate').description('estimate a parameter pack (vols, vols of vol, correlation, FHS residuals, stressed floor) from market history as of a date'))
    .option('--previous <pack>', 'the previous pack.json, for the diff')
    .option('--out <dir>', 'write pack.json and params.json here (created if missing); default: the pack on stdout')
    .option('--quiet', 'nothing on stderr')
    .action(calibrateCommand);

  withClusterOptions(withHistory(program.command('nightly').description('the nightly job: calibrate as of a date, check the pack, run the book\'s margin with it, report what changed, publish')))
    .option('--book <file>', 'the book (JSON or CSV); default: the sample book')
    .option('--market <file>', 'market snapshot whose instruments are used; spots and valuation time come from the history as of the date (default: the sample market)')
    .requiredOption('--out <dir>', 'output folder: nights/<as-of>/ and store.sqlite (created if missing)')
    .option('--approve', 'publish even if a check fails (the governance override)')
    .option('--replace', 'replace a different pack already published for this as-of date')
    .addOption(new Option('--backend <backend>', 'backend of the margin run').choices(['auto', 'gpu', 'cpu']).default('auto'))
    .option('--workers <n>', 'CPU worker threads (0: run in this thread)', nonNegativeInt)
    .option('--scenarios <n>', 'Monte Carlo scenario count (overrides the params)', scenarioCount)
    .option('--vol-change <share>', `check: largest relative vol move since the last pack (default ${DEFAULT_THRESHOLDS.volChange})`, nonNegativeNumber)
    .option('--correlation-change <x>', `check: largest absolute correlation move (default ${DEFAULT_THRESHOLDS.correlationChange})`, nonNegativeNumber)
    .option('--repair-distance <x>', `check: largest correlation repair, Frobenius (default ${DEFAULT_THRESHOLDS.repairDistance})`, nonNegativeNumber)
    .option('--quiet', 'no progress or warnings on stderr')
    .action(nightlyCommand);

  program
    .command('backtest')
    .description('walk-forward backtest of the margin model over price history: coverage tests, ES test, procyclicality, model comparison, crash replays')
    .option('--history <paths...>', 'price history files or directories; default: the embedded synthetic history')
    .option('--max-gap-days <n>', 'most calendar days between two closes of a series (default 5)', positiveInt)
    .option('--assets <list>', 'assets of the reference portfolios (default: every asset of the history)', commaList)
    .option('--portfolios <file>', 'portfolios to backtest instead of the reference ones: JSON [{ id, exposures: { ASSET: USD } }]')
    .option('--book <file>', 'also backtest the linear part of this book (one portfolio per account)')
    .option('--market <file>', "the book's market snapshot (default: the sample market)")
    .option('--from <date>', 'first decision date', isoDate)
    .option('--to <date>', 'last decision date', isoDate)
    .addOption(new Option('--model <models...>', 'volatility models to compare').choices(BACKTEST_MODELS as string[]).default([...BACKTEST_MODELS]))
    .option('--horizon-days <n>', 'margin period of risk, in observations of the series', positiveInt, 2)
    .option('--confidence <share>', 'VaR/ES confidence', shareInOpenUnit, 0.99)
    .option('--scenarios <n>', 'Monte Carlo scenarios per day', scenarioCount, 10_000)
    .option('--seed <n>', 'random seed', seed, 1)
    .addOption(new Option('--distribution <type>', 'scenario distribution').choices(['normal', 'student-t']).default('normal'))
    .option('--dof <n>', 'Student-t degrees of freedom', positiveInt, 5)
    .addOption(new Option('--backend <backend>', 'auto: the GPU when an adapter exists, else the CPU on worker threads').choices(['auto', 'gpu', 'cpu']).default('auto'))
    .option('--workers <n>', 'CPU: days run on this many worker threads (default and maximum: the available parallelism)', positiveInt)
    .option('--no-crashes', 'skip the crash replays through the liquidation cascade')
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'json']).default('table'))
    .option('--out <file>', 'write the output here (atomically) instead of stdout')
    .option('--report <file>', 'also write a self-contained HTML report with charts')
    .option('--quiet', 'no progress on stderr')
    .action(backtestCommand);

  program
    .command('history')
    .description('a series over the published nights from a nightly store: an account\'s margins or a pack parameter')
    .requiredOption('--store <path>', 'the nightly output folder (or its store.sqlite)')
    .option('--account <id>', 'this account\'s margins night by night')
    .option('--parameter <name>', 'this parameter night by night (BTC.vol, corr(BTC.spot,ETH.spot), floor.BTC.vol; "list" names them)')
    .option('--from <date>', 'first as-of date', isoDate)
    .option('--to <date>', 'last as-of date', isoDate)
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'json', 'csv']).default('table'))
    .option('--out <file>', 'write the output here (atomically) instead of stdout')
    .action(historyCommand);

  const importer = program.command('import').description('venue exports to our input files: a Deribit chain snapshot to market.json, a CCXT or Deribit account to book.json');
  importer
    .command('deribit-chain')
    .description('a Deribit option chain snapshot (CSV) to market.json: index, dated futures, inverse options with their mark IVs')
    .requiredOption('--snapshot <file>', 'the snapshot CSV (instrument_name, option_type, strike, expiry_datetime, mark_price, futures_price, implied_volatility, index_price, ...)')
    .requiredOption('--out <dir>', 'output directory, created if missing (market.json)')
    .option('--face <faces>', 'USD face of one inverse future per coin (default BTC=10,ETH=1, Deribit\'s)', assetNumbers)
    .option('--quiet', 'nothing on stderr')
    .action(importDeribitChainCommand);
  importer
    .command('ccxt')
    .description("an account from CCXT's unified fetchPositions and fetchBalance output (JSON) to book.json")
    .requiredOption('--positions <file>', 'JSON array of CCXT Position structures')
    .requiredOption('--balances <file>', 'a CCXT Balance structure')
    .option('--market <file>', 'check every instrument against this market (listed, same settlement) and size positions by its multipliers')
    .option('--account <id>', 'the account id in the book (default ccxt)')
    .requiredOption('--out <dir>', 'output directory, created if missing (book.json; instruments.json without --market)')
    .option('--quiet', 'nothing on stderr')
    .action(importCcxtCommand);
  importer
    .command('deribit')
    .description("an account from Deribit's private/get_positions and private/get_account_summary (JSON) to book.json")
    .requiredOption('--positions <file>', 'get_positions response (or its result array)')
    .requiredOption('--summary <file>', 'get_account_summary response, an array of them, or get_account_summaries')
    .option('--market <file>', 'check every instrument against this market (listed, same settlement) and size positions by its multipliers')
    .option('--account <id>', 'the account id in the book (default deribit)')
    .requiredOption('--out <dir>', 'output directory, created if missing (book.json; instruments.json without --market)')
    .option('--quiet', 'nothing on stderr')
    .action(importDeribitCommand);

  program
    .command('worker')
    .description('process shards of cluster runs (margin run --cluster) from Redis until stopped (SIGTERM/SIGINT: finish the running shards)')
    .option('--redis [url]', 'the cluster\'s Redis: redis://[:password@]host:port or rediss:// (TLS); without a URL, MARGIN_REDIS_URL', true)
    .option('--prefix <prefix>', 'Redis key prefix of the cluster', 'margin')
    .option('--concurrency <n>', 'shards processed at once, each on its own engine', positiveInt, 1)
    .addOption(new Option('--backend <backend>', 'auto: the GPU when an adapter exists, else the CPU; the worker takes that backend\'s shards').choices(['auto', 'gpu', 'cpu']).default('auto'))
    .option('--workers <n>', 'CPU worker threads per engine (default: the available parallelism / concurrency)', positiveInt)
    .option('--lock-duration <ms>', 'a shard\'s lock; a killed worker\'s shard is retried elsewhere once it lapses', positiveInt, 30_000)
    .option('--stalled-interval <ms>', 'how often this worker looks for shards whose worker died', positiveInt, 30_000)
    .option('--max-stalled <n>', 'times a shard may stall (its worker lost) before it fails the run', positiveInt, 2)
    .option('--quiet', 'nothing on stderr')
    .action(workerCommand);

  program
    .command('cluster')
    .description('the cluster of `margin worker` processes')
    .command('status')
    .description('runs, their shards, the live workers and the queues')
    .option('--redis [url]', 'the cluster\'s Redis (without a URL, MARGIN_REDIS_URL)', true)
    .option('--prefix <prefix>', 'Redis key prefix of the cluster', 'margin')
    .option('--runs <n>', 'newest runs shown', positiveInt, 10)
    .option('--json', 'JSON instead of tables')
    .action(clusterStatusCommand);

  program
    .command('devices')
    .description('list the WebGPU adapters found, with their backend and key limits')
    .option('--json', 'JSON instead of a table')
    .action(devicesCommand);

  program
    .command('generate')
    .description('write a synthetic market, params and book of any size')
    .requiredOption('--accounts <n>', 'number of accounts', positiveInt)
    .requiredOption('--instruments <n>', 'number of listed instruments', positiveInt)
    .option('--seed <n>', 'generator seed', nonNegativeInt, 1)
    .requiredOption('--out <dir>', 'output directory, created if missing (market.json, params.json, book.json, book.csv)')
    .action(generateCommand);

  program
    .command('sample')
    .description('write an embedded sample (market.json, params.json, book.json) to a directory; default the sample venue')
    .requiredOption('--out <dir>', 'output directory, created if missing')
    .addOption(sampleOption())
    .action(sampleCommand);

  program
    .command('schema')
    .description('write JSON Schemas of the input files, generated from the validators')
    .requiredOption('--out <dir>', 'output directory, created if missing')
    .action(schemaCommand);
  return program;
}

/** Maps a failure to the message on stderr and the exit code. */
function exitCodeOf(error: unknown): number {
  if (error instanceof CommanderError) {
    // Commander printed its message (or the help / version) already.
    return error.exitCode === 0 ? 0 : EXIT_USAGE;
  }
  if (error instanceof InputError || error instanceof InputErrors) {
    process.stderr.write(`margin: invalid input\n${error.message}\n`);
    return EXIT_USAGE;
  }
  if (error instanceof Error && (error.name === 'ClusterRunError' || error.name === 'ClusterConnectionError')) {
    // A shard's own error, or Redis out of reach (the URL redacted): the message says it all.
    process.stderr.write(`margin: ${error.message}\n`);
    return 1;
  }
  if (error instanceof GpuUnavailableError) {
    process.stderr.write(`margin: --backend gpu, but ${error.message}\n`);
    return 1;
  }
  process.stderr.write(`margin: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  return 1;
}

/** Runs `margin` with `argv` (node, script, args...) and returns the exit code; never exits the process. */
export async function runCli(argv: readonly string[]): Promise<number> {
  try {
    await buildProgram().parseAsync([...argv]);
    return 0;
  } catch (error) {
    return exitCodeOf(error);
  }
}
