import { type SimulationResult, tailMeasures } from '../engine/index.js';
import type { MarginModel } from '../model/schemas.js';
import { type AccountMargin, computeAccountMargin } from './accountMargin.js';
import type { Contribution } from './attribution.js';
import { accountState, type MarginContext } from './context.js';

/** Book-level capital efficiency: total initial margin per model and what portfolio margin frees. */
export interface CapitalEfficiency {
  accounts: number;
  initial: Record<MarginModel, number>;
  maintenance: Record<MarginModel, number>;
  equity: number;
  /** Accounts with health factor below 1 under the enforced model. */
  liquidatable: number;
  /** (isolated − portfolio) / isolated, in percent: the capital portfolio margin frees over isolated. */
  portfolioSavingVsIsolatedPercent: number;
  /** (cross − portfolio) / cross, in percent. */
  portfolioSavingVsCrossPercent: number;
  /** (isolated − cross) / isolated, in percent. */
  crossSavingVsIsolatedPercent: number;
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
): MarginReport {
  const { plan } = ctx;
  const g = plan.stress.length;
  const accounts = plan.accountIds.map((_, a) => {
    const margin = computeAccountMargin(ctx, accountState(ctx, a), {
      expectedShortfall: tailMeasures(result.tails[a]).expectedShortfall,
      stressPnl: result.stressPnl.subarray(a * g, (a + 1) * g),
      stressedExpectedShortfall: stressed ? tailMeasures(stressed.tails[a]).expectedShortfall : undefined,
    });
    if (contributions) margin.contributions = [...contributions[a]].sort((x, y) => y.contribution - x.contribution);
    return margin;
  });
  return { accounts, summary: capitalEfficiency(accounts) };
}

export function capitalEfficiency(accounts: readonly AccountMargin[]): CapitalEfficiency {
  const models: MarginModel[] = ['isolated', 'cross', 'portfolio'];
  const initial = Object.fromEntries(models.map((m) => [m, accounts.reduce((s, a) => s + a.margin[m].initial, 0)])) as Record<MarginModel, number>;
  const maintenance = Object.fromEntries(models.map((m) => [m, accounts.reduce((s, a) => s + a.margin[m].maintenance, 0)])) as Record<MarginModel, number>;
  const saving = (from: number, to: number) => (from > 0 ? (100 * (from - to)) / from : 0);
  return {
    accounts: accounts.length,
    initial,
    maintenance,
    equity: accounts.reduce((s, a) => s + a.equity, 0),
    liquidatable: accounts.filter((a) => a.liquidatable).length,
    portfolioSavingVsIsolatedPercent: saving(initial.isolated, initial.portfolio),
    portfolioSavingVsCrossPercent: saving(initial.cross, initial.portfolio),
    crossSavingVsIsolatedPercent: saving(initial.isolated, initial.cross),
  };
}
