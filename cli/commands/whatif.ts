import Table from 'cli-table3';
import { InputError } from '../../src/model/errors.js';
import type { MarginModel } from '../../src/model/schemas.js';
import { prepareMargin } from '../../src/margin/setup.js';
import { parseTrades } from '../../src/margin/trades.js';
import { buildMarginCache, whatIf, type WhatIfResult } from '../../src/margin/whatIf.js';
import { topContributors } from '../format.js';
import { writeFileAtomic } from '../io.js';
import { loadInputs, writeStdout } from './run.js';

export interface WhatIfOptions {
  market?: string;
  book?: string;
  params?: string;
  scenarios?: number;
  seed?: number;
  account: string;
  trade: string;
  format: 'table' | 'json';
  out?: string;
  quiet?: boolean;
}

/**
 * `margin whatif --account A --trade INSTRUMENT:QTY[,...]`: the account's margins with the
 * proposed trades, from the cached instrument P&L block (built once here, CPU f64), and the
 * incremental initial margin of each model. Prints the block's build time and the what-if's
 * own time separately: a venue keeps the block and pays only the latter per pre-trade check.
 */
export async function whatIfCommand(options: WhatIfOptions): Promise<void> {
  const trades = parseTrades(options.trade);
  const { inputs, sources } = loadInputs(options);
  const setup = prepareMargin(inputs, { scenarios: options.scenarios, seed: options.seed }, sources);
  // Refuse an unknown account before spending a second on the block.
  if (!setup.plan.accountIds.includes(options.account)) throw new InputError('--account', 'account', options.account, 'no such account in the book');
  if (!options.quiet) {
    process.stderr.write(`margin whatif: building the instrument P&L block (${setup.plan.instrumentIds.length} instruments × ${setup.plan.scenarioCount} scenarios)\n`);
  }
  const cache = buildMarginCache(setup);
  const result = whatIf(cache, options.account, trades);
  const timings = { blockBuildMs: cache.buildMs, whatIfMs: result.evaluationMs };
  const text =
    options.format === 'json'
      ? `${JSON.stringify({ ...result, timings, scenarios: setup.plan.scenarioCount }, null, 2)}\n`
      : formatWhatIf(result, timings, setup.plan.scenarioCount);
  if (options.out) writeFileAtomic(options.out, text);
  else await writeStdout(text);
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
