import { type SimulationResult, tailMeasures } from '../engine/index.js';
import type { MarginModel } from '../model/schemas.js';
import { type AccountMargin, computeAccountMargin } from './accountMargin.js';
import type { Contribution } from './attribution.js';
import { accountState, type MarginContext } from './context.js';
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
}

export interface MarginReport {
  accounts: AccountMargin[];
  summary: CapitalEfficiency;
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
 * exact tails, stress P&L from its grid, the stressed ES from the floor's run, and each
 * position's contribution to ES when given (attribution.ts).
 */
export function buildMarginReport(
  ctx: MarginContext,
  result: SimulationResult,
  stressed: SimulationResult | undefined,
  contributions?: readonly Contribution[][],
  venueModels: readonly VenueMarginModel[] = [],
): MarginReport {
  const { plan } = ctx;
  const g = plan.stress.length;
  const accounts = plan.accountIds.map((_, a) => {
    const margin = computeAccountMargin(ctx, accountState(ctx, a), {
      expectedShortfall: tailMeasures(result.tails[a]).expectedShortfall,
      stressPnl: result.stressPnl.subarray(a * g, (a + 1) * g),
      stressedExpectedShortfall: stressed ? tailMeasures(stressed.tails[a]).expectedShortfall : undefined,
    }, venueModels);
    if (contributions) margin.contributions = [...contributions[a]].sort((x, y) => y.contribution - x.contribution);
    return margin;
  });
  return { accounts, summary: capitalEfficiency(accounts, venueModels) };
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
