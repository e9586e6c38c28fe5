import type { AssetHistory, ImpliedVolSeries } from './history/index.js';

/**
 * A factor's level by date, for the joint estimates: a spot factor's closes (`BTC.spot`) or a
 * vol factor's ATM implied vols (`BTC.vol`); both factors are log changes of their level.
 */
export interface FactorLevels {
  factor: string;
  levels: Map<string, number>;
}

export function spotLevels(history: AssetHistory): FactorLevels {
  return { factor: `${history.asset}.spot`, levels: new Map(history.dates.map((d, k) => [d, history.closes[k]])) };
}

export function volLevels(series: ImpliedVolSeries): FactorLevels {
  return { factor: `${series.asset}.vol`, levels: new Map(series.dates.map((d, k) => [d, series.vols[k]])) };
}

/** Log changes of several factors between consecutive dates they all have, the last `maxChanges` of them. */
export interface FactorChanges {
  factors: string[];
  /** dates[k]: the date change k ends on. */
  dates: string[];
  changes: Float64Array[];
}

/**
 * The dates every factor has a level on (on or after `from`), and each factor's log change
 * between consecutive ones: a factor observed on trading days only makes a weekend change of
 * the others span the weekend too, so all changes cover the same interval.
 */
export function commonChanges(series: readonly FactorLevels[], maxChanges: number, from?: string): FactorChanges {
  const [first, ...rest] = series;
  const dates = [...first.levels.keys()].filter((d) => (from === undefined || d >= from) && rest.every((s) => s.levels.has(d))).sort();
  const used = dates.slice(Math.max(0, dates.length - 1 - maxChanges));
  const changes = series.map((s) => {
    const out = new Float64Array(used.length - 1);
    for (let k = 1; k < used.length; k++) out[k - 1] = Math.log(s.levels.get(used[k])! / s.levels.get(used[k - 1])!);
    return out;
  });
  return { factors: series.map((s) => s.factor), dates: used.slice(1), changes };
}
