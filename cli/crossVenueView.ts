/**
 * How `margin run` shows accounts held across venues: a table of the cross-venue accounts (each
 * venue's margin apart, the unified margin, what it frees, the lending legs' health factors in
 * the run's crash scenarios), the book's summary lines, and the extra CSV columns. Shown only
 * when the book names venues, so the output of every other book is unchanged.
 */
import Table from 'cli-table3';
import type { AccountMargin } from '../src/margin/accountMargin.js';
import type { CrossVenueSummary, VenueMargin } from '../src/margin/crossVenue/crossVenueReport.js';

const usd = (value: number) => value.toLocaleString('en-US', { maximumFractionDigits: 0 });
const hf = (value: number | null | undefined) => (value === null || value === undefined ? '–' : value >= 1000 ? '>999' : value.toFixed(2));

export function crossVenueSummaryLines(s: CrossVenueSummary): string[] {
  return [
    `across venues, ${s.accounts} accounts: siloed initial ${usd(s.siloedInitial)} | unified ${usd(s.unifiedInitial)} (transfer charge ${usd(s.transferCharge)}); ` +
      `unified frees ${usd(s.frees)} (${s.freesPercent.toFixed(1)}% of siloed)`,
    `lending positions with debt: ${s.lendingPositions}; health factor below 1 now ${s.lendingBelowOneNow}, ` +
      `in their account's ES tail ${s.lendingBelowOneInAccountTail}, at the stress grid's worst point ${s.lendingBelowOneOnGrid}`,
  ];
}

function venueCell(v: VenueMargin): string {
  const flag = v.liquidatable ? ' !' : '';
  return `${v.venue} ${usd(v.initial)} (hf ${hf(v.healthFactor)}${flag})`;
}

/** Lending legs: HF now → at the account's VaR scenario / lowest in its ES tail / at the grid's worst point. */
function lendingCell(venues: readonly VenueMargin[]): string {
  return venues
    .filter((v) => v.lending && v.healthFactor !== null)
    .map((v) => {
      const s = v.lending!.scenarios;
      return `${v.venue} ${hf(v.healthFactor)} → VaR ${hf(s.accountTail.atValueAtRisk)}, tail min ${hf(s.accountTail.min)}, grid ${hf(s.stressGrid.worst.healthFactor)}, P(<1) ${(100 * s.distribution.probabilityBelowOne).toFixed(2)}%`;
    })
    .join('; ');
}

/** The cross-venue accounts, one row each. */
export function formatCrossVenueTable(margins: readonly AccountMargin[]): string {
  const table = new Table({
    head: ['account', 'siloed IM by venue (health)', 'siloed IM', 'unified IM', 'transfer', 'frees', 'unified health', 'lending HF now → in crash scenarios'],
    colAligns: ['left', 'left', 'right', 'right', 'right', 'right', 'right', 'left'],
    style: { head: [], border: [], compact: true },
  });
  for (const m of margins) {
    const x = m.crossVenue;
    if (!x) continue;
    table.push([
      m.account,
      x.venues.map(venueCell).join(', '),
      usd(x.siloed.initial),
      usd(x.unified.initial),
      usd(x.unified.transfer.charge),
      `${usd(x.frees)} (${x.freesPercent.toFixed(0)}%)`,
      x.unified.liquidatable ? `${hf(x.unified.healthFactor)} !` : hf(x.unified.healthFactor),
      lendingCell(x.venues),
    ]);
  }
  return table.toString();
}

export const CROSS_VENUE_CSV_COLUMNS = [
  'crossVenue.venues', 'crossVenue.siloedInitial', 'crossVenue.siloedMaintenance', 'crossVenue.unifiedInitial', 'crossVenue.unifiedMaintenance',
  'crossVenue.transferCharge', 'crossVenue.frees', 'crossVenue.unifiedHealthFactor', 'crossVenue.lendingHealthFactor',
  'crossVenue.lendingHealthFactorAtVaR', 'crossVenue.lendingHealthFactorTailMin', 'crossVenue.lendingHealthFactorGridWorst', 'crossVenue.lendingProbabilityBelowOne',
];

/** The cross-venue columns of one account (empty cells for an account on the home venue only; lending columns: the lowest over its lending venues). */
export function crossVenueCsvRow(m: AccountMargin): (string | number)[] {
  const x = m.crossVenue;
  if (!x) return CROSS_VENUE_CSV_COLUMNS.map(() => '');
  const lending = x.venues.filter((v) => v.lending && v.healthFactor !== null);
  const lowest = (pick: (v: VenueMargin) => number | null) => {
    const values = lending.map(pick).filter((value): value is number => value !== null);
    return values.length > 0 ? Math.min(...values) : '';
  };
  const scenarios = (v: VenueMargin) => v.lending!.scenarios;
  return [
    x.venues.map((v) => v.venue).join(' '), x.siloed.initial, x.siloed.maintenance, x.unified.initial, x.unified.maintenance,
    x.unified.transfer.charge, x.frees, x.unified.healthFactor ?? '', lowest((v) => v.healthFactor),
    lowest((v) => scenarios(v).accountTail.atValueAtRisk), lowest((v) => scenarios(v).accountTail.min), lowest((v) => scenarios(v).stressGrid.worst.healthFactor),
    lending.length > 0 ? Math.max(...lending.map((v) => scenarios(v).distribution.probabilityBelowOne)) : '',
  ];
}
