#!/usr/bin/env node
/**
 * `margin`: the command line of the engine. All Node-only I/O lives under cli/.
 * Exit codes: 0 ok, 1 unexpected failure, 2 bad input or usage (nothing written).
 */
import { Command, InvalidArgumentError, Option } from 'commander';
import { InputError, InputErrors } from '../src/model/errors.js';
import { GpuUnavailableError } from '../src/engine/gpu/device.js';
import { runCommand } from './commands/run.js';
import { generateCommand } from './commands/generate.js';
import { schemaCommand } from './commands/schema.js';
import { sampleCommand } from './commands/sample.js';
import { devicesCommand } from './commands/devices.js';
import { whatIfCommand } from './commands/whatif.js';
import { stressCommand } from './commands/stress.js';

export function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new InvalidArgumentError(`expected a positive integer, got "${value}"`);
  return n;
}

export function nonNegativeInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError(`expected a non-negative integer, got "${value}"`);
  return n;
}

export function nonNegativeNumber(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) throw new InvalidArgumentError(`expected a non-negative number, got "${value}"`);
  return n;
}

export function shareInOpenUnit(value: string): number {
  const n = Number(value);
  if (!(n > 0 && n < 1)) throw new InvalidArgumentError(`expected a number strictly between 0 and 1, got "${value}"`);
  return n;
}

/** The input-file options every engine command takes; each one left out comes from the sample venue. */
function withInputFiles(command: Command): Command {
  return command
    .option('--market <file>', 'market snapshot JSON')
    .option('--book <file>', 'book JSON or CSV (account,instrument,quantity)')
    .option('--params <file>', 'risk parameters JSON');
}

const program = new Command('margin')
  .description('Portfolio-margin risk engine: Monte Carlo VaR/ES, stress grids, Greeks, margins, liquidation cascades')
  .showHelpAfterError();

withInputFiles(program.command('run').description('compute per-account risk; with no files, on the embedded sample venue'))
  .option('--scenarios <n>', 'Monte Carlo scenario count (overrides params)', positiveInt)
  .option('--seed <n>', 'random seed (overrides params)', nonNegativeInt)
  .addOption(new Option('--format <format>', 'output format').choices(['table', 'json', 'csv']).default('table'))
  .option('--out <file>', 'write the output here (atomically) instead of stdout')
  .option('--workers <n>', 'CPU worker threads (0: run in this thread); default: one per core', nonNegativeInt)
  .option('--chunk-size <n>', 'scenarios per chunk (results do not depend on it)', positiveInt)
  .addOption(new Option('--backend <backend>', 'auto: the GPU when an adapter exists, else the CPU').choices(['auto', 'gpu', 'cpu']).default('auto'))
  .option('--quiet', 'no progress on stderr')
  .option('--no-attribution', 'skip the Euler contributions of each position to ES')
  .action(runCommand);

withInputFiles(program.command('whatif').description('margins of an account with proposed trades, from the cached instrument P&L block (no re-simulation)'))
  .requiredOption('--account <id>', 'account id in the book')
  .requiredOption('--trade <trades>', 'INSTRUMENT:QTY[,INSTRUMENT:QTY...], signed contracts (e.g. BTC-PERPETUAL:-0.5)')
  .option('--scenarios <n>', 'Monte Carlo scenario count (overrides params)', positiveInt)
  .option('--seed <n>', 'random seed (overrides params)', nonNegativeInt)
  .addOption(new Option('--format <format>', 'output format').choices(['table', 'json']).default('table'))
  .option('--out <file>', 'write the output here (atomically) instead of stdout')
  .option('--quiet', 'nothing on stderr')
  .action(whatIfCommand);

withInputFiles(program.command('stress').description('liquidation cascade along a multi-step price path (built-in scenario or crash-replay file)'))
  .requiredOption('--scenario <name|file>', 'flash-crash, mango-spike, mango-spike-majority, stale-feed, slow-drift, usdc-depeg, or a crash-replay JSON file')
  .option('--accounts <n>', 'scale the book to n accounts (its accounts repeated)', positiveInt)
  .option('--scenarios <n>', 'Monte Carlo scenario count of the risk run and cached block (overrides params)', positiveInt)
  .option('--seed <n>', 'random seed (overrides params)', nonNegativeInt)
  .addOption(new Option('--backend <backend>', 'backend of the initial risk run').choices(['auto', 'gpu', 'cpu']).default('auto'))
  .option('--workers <n>', 'CPU worker threads (0: run in this thread); default: one per core', nonNegativeInt)
  .addOption(new Option('--format <format>', 'output format').choices(['table', 'json']).default('table'))
  .option('--out <file>', 'write the output here (atomically) instead of stdout')
  .option('--report <file>', 'also write a self-contained HTML report with charts')
  .option('--insurance-fund <usd>', 'insurance fund at the start (USD)', nonNegativeNumber)
  .option('--crash-depth <share>', 'flash-crash: peak-to-trough fall of BTC (0.3 = -30%)', shareInOpenUnit)
  .option('--crash-steps <n>', 'flash-crash: steps to the trough (its speed)', positiveInt)
  .option('--quiet', 'no progress on stderr')
  .action(stressCommand);

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
  .requiredOption('--out <dir>', 'output directory (market.json, params.json, book.json, book.csv)')
  .action(generateCommand);

program
  .command('sample')
  .description('write the embedded sample venue (market.json, params.json, book.json) to a directory')
  .requiredOption('--out <dir>', 'output directory')
  .action(sampleCommand);

program
  .command('schema')
  .description('write JSON Schemas of the input files, generated from the validators')
  .requiredOption('--out <dir>', 'output directory')
  .action(schemaCommand);

try {
  await program.parseAsync(process.argv);
  process.exit(0);
} catch (error) {
  if (error instanceof InputError || error instanceof InputErrors) {
    process.stderr.write(`margin: invalid input\n${error.message}\n`);
    process.exit(2);
  }
  if (error instanceof GpuUnavailableError) {
    process.stderr.write(`margin: --backend gpu, but ${error.message}\n`);
    process.exit(1);
  }
  process.stderr.write(`margin: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
}
