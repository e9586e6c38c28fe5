/**
 * What the outputs of `margin run` show of each margin model: the models chosen with --models
 * and nothing else, per account (JSON, CSV, table) and for the book. With the default models
 * (isolated, cross, portfolio) every output is exactly what it was before venue models existed.
 */
import type { AccountMargin } from '../src/margin/accountMargin.js';
import type { CapitalEfficiency } from '../src/margin/marginReport.js';
import { DEFAULT_MARGIN_MODELS, isVenueMarginModel, type MarginModelName, type VenueMarginModel } from '../src/margin/marginModels.js';

export const isDefaultModels = (models: readonly MarginModelName[]) =>
  models.length === DEFAULT_MARGIN_MODELS.length && DEFAULT_MARGIN_MODELS.every((m) => models.includes(m));

const pick = <T extends object>(record: T, keys: readonly string[]): Partial<T> =>
  Object.fromEntries(Object.entries(record).filter(([key]) => keys.includes(key))) as Partial<T>;

/** An account's record with the chosen models' margins only. */
export function reportedAccount(account: AccountMargin, models: readonly MarginModelName[]): AccountMargin {
  return isDefaultModels(models) ? account : { ...account, margin: pick(account.margin, models) as AccountMargin['margin'] };
}

/** The book summary with the chosen models' totals, and the savings between chosen models only. */
export function reportedSummary(summary: CapitalEfficiency, models: readonly MarginModelName[]): Partial<CapitalEfficiency> {
  if (isDefaultModels(models)) return summary;
  const has = (...names: MarginModelName[]) => names.every((m) => models.includes(m));
  const { portfolioSavingVsIsolatedPercent, portfolioSavingVsCrossPercent, crossSavingVsIsolatedPercent, savingVsIsolatedPercent, ...rest } = summary;
  return {
    ...rest,
    initial: pick(summary.initial, models) as CapitalEfficiency['initial'],
    maintenance: pick(summary.maintenance, models) as CapitalEfficiency['maintenance'],
    ...(has('isolated', 'portfolio') ? { portfolioSavingVsIsolatedPercent } : {}),
    ...(has('cross', 'portfolio') ? { portfolioSavingVsCrossPercent } : {}),
    ...(has('isolated', 'cross') ? { crossSavingVsIsolatedPercent } : {}),
    ...(savingVsIsolatedPercent && has('isolated') ? { savingVsIsolatedPercent: pick(savingVsIsolatedPercent, models) } : {}),
  };
}

/** A venue model's worst scenario per underlying, as one cell: "BTC: -16% vol up; ETH: extended +50%". */
export function venueWorstScenarios(account: AccountMargin, model: VenueMarginModel): string {
  const venue = account.margin[model];
  if (!venue) return '';
  return Object.entries(venue.underlyings)
    .map(([u, detail]) => `${u}: ${detail.worstScenario}`)
    .join('; ');
}

/** A venue model's worst loss summed over the account's underlyings (before contingencies). */
export function venueWorstLoss(account: AccountMargin, model: VenueMarginModel): number {
  const venue = account.margin[model];
  if (!venue) return 0;
  return Object.values(venue.underlyings).reduce((s, u) => s + ('maxLoss' in u ? u.maxLoss : u.worstLoss), 0);
}

const VENUE_CSV_FIELDS = ['initial', 'maintenance', 'worstLoss', 'worstScenario'] as const;

/** CSV margin columns for the chosen models, in the order the default columns have always had. */
export function marginCsvColumns(models: readonly MarginModelName[]): string[] {
  const columns = ['equity', 'healthFactor', 'freeCollateral', 'collateralValue', 'collateralAfterHaircuts'];
  for (const m of ['isolated', 'cross', 'portfolio'] as const) if (models.includes(m)) columns.push(`${m}.initial`, `${m}.maintenance`);
  if (models.includes('portfolio')) columns.push('portfolio.stressLoss', 'portfolio.liquidityAddOn', 'portfolio.core', 'portfolio.buffer', 'portfolio.floor');
  for (const m of models.filter(isVenueMarginModel)) columns.push(...VENUE_CSV_FIELDS.map((field) => `${m}.${field}`));
  columns.push('topContributors');
  return columns;
}

/** The CSV margin cells of one account, matching marginCsvColumns (topContributors added by the caller). */
export function marginCsvCells(m: AccountMargin, models: readonly MarginModelName[]): (string | number)[] {
  const cells: (string | number)[] = [m.equity, m.healthFactor ?? '', m.freeCollateral, m.collateral.value, m.collateral.adjustedValue];
  for (const model of ['isolated', 'cross', 'portfolio'] as const) if (models.includes(model)) cells.push(m.margin[model].initial, m.margin[model].maintenance);
  if (models.includes('portfolio')) {
    const p = m.margin.portfolio;
    cells.push(p.stressLoss, p.liquidityAddOn, p.core, p.antiProcyclicality.buffer, p.antiProcyclicality.floor ?? '');
  }
  for (const model of models.filter(isVenueMarginModel)) {
    const venue = m.margin[model];
    cells.push(venue?.initial ?? '', venue?.maintenance ?? '', venueWorstLoss(m, model), venueWorstScenarios(m, model));
  }
  return cells;
}
