import Table from 'cli-table3';
import { type BackendChoice, openNodeEngine } from '../../src/engine/openNodeEngine.js';
import { type CascadeResult, runCascade } from '../../src/liquidation/cascade.js';
import type { LiquidationParamsInput } from '../../src/liquidation/params.js';
import { BUILTIN_SCENARIOS, builtinScenario, type CascadeScenario, crashReplay, flashCrash } from '../../src/liquidation/scenarios.js';
import { prepareMargin } from '../../src/margin/setup.js';
import { InputError } from '../../src/model/errors.js';
import { readJson, writeFileAtomic } from '../io.js';
import { progressReporter } from '../progress.js';
import { usd } from '../format.js';
import { cascadeReportHtml, movedAssets } from '../report/cascadeReport.js';
import { loadInputs, writeStdout } from './run.js';

export interface StressOptions {
  scenario: string;
  accounts?: number;
  market?: string;
  book?: string;
  params?: string;
  scenarios?: number;
  seed?: number;
  backend: BackendChoice;
  workers?: number;
  format: 'json' | 'table';
  out?: string;
  report?: string;
  insuranceFund?: number;
  crashDepth?: number;
  crashSteps?: number;
  quiet?: boolean;
}

/** A built-in scenario by name, else a crash-replay file (see docs/liquidation.md for the format). */
export function loadScenario(options: Pick<StressOptions, 'scenario' | 'crashDepth' | 'crashSteps'>): CascadeScenario {
  if (options.scenario === 'flash-crash') return flashCrash({ depth: options.crashDepth, crashSteps: options.crashSteps });
  // A name that is not a path is a built-in scenario (an unknown one throws, listing the names).
  if (options.scenario in BUILTIN_SCENARIOS || !/[./\\]/.test(options.scenario)) return builtinScenario(options.scenario);
  return crashReplay(readJson(options.scenario), options.scenario);
}

/** The book scaled to `n` accounts: its accounts repeated in order (copies get a `-r<k>` suffix), or cut. */
export function scaleBook(book: unknown, n: number, source: string): unknown {
  const accounts = (book as { accounts?: unknown[] }).accounts;
  if (!Array.isArray(accounts) || accounts.length === 0) throw new InputError(source, 'accounts', undefined, 'cannot scale a book without accounts');
  return {
    ...(book as object),
    accounts: Array.from({ length: n }, (_, k) => {
      const account = accounts[k % accounts.length] as { id: string };
      const copy = Math.floor(k / accounts.length);
      return copy === 0 ? account : { ...account, id: `${account.id}-r${copy}` };
    }),
  };
}

/**
 * `margin stress --scenario NAME|FILE`: a liquidation cascade over the book (default the sample
 * venue) along a multi-step price path; the initial risk run on the chosen backend. Progress on
 * stderr; the result as JSON or a table on stdout or --out; --report writes an HTML page.
 */
export async function stressCommand(options: StressOptions): Promise<void> {
  const scenario = loadScenario(options);
  const { inputs, sources } = loadInputs(options);
  if (options.accounts !== undefined) inputs.book = scaleBook(inputs.book, options.accounts, sources.book);
  const setup = prepareMargin(inputs, { scenarios: options.scenarios, seed: options.seed }, sources);
  const log = (line: string) => {
    if (!options.quiet) process.stderr.write(`${line}\n`);
  };
  log(`margin stress: ${scenario.name}, ${setup.plan.accountIds.length} accounts, ${scenario.path.length} steps`);
  const engine = await openNodeEngine({ backend: options.backend, workers: options.workers, log });
  const progress = progressReporter('margin stress: initial risk run', options.quiet ?? false);
  const params: LiquidationParamsInput = {};
  if (options.insuranceFund !== undefined) params.insuranceFund = options.insuranceFund;
  let result: CascadeResult;
  try {
    let stepsDone = 0;
    result = await runCascade(setup, scenario, {
      engine,
      params,
      onProgress: (done, total, stage) => {
        if (stage === 'risk') progress.update(done, setup.plan.scenarioCount);
        else if (!options.quiet) {
          if (stepsDone === 0) progress.stop();
          stepsDone++;
          process.stderr.write(`margin stress: step ${stepsDone}/${total - setup.plan.scenarioCount}\n`);
        }
      },
    });
  } finally {
    progress.stop();
    await engine.dispose();
  }
  const text = options.format === 'json' ? `${JSON.stringify(result, null, 2)}\n` : formatCascade(result);
  if (options.report) writeFileAtomic(options.report, cascadeReportHtml(result));
  if (options.out) writeFileAtomic(options.out, text);
  else await writeStdout(text);
}

export function formatCascade(result: CascadeResult): string {
  const assets = movedAssets(result);
  const table = new Table({
    head: ['step', ...assets.flatMap((a) => [`${a} market`, `${a} no impact`, `${a} oracle`]), 'liquidated', 'accounts', 'closed out', 'frozen', 'bad debt', 'fund'],
    style: { head: [], border: [], compact: true },
  });
  for (const s of result.steps) {
    table.push([
      s.step,
      ...assets.flatMap((a) => [s.prices[a].market, s.prices[a].withoutImpact, s.prices[a].oracle].map((p) => p.toPrecision(6))),
      usd(s.liquidatedNotional),
      s.liquidatedAccounts,
      s.closedOutAccounts,
      s.frozenAccounts,
      usd(s.badDebt),
      usd(s.insuranceFund),
    ]);
  }
  return [
    `stress ${result.scenario}: ${result.description}`,
    `${result.accounts} accounts; initial risk on ${result.initialRisk.description} (${result.initialRisk.scenarios} scenarios), ${result.initialRisk.liquidatable} below health 1 at t0`,
    table.toString(),
    `liquidated notional ${usd(result.liquidatedNotional)} USD over ${result.liquidatedAccounts} accounts (${result.closedOutAccounts} closed out); closing costs ${usd(result.closingCosts)}, penalties ${usd(result.penalties)}`,
    `bad debt ${usd(result.badDebt)} (insurance fund paid ${usd(result.insurancePaid)}, ADL ${usd(result.adlAmount)}, uncovered ${usd(result.uncoveredBadDebt)}); insurance fund ${usd(result.insuranceFundStart)} → ${usd(result.insuranceFund)}`,
    `conservation error ${result.conservationError.toExponential(2)} (relative)`,
    '',
  ].join('\n');
}
