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
import { commaList, nonNegativeInt, nonNegativeNumber, positiveInt, scenarioCount, seed, shareInOpenUnit } from './options.js';

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
    .option('--params <file>', 'risk parameters JSON (- for stdin)');
}

function withRunControls(command: Command, what: string): Command {
  return command
    .option('--scenarios <n>', `Monte Carlo scenario count${what} (overrides params; at most 2^31)`, scenarioCount)
    .option('--seed <n>', 'random seed, an integer in [0, 2^53 − 1] (overrides params)', seed)
    .addOption(new Option('--backend <backend>', 'auto: the GPU when an adapter exists, else the CPU').choices(['auto', 'gpu', 'cpu']).default('auto'))
    .option('--workers <n>', 'CPU worker threads (0: run in this thread); default and maximum: the available parallelism', nonNegativeInt);
}

function buildProgram(): Command {
  const program = new Command('margin')
    .description('Portfolio-margin risk engine: Monte Carlo VaR/ES, stress grids, Greeks, margins, liquidation cascades')
    .version(packageVersion(), '-V, --version', 'print the version')
    .exitOverride()
    .configureHelp({ optionDescription })
    .showHelpAfterError('(margin <command> --help shows the options)');

  withRunControls(withInputFiles(program.command('run').description('compute per-account risk and margin; with no files, on the embedded sample venue')), '')
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'json', 'csv']).default('table'))
    .option('--out <file>', 'write the output here (atomically; the directory must exist) instead of stdout')
    .option('--account <ids>', 'only these accounts: comma-separated ids or patterns with * and ? (e.g. acct-00*)', commaList)
    .option('--chunk-size <n>', 'scenarios per chunk (results do not depend on it)', positiveInt)
    .option('--quiet', 'no progress or warnings on stderr')
    .option('--no-attribution', 'skip the Euler contributions of each position to ES')
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
    .description('write the embedded sample venue (market.json, params.json, book.json) to a directory')
    .requiredOption('--out <dir>', 'output directory, created if missing')
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
