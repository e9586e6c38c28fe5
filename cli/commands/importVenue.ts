import { join } from 'node:path';
import { InputError } from '../../src/model/errors.js';
import { MarketSchema, type Market } from '../../src/model/schemas.js';
import { parseInput } from '../../src/model/validate.js';
import {
  checkChainMarks, deribitChainMarket, type ImportResult, importCcxt, importDeribit, parseDeribitChain, summarizeMarkChecks,
} from '../../src/venues/import/index.js';
import { readJson, readText, sourceName } from '../io.js';
import { prepareOutputDirectory, writeFileAtomic } from '../output.js';

/**
 * `margin import …`: venue exports to our input files. Everything is read and checked before
 * the output directory is touched, so a refused record (exit 2) leaves nothing written.
 */

const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;
const say = (quiet: boolean | undefined, line: string) => {
  if (!quiet) process.stderr.write(`${line}\n`);
};

export async function importDeribitChainCommand(options: { snapshot: string; out: string; face?: Record<string, number>; quiet?: boolean }): Promise<void> {
  const source = sourceName(options.snapshot);
  const rows = parseDeribitChain(await readText(options.snapshot), source);
  const converted = deribitChainMarket(rows, source, { faceValueUsd: options.face });
  parseInput(MarketSchema, converted.market, join(options.out, 'market.json')); // what we write must be a valid market
  prepareOutputDirectory(options.out);
  await writeFileAtomic(join(options.out, 'market.json'), json(converted.market));
  for (const warning of converted.warnings) say(options.quiet, `warning: ${warning}`);
  const check = summarizeMarkChecks(checkChainMarks(rows));
  say(options.quiet, `wrote ${options.out}/market.json: ${rows.length} inverse options valued ${converted.valuationTime}`);
  for (const { coin, index, expiries } of converted.coins) {
    const futures = expiries.filter((e) => e.future).length;
    say(options.quiet, `  ${coin}: index ${index}, ${expiries.length} expiries (${futures} listed futures, rates ${pct(expiries[0].rate)}…${pct(expiries[expiries.length - 1].rate)}), perpetual`);
  }
  say(
    options.quiet,
    `  Black-76 on each row's futures price reproduces the marks: median |difference| ${check.priceMedian.toExponential(1)} coin (worst ${check.priceWorst.toExponential(1)}), ` +
      `deltas median ${check.deltaMedian.toExponential(1)} (worst ${check.deltaWorst.toExponential(1)})`,
  );
}

const pct = (rate: number) => `${(100 * rate).toFixed(2)}%`;

interface AccountImportOptions {
  positions: string;
  market?: string;
  out: string;
  account?: string;
  quiet?: boolean;
}

export async function importCcxtCommand(options: AccountImportOptions & { balances: string }): Promise<void> {
  const market = await readMarket(options.market);
  const result = importCcxt({
    positions: await readJson(options.positions),
    balances: await readJson(options.balances),
    market,
    account: options.account,
    sources: { positions: sourceName(options.positions), balances: sourceName(options.balances) },
  });
  await writeImport(result, options);
}

export async function importDeribitCommand(options: AccountImportOptions & { summary: string }): Promise<void> {
  const market = await readMarket(options.market);
  const result = importDeribit({
    positions: await readJson(options.positions),
    summary: await readJson(options.summary),
    market,
    account: options.account,
    sources: { positions: sourceName(options.positions), summary: sourceName(options.summary) },
  });
  await writeImport(result, options);
}

async function readMarket(path: string | undefined): Promise<Market | undefined> {
  return path === undefined ? undefined : parseInput(MarketSchema, await readJson(path), sourceName(path));
}

async function writeImport(result: ImportResult, options: AccountImportOptions): Promise<void> {
  if (result.book.accounts[0].positions.length === 0 && Object.keys(result.book.accounts[0].balances ?? {}).length === 0) {
    throw new InputError(sourceName(options.positions), '(records)', 0, 'no open position and no balance to import');
  }
  prepareOutputDirectory(options.out);
  await writeFileAtomic(join(options.out, 'book.json'), json(result.book));
  if (result.instruments) await writeFileAtomic(join(options.out, 'instruments.json'), json(result.instruments));
  for (const warning of result.warnings) say(options.quiet, `warning: ${warning}`);
  const account = result.book.accounts[0];
  const balances = Object.entries(account.balances ?? {}).map(([asset, amount]) => `${asset} ${amount}`).join(', ') || 'none';
  say(options.quiet, `wrote ${options.out}/book.json: account ${account.id}, ${account.positions.length} positions, balances ${balances}`);
  if (result.instruments) {
    say(options.quiet, `wrote ${options.out}/instruments.json: no --market given, so the instruments were not checked; merge these entries (settlement, contract size) into your market.json`);
  }
}
