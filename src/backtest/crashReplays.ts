import { addDays, type PriceHistory, SYNTHETIC_EPISODES } from '../calibration/history/index.js';
import type { EngineSource } from '../engine/index.js';
import { runCascade } from '../liquidation/cascade.js';
import { crashReplay } from '../liquidation/scenarios.js';
import { prepareMargin } from '../margin/setup.js';
import type { RiskParamsInput } from '../model/schemas.js';
import { type ModelName, volatilityModel, WARM_UP_DAYS } from './forecasters/index.js';

/** A crash of the data, as the days its replay runs over (the first is the day before the fall). */
export interface CrashWindow {
  name: string;
  from: string;
  to: string;
}

/** The crypto crashes of ../shared/data: BTC's −37% day, the May 2021 sell-off, LUNA, FTX. */
export const CRYPTO_CRASHES: readonly CrashWindow[] = [
  { name: 'covid-2020-03-12', from: '2020-03-11', to: '2020-03-16' },
  { name: 'sell-off-2021-05-19', from: '2021-05-18', to: '2021-05-23' },
  { name: 'luna-2022-05', from: '2022-05-06', to: '2022-05-12' },
  { name: 'ftx-2022-11', from: '2022-11-07', to: '2022-11-10' },
];

/** The embedded synthetic history's drawdown (its one-day crash comes too early for the models' warm-up). */
export const SYNTHETIC_CRASHES: readonly CrashWindow[] = [
  { name: 'synthetic-drawdown-2025-05', from: addDays(SYNTHETIC_EPISODES.drawdown.from, -1), to: SYNTHETIC_EPISODES.drawdown.to },
];

export interface CrashReplayResult {
  crash: string;
  model: ModelName;
  /** The model's annualized vols of the book's underlyings on the day before the fall. */
  vols: Record<string, number>;
  /** Accounts below maintenance at the start (the model's margins), and liquidated over the replay. */
  liquidatableAtStart: number;
  liquidatedAccounts: number;
  closedOutAccounts: number;
  liquidatedNotional: number;
  badDebt: number;
}

/**
 * Replays a crash through the liquidation cascade of `margin stress` once per model: the venue's
 * book (the sample venue by default) margined with each model's vols as of the day before the
 * fall (forecast from data up to that day only; the other parameters the venue's own), then the
 * crash's daily closes applied to today's prices (crashReplay: returns, not levels). A model
 * that raised margins before the fall liquidates earlier and leaves less bad debt; one that did
 * not lets accounts fall through. Underlyings the history lacks on those days (or holds for fewer
 * than WARM_UP_DAYS days before them) keep their price and the venue's vol.
 */
export async function replayCrash(
  crash: CrashWindow,
  models: readonly ModelName[],
  inputs: { prices: PriceHistory; market: unknown; book: unknown; params: RiskParamsInput; horizon: number; scenarios: number; engine?: EngineSource },
): Promise<CrashReplayResult[]> {
  // The underlyings with a close on the day before the fall and enough history for every model.
  const underlyings = Object.keys(inputs.params.underlyings ?? {}).filter((a) => (inputs.prices.assets.get(a)?.dates.indexOf(crash.from) ?? -1) >= WARM_UP_DAYS);
  if (underlyings.length === 0) return [];
  const steps = stepsOf(crash, underlyings, inputs.prices);
  const out: CrashReplayResult[] = [];
  for (const model of models) {
    const vols = Object.fromEntries(underlyings.map((a) => [a, forecastVolAsOf(inputs.prices, a, crash.from, model, inputs.horizon)]));
    const underlyingParams = { ...inputs.params.underlyings };
    for (const [a, vol] of Object.entries(vols)) underlyingParams[a] = { ...underlyingParams[a], vol };
    const setup = prepareMargin({ market: inputs.market, book: inputs.book, params: { ...inputs.params, underlyings: underlyingParams } }, { scenarios: inputs.scenarios });
    const result = await runCascade(setup, crashReplay({ name: crash.name, steps }, crash.name), { engine: inputs.engine });
    out.push({
      crash: crash.name, model, vols,
      liquidatableAtStart: result.initialRisk.liquidatable,
      liquidatedAccounts: result.liquidatedAccounts,
      closedOutAccounts: result.closedOutAccounts,
      liquidatedNotional: result.liquidatedNotional,
      badDebt: result.badDebt,
    });
  }
  return out;
}

function stepsOf(crash: CrashWindow, assets: readonly string[], prices: PriceHistory) {
  const first = prices.assets.get(assets[0])!;
  const dates = first.dates.filter((d) => d >= crash.from && d <= crash.to);
  return dates.map((date) => ({
    date,
    prices: Object.fromEntries(assets.map((a) => {
      const h = prices.assets.get(a)!;
      return [a, h.closes[h.dates.indexOf(date)]];
    })),
  }));
}

/** A model's annualized vol forecast for an asset, made on `date` from data up to it. */
function forecastVolAsOf(prices: PriceHistory, asset: string, date: string, model: ModelName, horizon: number): number {
  const h = prices.assets.get(asset)!;
  const k = h.dates.indexOf(date);
  const returns = new Float64Array(k + 1);
  for (let j = 1; j <= k; j++) returns[j] = Math.log(h.closes[j] / h.closes[j - 1]);
  const variance = volatilityModel(model).forecast(returns, k, 1, horizon)[0];
  const spanDays = (Date.parse(h.dates[k]) - Date.parse(h.dates[0])) / 86_400_000;
  return Math.sqrt(variance * (k / (spanDays / 365.25)));
}
