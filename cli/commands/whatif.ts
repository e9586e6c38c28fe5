import Table from 'cli-table3';
import { withEngine } from '../../src/engine/index.js';
import { type BackendChoice, openNodeEngine } from '../../src/node.js';
import { InputError } from '../../src/model/errors.js';
import type { MarginModel } from '../../src/model/schemas.js';
import { prepareMargin } from '../../src/margin/setup.js';
import { parseTrades } from '../../src/margin/trades.js';
import { buildMarginCacheOn, whatIf, type WhatIfResult } from '../../src/margin/whatIf.js';
import { topContributors } from '../format.js';
import { type InputFileOptions, loadInputs, reportPlanWarnings } from '../inputs.js';
import { workerCount } from '../options.js';
import { checkOutputFile, writeOutput } from '../output.js';
import { stderrLogger } from './run.js';

export interface WhatIfOptions extends InputFileOptions {
  scenarios?: number;
  seed?: number;
  backend: BackendChoice;
  workers?: number;
  account: string;
  trade: string;
  format: 'table' | 'json';
  out?: string;
  quiet?: boolean;
}

/**
 * `margin whatif --account A --trade INSTRUMENT:QTY[,...]`: the account's margins with the
 * proposed trades, from the cached instrument P&L block (built once here, on the chosen backend),
 * and the incremental initial margin of each model. Prints the block's build time and the
 * what-if's own time separately: a venue keeps the block and pays only the latter per check.
 */
export async function whatIfCommand(options: WhatIfOptions): Promise<void> {
  if (options.out) checkOutputFile(options.out);
  const trades = parseTrades(options.trade, '--trade');
  const log = stderrLogger(options.quiet);
  const { inputs, sources } = await loadInputs(options);
  const setup = prepareMargin(inputs, { scenarios: options.scenarios, seed: options.seed }, sources);
  reportPlanWarnings(setup.plan, sources, log);
  // Refuse an unknown account before spending a second on the block.
  if (!setup.plan.accountIds.includes(options.account)) throw new InputError('--account', '', options.account, 'no such account in the book');
  const listed = new Set(setup.inputs.market.instruments.map((i) => i.id));
  trades.forEach((trade, j) => {
    if (!listed.has(trade.instrument)) throw new InputError('--trade', `trades[${j}].instrument`, trade.instrument, 'unknown instrument: not listed in the market');
  });
  const text = await withEngine(
    () => openNodeEngine({ backend: options.backend, workers: workerCount(options.workers, log), log }),
    async (engine) => {
      log(`margin whatif: building the instrument P&L block (${setup.plan.instrumentIds.length} instruments × ${setup.plan.scenarioCount} scenarios) on ${engine.description}`);
      const cache = await buildMarginCacheOn(engine, setup);
      const result = whatIf(cache, options.account, trades, { account: '--account', trades: '--trade' });
      const timings = { blockBuildMs: cache.buildMs, whatIfMs: result.evaluationMs };
      return options.format === 'json'
        ? `${JSON.stringify({ ...result, timings, scenarios: setup.plan.scenarioCount, backend: engine.backend }, null, 2)}\n`
        : formatWhatIf(result, timings, setup.plan.scenarioCount);
    },
  );
  await writeOutput(options.out, [text]);
}

const usd = (value: number) => value.toLocaleString('en-US', { maximumFractionDigits: 0 });
const ratio = (value: number | null) => (value === null ? 'n/a' : value.toFixed(2));

export function formatWhatIf(result: WhatIfResult, timings: { blockBuildMs: number; whatIfMs: number }, scenarios: number): string {
  const models: MarginModel[] = ['isolated', 'cross', 'portfolio'];
  const table = new Table({
    head: ['', ...models],
    colAligns: ['left', 'right', 'right', 'right'],
    style: { head: [], border: [], compact: true },
  });
  const { before, after } = result;
  table.push(
    ['initial before', ...models.map((m) => usd(before.margin[m].initial))],
    ['initial after', ...models.map((m) => usd(after.margin[m].initial))],
    ['incremental initial', ...models.map((m) => signed(result.incrementalInitial[m]))],
    ['maintenance after', ...models.map((m) => usd(after.margin[m].maintenance))],
    ['health before', ...models.map((m) => ratio(before.margin[m].healthFactor))],
    ['health after', ...models.map((m) => ratio(after.margin[m].healthFactor))],
  );
  const trades = result.trades.map((t) => `${t.instrument} ${t.quantity > 0 ? '+' : ''}${t.quantity}`).join(', ');
  return [
    `what-if ${result.account}: ${trades}; premium ${signed(result.premium)} USD paid from collateral`,
    table.toString(),
    `equity ${usd(before.equity)} → ${usd(after.equity)}; free collateral (${after.enforced}) ${usd(before.freeCollateral)} → ${usd(after.freeCollateral)}`,
    `ES ${usd(before.margin.portfolio.expectedShortfall)} → ${usd(after.margin.portfolio.expectedShortfall)}; top ES contributors after: ${topContributors(after, 3)}`,
    `instrument P&L block (${scenarios} scenarios) built in ${timings.blockBuildMs.toFixed(0)} ms; this what-if took ${timings.whatIfMs.toFixed(2)} ms`,
    '',
  ].join('\n');
}

function signed(value: number): string {
  return `${value > 0 ? '+' : ''}${usd(value)}`;
}
