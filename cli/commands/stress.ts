import Table from 'cli-table3';
import { type BackendChoice, openNodeEngine } from '../../src/node.js';
import { type CascadeResult, runCascade } from '../../src/liquidation/cascade.js';
import type { LiquidationParamsInput } from '../../src/liquidation/params.js';
import { BUILTIN_SCENARIOS, builtinScenario, type CascadeScenario, crashReplay, flashCrash } from '../../src/liquidation/scenarios.js';
import { planMargin } from '../../src/margin/setup.js';
import { InputError } from '../../src/model/errors.js';
import type { Book } from '../../src/model/schemas.js';
import { parseRiskInputs } from '../../src/engine/index.js';
import { usd } from '../format.js';
import { type InputFileOptions, loadInputs, reportPlanWarnings } from '../inputs.js';
import { readJson } from '../io.js';
import { workerCount } from '../options.js';
import { checkOutputFile, writeFileAtomic, writeOutput } from '../output.js';
import { progressReporter } from '../progress.js';
import { cascadeReportHtml, movedAssets } from '../report/cascadeReport.js';
import { stderrLogger } from './run.js';

export interface StressOptions extends InputFileOptions {
  scenario: string;
  bookSize?: number;
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

/**
 * A built-in scenario by name, else a crash-replay file (see docs/liquidation.md for the format).
 * The flash-crash shape options are refused with any other scenario rather than ignored.
 */
export async function loadScenario(options: Pick<StressOptions, 'scenario' | 'crashDepth' | 'crashSteps'>): Promise<CascadeScenario> {
  if (options.scenario === 'flash-crash') return flashCrash({ depth: options.crashDepth, crashSteps: options.crashSteps });
  for (const [option, value] of [['--crash-depth', options.crashDepth], ['--crash-steps', options.crashSteps]] as const) {
    if (value !== undefined) throw new InputError(option, '', value, `applies to flash-crash only, not to ${options.scenario}`);
  }
  // A name that is not a path is a built-in scenario (an unknown one throws, listing the names).
  if (options.scenario in BUILTIN_SCENARIOS || !/[./\\]/.test(options.scenario)) return builtinScenario(options.scenario, 'scenario');
  return crashReplay(await readJson(options.scenario), options.scenario);
}

/** The book scaled to `n` accounts: its accounts repeated in order (copies get a `-r<k>` suffix), or cut. */
export function scaleBook(book: Book, n: number): Book {
  return {
    accounts: Array.from({ length: n }, (_, k) => {
      const account = book.accounts[k % book.accounts.length];
      const copy = Math.floor(k / book.accounts.length);
      return copy === 0 ? account : { ...account, id: `${account.id}-r${copy}` };
    }),
  };
}

/**
 * `margin stress NAME|FILE`: a liquidation cascade over the book (default the sample venue)
 * along a multi-step price path; the initial risk run on the chosen backend. Progress on
 * stderr; the result as JSON or a table on stdout or --out; --report writes an HTML page.
 */
export async function stressCommand(options: StressOptions): Promise<void> {
  if (options.out) checkOutputFile(options.out);
  if (options.report) checkOutputFile(options.report, '--report');
  const scenario = await loadScenario(options);
  const log = stderrLogger(options.quiet);
  const { inputs, sources } = await loadInputs(options);
  const parsed = parseRiskInputs(inputs, { scenarios: options.scenarios, seed: options.seed }, sources);
  if (options.bookSize !== undefined) parsed.book = scaleBook(parsed.book, options.bookSize);
  const setup = planMargin(parsed, sources);
  reportPlanWarnings(setup.plan, sources, log);
  log(`margin stress: ${scenario.name}, ${setup.plan.accountIds.length} accounts, ${scenario.path.length} steps`);
  const progress = progressReporter('margin stress: initial risk run', options.quiet ?? false);
  const params: LiquidationParamsInput = {};
  if (options.insuranceFund !== undefined) params.insuranceFund = options.insuranceFund;
  let stepsDone = 0;
  const result = await runCascade(setup, scenario, {
    engine: () => openNodeEngine({ backend: options.backend, workers: workerCount(options.workers, log), log }),
    params,
    onProgress: (done, total, stage) => {
      if (stage === 'risk') progress.update(done, setup.plan.scenarioCount);
      else {
        if (stepsDone === 0) progress.stop();
        stepsDone++;
        log(`margin stress: step ${stepsDone}/${total - setup.plan.scenarioCount}`);
      }
    },
  }).finally(progress.stop);
  const text = options.format === 'json' ? `${JSON.stringify(result, null, 2)}\n` : formatCascade(result);
  if (options.report) await writeFileAtomic(options.report, cascadeReportHtml(result));
  await writeOutput(options.out, [text]);
}

/** A price in USD with thousands separators and six significant digits (66,539.2; 0.65). */
function price(value: number): string {
  return value.toLocaleString('en-US', { maximumSignificantDigits: 6 });
}

export function formatCascade(result: CascadeResult): string {
  const assets = movedAssets(result);
  // Books with lending legs (accounts across venues): the protocols' liquidations per step too.
  const lending = result.lending !== undefined;
  const table = new Table({
    head: [
      'step',
      ...assets.flatMap((a) => [`${a} market USD`, `${a} no impact USD`, `${a} oracle USD`]),
      'liquidated USD', 'accounts', 'closed out', 'frozen', 'bad debt USD', 'fund USD',
      ...(lending ? ['lending calls', 'lending repaid USD', 'collateral sold USD'] : []),
    ],
    colAligns: ['right', ...assets.flatMap(() => ['right', 'right', 'right'] as const), 'right', 'right', 'right', 'right', 'right', 'right', ...(lending ? (['right', 'right', 'right'] as const) : [])],
    style: { head: [], border: [], compact: true },
  });
  for (const s of result.steps) {
    table.push([
      s.step,
      ...assets.flatMap((a) => [s.prices[a].market, s.prices[a].withoutImpact, s.prices[a].oracle].map(price)),
      usd(s.liquidatedNotional),
      s.liquidatedAccounts,
      s.closedOutAccounts,
      s.frozenAccounts,
      usd(s.badDebt),
      usd(s.insuranceFund),
      ...(s.lending ? [s.lending.calls, usd(s.lending.repaid), usd(s.lending.seized)] : []),
    ]);
  }
  return [
    `stress ${result.scenario}: ${result.description}`,
    `${result.accounts} accounts; initial risk on ${result.initialRisk.description} (${result.initialRisk.scenarios} scenarios), ${result.initialRisk.liquidatable} below health 1 at t0`,
    table.toString(),
    `liquidated notional ${usd(result.liquidatedNotional)} USD over ${result.liquidatedAccounts} accounts (${result.closedOutAccounts} closed out); closing costs ${usd(result.closingCosts)}, penalties ${usd(result.penalties)}`,
    `bad debt ${usd(result.badDebt)} (insurance fund paid ${usd(result.insurancePaid)}, ADL ${usd(result.adlAmount)}, uncovered ${usd(result.uncoveredBadDebt)}); insurance fund ${usd(result.insuranceFundStart)} → ${usd(result.insuranceFund)}`,
    ...(result.lending ? [lendingLine(result.lending)] : []),
    `conservation error ${result.conservationError.toExponential(2)} (relative)`,
    '',
  ].join('\n');
}

function lendingLine(l: NonNullable<CascadeResult['lending']>): string {
  return (
    `lending: ${l.liquidatedLegs} of ${l.legs} legs liquidated in ${l.calls} calls; debt repaid ${usd(l.repaid)}, collateral seized and sold ${usd(l.seized)} ` +
    `(liquidators' bonus ${usd(l.liquidatorGain)}); protocol bad debt ${usd(l.badDebt)}`
  );
}
