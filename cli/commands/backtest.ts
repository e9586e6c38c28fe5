import { availableParallelism } from 'node:os';
import Table from 'cli-table3';
import { z } from 'zod';
import { CRYPTO_CRASHES, type CrashReplayResult, type CrashWindow, replayCrash, SYNTHETIC_CRASHES } from '../../src/backtest/crashReplays.js';
import { evaluateWalkForward, type PortfolioModelResult } from '../../src/backtest/evaluate.js';
import { MODEL_NAMES, type ModelName } from '../../src/backtest/forecasters/index.js';
import { walkForwardOnWorkers } from '../../src/backtest/node/lanes.js';
import { bookPortfolios, type ReferencePortfolio, referencePortfolios } from '../../src/backtest/portfolios.js';
import { walkForward, type WalkForwardResult } from '../../src/backtest/walkForward.js';
import { InputError } from '../../src/model/errors.js';
import { BookSchema, MarketSchema, type RiskParamsInput } from '../../src/model/schemas.js';
import { parseInput } from '../../src/model/validate.js';
import { type BackendChoice, openNodeEngine } from '../../src/node.js';
import { sampleBook, sampleMarket, sampleParams } from '../../src/sample/sampleVenue.js';
import { usd } from '../format.js';
import { readHistory } from '../history.js';
import { readBook, readJson } from '../io.js';
import { checkOutputFile, writeFileAtomic, writeOutput } from '../output.js';
import { progressReporter } from '../progress.js';
import { backtestReportHtml } from '../report/backtestReport.js';
import { stderrLogger } from './run.js';

export interface BacktestOptions {
  history?: string[];
  maxGapDays?: number;
  portfolios?: string;
  book?: string;
  market?: string;
  assets?: string[];
  from?: string;
  to?: string;
  model: ModelName[];
  horizonDays: number;
  confidence: number;
  scenarios: number;
  seed: number;
  distribution: 'normal' | 'student-t';
  dof: number;
  backend: BackendChoice;
  workers?: number;
  crashes: boolean;
  format: 'table' | 'json';
  out?: string;
  report?: string;
  quiet?: boolean;
}

const PortfoliosFileSchema = z
  .array(z.object({ id: z.string().min(1), description: z.string().optional(), exposures: z.record(z.string().min(1), z.number()) }).strict())
  .min(1)
  .describe('portfolios to backtest: USD notional per asset (positive long, negative short)');

/** The reference portfolios of the history's assets, a file's portfolios, and a book's linear part. */
async function portfoliosOf(options: BacktestOptions, assets: readonly string[], log: (line: string) => void): Promise<ReferencePortfolio[]> {
  const out = options.portfolios ? [] : referencePortfolios(assets);
  if (options.portfolios) {
    const file = parseInput(PortfoliosFileSchema, await readJson(options.portfolios), options.portfolios);
    out.push(...file.map((p) => ({ id: p.id, description: p.description ?? p.id, exposures: p.exposures })));
  }
  if (options.book) {
    const market = parseInput(MarketSchema, options.market ? await readJson(options.market) : sampleMarket(), options.market ?? 'sample market');
    const { portfolios, optionsLeftOut } = bookPortfolios(parseInput(BookSchema, await readBook(options.book), options.book), market);
    if (optionsLeftOut > 0) log(`margin backtest: ${optionsLeftOut} option positions of ${options.book} left out: options need an implied-vol history to be backtested`);
    out.push(...portfolios.filter((p) => Object.keys(p.exposures).every((a) => assets.includes(a))));
  }
  for (const p of out) {
    for (const asset of Object.keys(p.exposures)) if (!assets.includes(asset)) throw new InputError(options.portfolios ?? '--book', p.id, asset, `no price history for ${asset}`);
  }
  return out;
}

/**
 * `margin backtest`: the walk-forward backtest of the margin model over price history (the
 * embedded synthetic history without files), for every model asked: per portfolio and model the
 * auth.066 results, the coverage tests, the ES test, procyclicality and the average margin, and
 * the replays of the data's crypto crashes through the liquidation cascade (the sample venue).
 */
export async function backtestCommand(options: BacktestOptions): Promise<void> {
  if (options.out) checkOutputFile(options.out);
  if (options.report) checkOutputFile(options.report, '--report');
  const log = stderrLogger(options.quiet);
  const history = readHistory({ history: options.history, maxGapDays: options.maxGapDays });
  const assets = options.assets ?? [...history.prices.assets.keys()].sort();
  const portfolios = await portfoliosOf(options, assets, log);
  const began = performance.now();
  const progress = progressReporter('margin backtest', options.quiet ?? false, 'days');
  const input = {
    prices: history.prices, portfolios, from: options.from, to: options.to, horizon: options.horizonDays, confidence: options.confidence,
    scenarios: options.scenarios, seed: options.seed, models: options.model,
    distribution: options.distribution === 'student-t' ? { type: 'student-t' as const, dof: options.dof } : { type: 'normal' as const },
    onProgress: progress.update,
  };
  log(`margin backtest: ${portfolios.length} portfolios of ${assets.join(', ')}, models ${options.model.join(', ')}, ${options.scenarios} scenarios a day`);
  // The CPU runs the days on worker threads, one lane per core; the GPU takes them one after another.
  const lanes = Math.min(options.workers ?? availableParallelism(), availableParallelism());
  const engine = options.backend === 'cpu' ? undefined : await openNodeEngine({ backend: options.backend, workers: 0, log });
  const onGpu = engine?.backend === 'gpu';
  if (engine && !onGpu) await engine.dispose();
  const result = await (onGpu ? walkForward({ ...input, engine }) : lanes > 1 ? walkForwardOnWorkers(input, lanes) : walkForward(input))
    .finally(async () => {
      progress.stop();
      if (onGpu) await engine!.dispose();
    });
  const wallMs = performance.now() - began;
  const results = evaluateWalkForward(result);
  const crashes = options.crashes ? await crashReplays(options, history.prices, options.history?.length ? CRYPTO_CRASHES : SYNTHETIC_CRASHES, log) : [];
  const report = { run: runSummary(result, options, wallMs, history.data.map((d) => d.name)), results, comparison: compareModels(results), crashes };
  const text = options.format === 'json' ? `${JSON.stringify(report, null, 2)}\n` : formatBacktest(report);
  if (options.report) await writeFileAtomic(options.report, backtestReportHtml(result, results, report.comparison, crashes));
  await writeOutput(options.out, [text]);
}

async function crashReplays(options: BacktestOptions, prices: ReturnType<typeof readHistory>['prices'], windows: readonly CrashWindow[], log: (line: string) => void): Promise<CrashReplayResult[]> {
  const out: CrashReplayResult[] = [];
  const params = sampleParams() as RiskParamsInput;
  for (const crash of windows) {
    log(`margin backtest: replaying ${crash.name} through the liquidation cascade (sample venue)`);
    out.push(...(await replayCrash(crash, options.model, { prices, market: sampleMarket(), book: sampleBook(), params, horizon: options.horizonDays, scenarios: Math.min(options.scenarios, 10_000) })));
  }
  return out;
}

function runSummary(result: WalkForwardResult, options: BacktestOptions, wallMs: number, data: string[]) {
  return {
    data, from: result.dates[0], to: result.dates[result.dates.length - 1], days: result.dates.length, portfolios: result.portfolios.length,
    models: result.models, horizonDays: result.horizon, confidence: result.confidence, scenarios: result.scenarios, distribution: options.distribution,
    backend: options.backend, engineRuns: result.runs, wallMs,
    overlapping: result.horizon > 1 ? `losses over ${result.horizon} days overlap from one day to the next: the auth.066 counts use every day, the tests one day in every ${result.horizon}` : undefined,
  };
}

/** Per model, over all portfolios: what a risk committee compares. */
export function compareModels(results: readonly PortfolioModelResult[]) {
  const models = [...new Set(results.map((r) => r.model))];
  return models.map((model) => {
    const rows = results.filter((r) => r.model === model);
    const sum = (f: (r: PortfolioModelResult) => number) => rows.reduce((s, r) => s + f(r), 0);
    const median = (values: number[]) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)];
    return {
      model,
      portfolios: rows.length,
      observations: sum((r) => r.total.NumberOfObservations),
      exceptions: sum((r) => r.total.NumberOfExceptions),
      coverage: 1 - sum((r) => r.total.NumberOfExceptions) / sum((r) => r.total.NumberOfObservations),
      varExceptionRate: sum((r) => r.varTests.exceptions) / sum((r) => r.varTests.observations),
      kupiecRejections: rows.filter((r) => r.varTests.kupiec.pValue < 0.05).length,
      independenceRejections: rows.filter((r) => r.varTests.christoffersen.independence.pValue < 0.05).length,
      esRejections: rows.filter((r) => r.esTest.testable && r.esTest.pValue < 0.05).length,
      zones: { green: rows.filter((r) => r.varTests.zone === 'green').length, yellow: rows.filter((r) => r.varTests.zone === 'yellow').length, red: rows.filter((r) => r.varTests.zone === 'red').length },
      averageMargin: sum((r) => r.averageMargin) / rows.length,
      medianPeakToTrough: median(rows.map((r) => r.procyclicality.peakToTrough)),
      medianLargest5DayIncrease: median(rows.map((r) => r.procyclicality.largestIncrease['5']?.increase ?? 0)),
    };
  });
}

type Comparison = ReturnType<typeof compareModels>;

export function formatBacktest(report: { run: ReturnType<typeof runSummary>; comparison: Comparison; crashes: CrashReplayResult[] }): string {
  const pct = (x: number, digits = 2) => `${(100 * x).toFixed(digits)}%`;
  const table = new Table({
    head: ['model', 'coverage', 'VaR exc. rate', 'Kupiec rej.', 'indep. rej.', 'ES rej.', 'zones g/y/r', 'avg margin', 'peak/trough', '5-day rise'],
    style: { head: [], border: [], compact: true },
  });
  for (const c of report.comparison) {
    table.push([c.model, pct(c.coverage), pct(c.varExceptionRate), `${c.kupiecRejections}/${c.portfolios}`, `${c.independenceRejections}/${c.portfolios}`, `${c.esRejections}/${c.portfolios}`,
      `${c.zones.green}/${c.zones.yellow}/${c.zones.red}`, usd(c.averageMargin), c.medianPeakToTrough.toFixed(1), pct(c.medianLargest5DayIncrease, 0)]);
  }
  const r = report.run;
  const lines = [
    `backtest ${r.from} … ${r.to} (${r.days} days), ${r.portfolios} portfolios, ${r.scenarios} ${r.distribution} scenarios a day, ${r.horizonDays}-day horizon at ${pct(r.confidence, 1)}; ${r.engineRuns} engine runs in ${(r.wallMs / 1000).toFixed(1)} s`,
    table.toString(),
  ];
  if (r.overlapping) lines.push(r.overlapping);
  if (report.crashes.length > 0) {
    const crashes = new Table({ head: ['crash', 'model', 'liquidatable at start', 'liquidated', 'closed out', 'bad debt USD'], style: { head: [], border: [], compact: true } });
    for (const c of report.crashes) crashes.push([c.crash, c.model, c.liquidatableAtStart, c.liquidatedAccounts, c.closedOutAccounts, usd(c.badDebt)]);
    lines.push('crash replays through the liquidation cascade (sample venue, each model\'s vols on the day before the fall):', crashes.toString());
  }
  return `${lines.join('\n')}\n`;
}

export const BACKTEST_MODELS = MODEL_NAMES;
