import { type SimulationResult, tailMeasures } from '../engine/index.js';
import type { MarginModel } from '../model/schemas.js';
import { type AccountMargin, computeAccountMargin } from './accountMargin.js';
import type { Contribution } from './attribution.js';
import { accountState, type MarginContext } from './context.js';
import { buildCrossVenueReport, type CrossVenueSummary, type VenueRequirement } from './crossVenue/crossVenueReport.js';
import { CORE_MARGIN_MODELS, type VenueMarginModel } from './marginModels.js';

/** Totals per model: the engine's three always, the venue models when computed. */
export type ModelTotals = Record<MarginModel, number> & Partial<Record<VenueMarginModel, number>>;

/** Book-level capital efficiency: total initial margin per model and what portfolio margin frees. */
export interface CapitalEfficiency {
  accounts: number;
  initial: ModelTotals;
  maintenance: ModelTotals;
  equity: number;
  /** Accounts with health factor below 1 under the enforced model. */
  liquidatable: number;
  /** (isolated − portfolio) / isolated, in percent: the capital portfolio margin frees over isolated. */
  portfolioSavingVsIsolatedPercent: number;
  /** (cross − portfolio) / cross, in percent. */
  portfolioSavingVsCrossPercent: number;
  /** (isolated − cross) / isolated, in percent. */
  crossSavingVsIsolatedPercent: number;
  /** With venue models: (isolated − model) / isolated, in percent, for portfolio, cross and each venue model. */
  savingVsIsolatedPercent?: Partial<Record<MarginModel | VenueMarginModel, number>>;
  /** Books that name venues: siloed against unified margin over the cross-venue accounts. */
  crossVenue?: CrossVenueSummary;
}

export interface MarginReport {
  accounts: AccountMargin[];
  summary: CapitalEfficiency;
  /** Books that name venues: per plan index of a venue view, that venue's requirement (the cascade starts from it). */
  venueRequirements?: Map<number, VenueRequirement>;
}

export interface MarginReportOptions {
  /**
   * Euler contributions to ES per position (the tail scenarios regenerated and revalued on the
   * run's backend). Default true.
   */
  attribution?: boolean;
  /** Venue margin models to compute beside the engine's three (default none). */
  venueModels?: readonly VenueMarginModel[];
}

/**
 * Margins of every account from a backend's results (pure and backend-neutral): ES from its
 * exact tails, stress P&L from its grid, the stressed ES from the floor's run. Each position's
 * contribution to ES (attribution.ts) is attached after, by attachContributions.
 */
export function buildMarginReport(
  ctx: MarginContext,
  result: SimulationResult,
  stressed: SimulationResult | undefined,
  venueModels: readonly VenueMarginModel[] = [],
): MarginReport {
  const { plan } = ctx;
  const g = plan.stress.length;
  // The book's accounts only: plan accounts after them are venue views, margined by crossVenue below.
  const accounts = plan.accountIds.slice(0, ctx.bookAccounts).map((_, a) => {
    const margin = computeAccountMargin(ctx, accountState(ctx, a), {
      expectedShortfall: tailMeasures(result.tails[a]).expectedShortfall,
      stressPnl: result.stressPnl.subarray(a * g, (a + 1) * g),
      stressedExpectedShortfall: stressed ? tailMeasures(stressed.tails[a]).expectedShortfall : undefined,
    }, venueModels);
    return margin;
  });
  const summary = capitalEfficiency(accounts, venueModels);
  if (!ctx.crossVenue) return { accounts, summary };
  const crossVenue = buildCrossVenueReport(ctx, ctx.crossVenue, result, stressed, accounts);
  for (const [a, margin] of crossVenue.accounts) accounts[a].crossVenue = margin;
  return { accounts, summary: { ...summary, crossVenue: crossVenue.summary }, venueRequirements: crossVenue.venueRequirements };
}

/** Attaches each book account's contributions to ES (eulerContributions' per plan account), largest first. */
export function attachContributions(report: MarginReport, contributions: readonly Contribution[][]): void {
  report.accounts.forEach((margin, a) => {
    margin.contributions = [...contributions[a]].sort((x, y) => y.contribution - x.contribution);
  });
}

/** Totals per model over the book, the capital each model frees against isolated margin, and the book's health. */
export function capitalEfficiency(accounts: readonly AccountMargin[], venueModels: readonly VenueMarginModel[] = []): CapitalEfficiency {
  const models = [...CORE_MARGIN_MODELS, ...venueModels];
  const total = (side: 'initial' | 'maintenance') =>
    Object.fromEntries(models.map((m) => [m, accounts.reduce((s, a) => s + (a.margin[m]?.[side] ?? 0), 0)])) as ModelTotals;
  const initial = total('initial');
  const maintenance = total('maintenance');
  const saving = (from: number, to: number) => (from > 0 ? (100 * (from - to)) / from : 0);
  const versusIsolated =
    venueModels.length > 0 ? { savingVsIsolatedPercent: Object.fromEntries(models.slice(1).map((m) => [m, saving(initial.isolated, initial[m] ?? 0)])) } : {};
  return {
    accounts: accounts.length,
    initial,
    maintenance,
    equity: accounts.reduce((s, a) => s + a.equity, 0),
    liquidatable: accounts.filter((a) => a.liquidatable).length,
    portfolioSavingVsIsolatedPercent: saving(initial.isolated, initial.portfolio),
    portfolioSavingVsCrossPercent: saving(initial.cross, initial.portfolio),
    crossSavingVsIsolatedPercent: saving(initial.isolated, initial.cross),
    ...versusIsolated,
  };
}
