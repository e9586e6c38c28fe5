import { estimateCorrelation } from '../calibration/estimators/index.js';
import type { PriceHistory } from '../calibration/history/index.js';
import { planRisk, type EngineSource, type RiskEngine, tailMeasures, withEngine } from '../engine/index.js';
import { type Book, type Market, type RiskParams, RiskParamsSchema } from '../model/schemas.js';
import { type CrossAssetContext, type ModelName, volatilityModel, WARM_UP_DAYS } from './forecasters/index.js';
import type { ReferencePortfolio } from './portfolios.js';

export interface WalkForwardInput {
  /** Closes of every asset the portfolios hold (the whole history: each day sees only the past). */
  prices: PriceHistory;
  portfolios: ReferencePortfolio[];
  /** First and last decision dates (default: from the first day every model can forecast, to the last with a realized loss). */
  from?: string;
  to?: string;
  /** Margin period of risk, in observations of the series (days for a 7-day market). */
  horizon: number;
  confidence: number;
  scenarios: number;
  seed: number;
  models: readonly ModelName[];
  /**
   * The engine of every day's margin run (default: the CPU backend in this thread), or several:
   * the days are dealt out to them in turn and they run concurrently (a CPU engine per core, each
   * on a worker thread, runs the days in parallel). Results do not depend on how many.
   */
  engine?: EngineSource | readonly RiskEngine[];
  distribution?: RiskParams['distribution'];
  /** Decision days between two correlation estimates (default 21), and their window (1,000 returns). */
  correlationEvery?: number;
  correlationWindow?: number;
  onProgress?: (done: number, total: number) => void;
}

export interface WalkForwardResult {
  portfolios: ReferencePortfolio[];
  /** Decision dates: every date on which at least one portfolio is backtested. */
  dates: string[];
  /** losses[p][d]: portfolio p's realized loss over the horizon after date d (NaN: not backtested that day). */
  losses: Float64Array[];
  /** margins[model][p][d]: the model's margin (ES) for portfolio p on date d (NaN: not backtested). */
  margins: Record<string, Float64Array[]>;
  /** valueAtRisk[model][p][d]: the same run's VaR (the k-th worst scenario loss). */
  valueAtRisk: Record<string, Float64Array[]>;
  models: { name: ModelName; description: string }[];
  horizon: number;
  confidence: number;
  scenarios: number;
  /** Engine runs made (one per decision date and model). */
  runs: number;
}

/** One asset's series, and its forecasts per model by date. */
export interface AssetSeries {
  dates: string[];
  closes: Float64Array;
  index: Map<string, number>;
  returns: Float64Array;
  periodsPerYear: number;
  forecasts: Map<ModelName, Float64Array>;
}

const WARM_UP = WARM_UP_DAYS;

/**
 * The walk-forward backtest of the margin model: on every decision date d, each model forecasts
 * each asset's variance from data up to d only, the engine computes every active portfolio's
 * margin (ES at the confidence over the horizon, the model `margin run` uses, on the given
 * backend) with those vols and the correlation estimated up to d, and the margin is held against
 * the portfolio's realized loss from d to d + horizon. Windows overlap when horizon > 1: the
 * statistics say so (evaluate.ts).
 */
export async function walkForward(input: WalkForwardInput): Promise<WalkForwardResult> {
  const prepared = prepareWalkForward(input);
  const engines = input.engine;
  const lanes = Array.isArray(engines)
    ? await Promise.all((engines as readonly RiskEngine[]).map((engine, lane) => runLane(prepared, engine, lane, engines.length, input.onProgress)))
    : [await withEngine(engines as EngineSource, (engine) => runLane(prepared, engine, 0, 1, input.onProgress))];
  return mergeLanes(prepared, lanes);
}

/**
 * A walk-forward made ready to run: every asset's series and every model's forecasts (computed
 * once, from data up to each day only), the decision dates and the base params. Plain data, so
 * that it can be handed to worker threads that each run a lane of the days (runLane).
 */
export interface PreparedWalkForward {
  input: Omit<WalkForwardInput, 'prices' | 'engine' | 'onProgress'>;
  series: Map<string, AssetSeries>;
  dates: string[];
  baseParams: RiskParams;
}

export function prepareWalkForward(input: WalkForwardInput): PreparedWalkForward {
  const assets = [...new Set(input.portfolios.flatMap((p) => Object.keys(p.exposures)))].sort();
  const series = new Map(assets.map((a) => [a, assetSeries(input, a, assets)]));
  const baseParams = RiskParamsSchema.parse({
    horizonDays: 1, confidence: input.confidence, scenarios: input.scenarios, seed: input.seed, underlyings: {},
    distribution: input.distribution ?? { type: 'normal' },
  });
  const { prices: _prices, engine: _engine, onProgress: _progress, ...rest } = input;
  return { input: rest, series, dates: decisionDates(input, series), baseParams };
}

/** What one lane computed: the margins and losses of the days d ≡ lane (mod lanes). */
export interface LaneResult {
  lane: number;
  lanes: number;
  /** margins[model][p][j], valueAtRisk[model][p][j] and losses[p][j] for the lane's j-th day (NaN: not backtested). */
  margins: Record<string, Float64Array[]>;
  valueAtRisk: Record<string, Float64Array[]>;
  losses: Float64Array[];
  runs: number;
}

/**
 * Runs the days d ≡ lane (mod lanes) on one engine. Each day's correlation is a function of the
 * day alone (its active assets' estimate as of the first day of its block of `correlationEvery`
 * days), so the results do not depend on how the days are dealt out.
 */
export async function runLane(prepared: PreparedWalkForward, engine: RiskEngine, lane: number, lanes: number, onProgress?: (done: number, total: number) => void): Promise<LaneResult> {
  const { input, series, dates, baseParams } = prepared;
  const days = Math.ceil((dates.length - lane) / lanes);
  const losses = input.portfolios.map(() => new Float64Array(days).fill(Number.NaN));
  const perModel = () => Object.fromEntries(input.models.map((m) => [m, input.portfolios.map(() => new Float64Array(days).fill(Number.NaN))]));
  const margins = perModel();
  const valueAtRisk = perModel();
  const every = input.correlationEvery ?? 21;
  const correlations = new Map<string, RiskParams['correlation']>();
  let runs = 0;
  for (let d = lane, j = 0; d < dates.length; d += lanes, j++) {
    const date = dates[d];
    const active = input.portfolios.map((p, k) => [p, k] as const).filter(([p]) => isActive(p, date, series, input.horizon));
    if (active.length === 0) continue;
    const activeAssets = [...new Set(active.flatMap(([p]) => Object.keys(p.exposures)))].sort();
    const anchor = Math.floor(d / every) * every;
    const key = `${anchor}:${activeAssets.join(',')}`;
    if (!correlations.has(key)) correlations.set(key, correlationUpTo(dates[anchor], activeAssets, series, input.correlationWindow ?? 1000));
    for (const [p, k] of active) losses[k][j] = realizedLoss(p, date, series, input.horizon);
    for (const model of input.models) {
      const tails = await dayMargins(engine, date, active.map(([p]) => p), activeAssets, series, model, correlations.get(key), baseParams, input.horizon);
      active.forEach(([, k], i) => {
        margins[model][k][j] = tails[i].expectedShortfall;
        valueAtRisk[model][k][j] = tails[i].valueAtRisk;
      });
      runs++;
    }
    onProgress?.(j + 1, days);
  }
  return { lane, lanes, margins, valueAtRisk, losses, runs };
}

/** The lanes' days put back in date order. */
export function mergeLanes(prepared: PreparedWalkForward, lanes: readonly LaneResult[]): WalkForwardResult {
  const { input, dates } = prepared;
  const losses = input.portfolios.map(() => new Float64Array(dates.length));
  const perModel = () => Object.fromEntries(input.models.map((m) => [m, input.portfolios.map(() => new Float64Array(dates.length))]));
  const margins = perModel();
  const valueAtRisk = perModel();
  for (const lane of lanes) {
    for (let d = lane.lane, j = 0; d < dates.length; d += lane.lanes, j++) {
      input.portfolios.forEach((_, k) => {
        losses[k][d] = lane.losses[k][j];
        for (const m of input.models) {
          margins[m][k][d] = lane.margins[m][k][j];
          valueAtRisk[m][k][d] = lane.valueAtRisk[m][k][j];
        }
      });
    }
  }
  return {
    portfolios: input.portfolios, dates, losses, margins, valueAtRisk, horizon: input.horizon, confidence: input.confidence, scenarios: input.scenarios,
    runs: lanes.reduce((sum, l) => sum + l.runs, 0),
    models: input.models.map((name) => ({ name, description: volatilityModel(name).description })),
  };
}

function assetSeries(input: WalkForwardInput, asset: string, all: readonly string[]): AssetSeries {
  const history = input.prices.assets.get(asset);
  if (!history) throw new RangeError(`walk-forward: no price history for ${asset}`);
  const closes = history.closes;
  const returns = new Float64Array(closes.length);
  for (let j = 1; j < closes.length; j++) returns[j] = Math.log(closes[j] / closes[j - 1]);
  const spanDays = (Date.parse(history.dates[history.dates.length - 1]) - Date.parse(history.dates[0])) / 86_400_000;
  const periodsPerYear = (closes.length - 1) / (spanDays / 365.25);
  // Decision days k = WARM_UP … length − 1 − horizon: each needs the close `horizon` days later.
  const count = closes.length - input.horizon - WARM_UP;
  if (count <= 0) throw new RangeError(`walk-forward: ${asset} has ${closes.length} closes; the models need ${WARM_UP + input.horizon + 2}`);
  const context = crossAssetContext(input.prices, asset, all, history.dates);
  const forecasts = new Map(input.models.map((m) => [m, volatilityModel(m).forecast(returns, WARM_UP, count, input.horizon, context)]));
  return { dates: history.dates, closes, index: new Map(history.dates.map((d, k) => [d, k])), returns, periodsPerYear, forecasts };
}

/** The other assets' returns on this asset's dates, for those whose history covers all of them. */
function crossAssetContext(prices: PriceHistory, asset: string, all: readonly string[], dates: readonly string[]): CrossAssetContext {
  const own = prices.assets.get(asset)!;
  const returns = [Float64Array.from(own.closes, (c, j) => (j === 0 ? 0 : Math.log(c / own.closes[j - 1])))];
  for (const other of all) {
    const h = prices.assets.get(other)!;
    if (other === asset || h.dates[0] > dates[0]) continue;
    const at = new Map(h.dates.map((d, k) => [d, k]));
    if (!dates.every((d) => at.has(d))) continue;
    returns.push(Float64Array.from(dates, (d) => {
      const k = at.get(d)!;
      return k === 0 ? 0 : Math.log(h.closes[k] / h.closes[k - 1]);
    }));
  }
  return { returns };
}

function decisionDates(input: WalkForwardInput, series: Map<string, AssetSeries>): string[] {
  const all = new Set<string>();
  for (const s of series.values()) for (let k = WARM_UP; k < s.dates.length - input.horizon; k++) all.add(s.dates[k]);
  return [...all].filter((d) => (input.from === undefined || d >= input.from) && (input.to === undefined || d <= input.to)).sort();
}

/** A portfolio is backtested on a date when each of its assets has a forecast and a close `horizon` days later. */
function isActive(portfolio: ReferencePortfolio, date: string, series: Map<string, AssetSeries>, horizon: number): boolean {
  return Object.keys(portfolio.exposures).every((a) => {
    const s = series.get(a)!;
    const k = s.index.get(date);
    return k !== undefined && k >= WARM_UP && k + horizon < s.dates.length;
  });
}

function realizedLoss(portfolio: ReferencePortfolio, date: string, series: Map<string, AssetSeries>, horizon: number): number {
  let pnl = 0;
  for (const [asset, notional] of Object.entries(portfolio.exposures)) {
    const s = series.get(asset)!;
    const k = s.index.get(date)!;
    pnl += notional * (s.closes[k + horizon] / s.closes[k] - 1);
  }
  return -pnl;
}

/** The sample correlation (Ledoit–Wolf) of the assets' returns on their common dates up to `date`. */
function correlationUpTo(date: string, assets: readonly string[], series: Map<string, AssetSeries>, window: number): RiskParams['correlation'] {
  if (assets.length < 2) return undefined;
  const [first, ...rest] = assets.map((a) => series.get(a)!);
  const common = first.dates.filter((d) => d <= date && rest.every((s) => s.index.has(d)));
  const used = common.slice(Math.max(1, common.length - window));
  const returns = assets.map((a) => {
    const s = series.get(a)!;
    return Float64Array.from(used, (d) => s.returns[s.index.get(d)!]);
  });
  const estimate = estimateCorrelation({ names: assets.map((a) => `${a}.spot`), returns }, { method: 'sample', shrinkage: 'ledoit-wolf' });
  return { factors: estimate.names, matrix: estimate.matrix };
}

/** One day's margin run of a model: the active portfolios as accounts of perpetuals at the day's closes. */
async function dayMargins(
  engine: RiskEngine,
  date: string,
  portfolios: readonly ReferencePortfolio[],
  assets: readonly string[],
  series: Map<string, AssetSeries>,
  model: ModelName,
  correlation: RiskParams['correlation'],
  base: RiskParams,
  horizon: number,
): Promise<{ valueAtRisk: number; expectedShortfall: number }[]> {
  const spot = (a: string) => series.get(a)!.closes[series.get(a)!.index.get(date)!];
  const market: Market = {
    valuationTime: new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString(),
    rate: 0,
    underlyings: Object.fromEntries(assets.map((a) => [a, { spot: spot(a), carry: 0 }])),
    instruments: assets.map((a) => ({ id: `${a}-PERPETUAL`, kind: 'perpetual' as const, underlying: a, multiplier: 1 })),
  };
  const book: Book = {
    accounts: portfolios.map((p) => ({ id: p.id, balances: {}, positions: Object.entries(p.exposures).map(([a, n]) => ({ instrument: `${a}-PERPETUAL`, quantity: n / spot(a) })) })),
  };
  const underlyings = Object.fromEntries(
    assets.map((a) => {
      const s = series.get(a)!;
      const variance = s.forecasts.get(model)![s.index.get(date)! - WARM_UP];
      return [a, { vol: Math.sqrt(variance * s.periodsPerYear), volOfVol: 0 }];
    }),
  );
  // The engine's horizon is in calendar days of 365.25 a year: vol²·h/365.25 = daily variance·horizon.
  const periodsPerYear = series.get(assets[0])!.periodsPerYear;
  const params: RiskParams = { ...base, horizonDays: (horizon * 365.25) / periodsPerYear, underlyings, correlation };
  const plan = planRisk(market, book, params);
  // One chunk per day: a day is small (its scenarios fit any budget), and each chunk of a run on a
  // worker thread costs a round trip.
  const result = await engine.simulate(plan, { chunkSize: plan.scenarioCount });
  return result.tails.map(tailMeasures);
}
