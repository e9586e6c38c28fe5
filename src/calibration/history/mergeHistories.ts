import { InputError } from '../../model/errors.js';
import type { ImpliedVolHistory, ImpliedVolSeries, PriceHistory } from './types.js';

/**
 * One price history from several files (one per asset, or a wide file plus extras). An asset in
 * two files is refused, naming both: which file's closes are right (Yahoo's or Binance's, which
 * differ by up to a few percent) is the user's decision, made by leaving one out or renaming it.
 */
export function mergePriceHistories(histories: readonly PriceHistory[]): PriceHistory {
  const merged: PriceHistory = { assets: new Map(), warnings: [] };
  for (const history of histories) {
    for (const [asset, series] of history.assets) {
      const first = merged.assets.get(asset);
      if (first) throw new InputError(series.source, asset, `${series.dates.length} closes`, `${asset} is also in ${first.source}: keep one file per asset (or name this one differently)`);
      merged.assets.set(asset, series);
    }
    merged.warnings.push(...history.warnings);
  }
  return merged;
}

/** The same for implied-vol histories: an (asset, tenor) series in two files is refused. */
export function mergeImpliedVolHistories(histories: readonly ImpliedVolHistory[]): ImpliedVolHistory {
  const merged: ImpliedVolHistory = { assets: new Map(), warnings: [] };
  for (const history of histories) {
    for (const [asset, list] of history.assets) {
      const into: ImpliedVolSeries[] = merged.assets.get(asset) ?? [];
      for (const series of list) {
        const first = into.find((s) => s.tenorDays === series.tenorDays);
        if (first) throw new InputError(series.source, asset, series.tenorDays, `the ${series.tenorDays}-day vols of ${asset} are also in ${first.source}: keep one`);
        into.push(series);
      }
      into.sort((a, b) => a.tenorDays - b.tenorDays);
      merged.assets.set(asset, into);
    }
    merged.warnings.push(...history.warnings);
  }
  return merged;
}
