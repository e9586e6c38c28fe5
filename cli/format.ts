import Table from 'cli-table3';
import { stringify } from 'csv-stringify/sync';
import type { AccountRisk, RiskReport } from '../src/engine/index.js';
import type { AccountMargin } from '../src/margin/accountMargin.js';
import type { MarginReport } from '../src/margin/marginReport.js';
import { DEFAULT_MARGIN_MODELS, isVenueMarginModel, type MarginModelName } from '../src/margin/marginModels.js';
import { marginCsvCells, marginCsvColumns, reportedAccount, reportedSummary } from './marginModelsView.js';

export type OutputFormat = 'table' | 'json' | 'csv';

export const usd = (value: number) => value.toLocaleString('en-US', { maximumFractionDigits: 0 });

/** The run's settings and a summary, without the per-account records. */
export function runSummary(report: RiskReport) {
  const { accounts, ...run } = report;
  return {
    ...run,
    accountCount: accounts.length,
    totals: {
      valueAtRisk: accounts.reduce((s, a) => s + a.valueAtRisk, 0),
      expectedShortfall: accounts.reduce((s, a) => s + a.expectedShortfall, 0),
      stressLoss: accounts.reduce((s, a) => s + a.stressLoss, 0),
    },
  };
}

/**
 * JSON: { run, accounts: [one record per account] }; with margin, run.margin is the book's capital
 * efficiency and each record carries the account's margins under the chosen models. Yielded
 * record by record (the same text as one JSON.stringify of the whole, indent 2): a book of
 * 200,000 accounts makes a document longer than the longest string V8 can hold.
 */
export function* jsonPieces(report: RiskReport, margin?: MarginReport, models: readonly MarginModelName[] = DEFAULT_MARGIN_MODELS): Generator<string> {
  const run = margin ? { ...runSummary(report), margin: reportedSummary(margin.summary, models) } : runSummary(report);
  yield `{\n  "run": ${indent(JSON.stringify(run, null, 2), 2)},\n  "accounts": [`;
  for (let i = 0; i < report.accounts.length; i++) {
    const record = margin ? { ...report.accounts[i], ...reportedAccount(margin.accounts[i], models) } : report.accounts[i];
    yield `${i === 0 ? '' : ','}\n    ${indent(JSON.stringify(record, null, 2), 4)}`;
  }
  yield report.accounts.length === 0 ? ']\n}\n' : '\n  ]\n}\n';
}

function indent(json: string, spaces: number): string {
  return json.replace(/\n/g, `\n${' '.repeat(spaces)}`);
}

/** Largest Euler contributions to ES, as `instrument USD` (hedges contribute negatively and are left out). */
export function topContributors(margin: AccountMargin, count = 2): string {
  const es = margin.margin.portfolio.expectedShortfall;
  return (margin.contributions ?? [])
    .slice(0, count)
    .filter((c) => c.contribution > 0.005 * Math.abs(es))
    .map((c) => `${c.instrument} ${usd(c.contribution)}`)
    .join(', ');
}

const ratio = (value: number | null) => (value === null ? 'n/a' : value >= 1000 ? '>999' : value.toFixed(2));

/** The book's totals per chosen model, capital efficiency and health, as text lines. */
export function marginSummaryLines(margin: MarginReport, models: readonly MarginModelName[] = DEFAULT_MARGIN_MODELS): string[] {
  const s = margin.summary;
  const enforced = margin.accounts[0]?.enforced ?? 'portfolio';
  const lines = [`initial margin, ${s.accounts} accounts: ${models.map((m) => `${m} ${usd(s.initial[m] ?? 0)}`).join(' | ')}`];
  if (models.includes('isolated') && models.includes('cross') && models.includes('portfolio')) {
    lines.push(
      `capital efficiency: portfolio margin frees ${usd(s.initial.isolated - s.initial.portfolio)} ` +
        `(${s.portfolioSavingVsIsolatedPercent.toFixed(1)}% of isolated, ${s.portfolioSavingVsCrossPercent.toFixed(1)}% of cross); ` +
        `cross frees ${s.crossSavingVsIsolatedPercent.toFixed(1)}% of isolated`,
    );
  }
  const venues = models.filter(isVenueMarginModel);
  if (venues.length > 0) {
    const against = venues.map((m) => {
      const saving = s.savingVsIsolatedPercent?.[m] ?? 0;
      const difference = usd(Math.abs(s.initial.isolated - (s.initial[m] ?? 0)));
      return `${m} ${saving >= 0 ? 'frees' : 'adds'} ${difference} (${Math.abs(saving).toFixed(1)}% ${saving >= 0 ? 'below' : 'above'} isolated)`;
    });
    lines.push(`venue models against isolated margin: ${against.join('; ')}`);
  }
  lines.push(
    `health (${enforced} margin enforced): equity ${usd(s.equity)}, maintenance ${usd(s.maintenance[enforced])}, ` +
      `${s.liquidatable} account${s.liquidatable === 1 ? '' : 's'} below health 1`,
  );
  return lines;
}

/** CSV: a header, then one row per account (Greeks per underlying; the chosen models' margin columns when margined), in batches. */
export function* csvPieces(report: RiskReport, margin?: MarginReport, models: readonly MarginModelName[] = DEFAULT_MARGIN_MODELS): Generator<string> {
  const underlyings = [...new Set(report.accounts.flatMap((a) => Object.keys(a.greeks)))].sort();
  const header = ['account', 'positions', 'marketValue', 'valueAtRisk', 'expectedShortfall', 'stressLoss', 'worstStress'];
  for (const u of underlyings) header.push(`${u}.delta`, `${u}.gamma`, `${u}.vega`, `${u}.theta`);
  if (margin) header.push(...marginCsvColumns(models));
  yield stringify([header]);
  const BATCH = 1000;
  for (let start = 0; start < report.accounts.length; start += BATCH) {
    const rows = report.accounts.slice(start, start + BATCH).map((a: AccountRisk, offset) => {
      const row: (string | number)[] = [a.account, a.positions, a.marketValue, a.valueAtRisk, a.expectedShortfall, a.stressLoss, a.worstStress];
      for (const u of underlyings) {
        const g = a.greeks[u];
        row.push(g?.delta ?? 0, g?.gamma ?? 0, g?.vega ?? 0, g?.theta ?? 0);
      }
      if (margin) row.push(...marginCsvCells(margin.accounts[start + offset], models), topContributors(margin.accounts[start + offset], 3));
      return row;
    });
    yield stringify(rows);
  }
}

/** Margin table: per account the chosen models' initial margins side by side, equity, health and what drives the ES. */
export function formatMarginTable(report: RiskReport, margin: MarginReport, models: readonly MarginModelName[] = DEFAULT_MARGIN_MODELS): string {
  const pct = (report.confidence * 100).toFixed(1);
  const core = (['isolated', 'cross', 'portfolio'] as const).filter((m) => models.includes(m));
  const venues = models.filter(isVenueMarginModel);
  const withMaintenance = models.includes('portfolio');
  const marginHeads = [...core.map((m) => `IM ${m}`), ...(withMaintenance ? ['MM portfolio'] : []), ...venues.map((m) => `IM ${m}`)];
  const table = new Table({
    head: ['account', 'pos', 'equity', `ES ${pct}%`, ...marginHeads, 'health', 'liquidation', 'top ES contributors'],
    colAligns: ['left', 'right', 'right', 'right', ...marginHeads.map(() => 'right' as const), 'right', 'left', 'left'],
    style: { head: [], border: [], compact: true },
  });
  report.accounts.forEach((a, i) => {
    const m = margin.accounts[i];
    const liquidation = Object.entries(m.liquidationPrices)
      .flatMap(([u, l]) => [l.down !== null ? `${u} ${formatPrice(l.down)}↓` : '', l.up !== null ? `${u} ${formatPrice(l.up)}↑` : ''])
      .filter((text) => text !== '')
      .join(' ');
    const margins = [
      ...core.map((model) => usd(m.margin[model].initial)),
      ...(withMaintenance ? [usd(m.margin.portfolio.maintenance)] : []),
      ...venues.map((model) => usd(m.margin[model]?.initial ?? 0)),
    ];
    table.push([
      a.account, a.positions, usd(m.equity), usd(a.expectedShortfall), ...margins,
      m.liquidatable ? `${ratio(m.healthFactor)} !` : ratio(m.healthFactor), m.liquidatable ? 'now' : liquidation, topContributors(m),
    ]);
  });
  const lines = [
    table.toString(),
    `${report.accounts.length} accounts, ${report.scenarios} ${report.distribution.type} scenarios over ${report.horizonDays} days, ` +
      `seed ${report.seed}, tail k = ${report.tailCount}; backend ${report.engine}; ${(report.timings.wall / 1000).toFixed(2)} s`,
    ...marginSummaryLines(margin, models),
  ];
  if (report.correlationRepair) {
    lines.push(`correlation repaired to the nearest correlation matrix: distance ${report.correlationRepair.distance.toExponential(3)}`);
  }
  return `${lines.join('\n')}\n`;
}

function formatPrice(price: number): string {
  return price.toLocaleString('en-US', { maximumSignificantDigits: 5 });
}

export function formatTable(report: RiskReport): string {
  const pct = (report.confidence * 100).toFixed(1);
  const table = new Table({
    head: ['account', 'pos', 'market value', `VaR ${pct}%`, `ES ${pct}%`, 'stress loss', 'worst stress', 'delta'],
    colAligns: ['left', 'right', 'right', 'right', 'right', 'right', 'left', 'left'],
    style: { head: [], border: [], compact: true },
  });
  for (const a of report.accounts) {
    const deltas = Object.entries(a.greeks)
      .filter(([, g]) => Math.abs(g.delta) > 1e-9)
      .map(([u, g]) => `${u} ${g.delta.toFixed(2)}`)
      .join(' ');
    table.push([a.account, a.positions, usd(a.marketValue), usd(a.valueAtRisk), usd(a.expectedShortfall), usd(a.stressLoss), a.worstStress, deltas]);
  }
  const summary = runSummary(report);
  const lines = [
    table.toString(),
    `${report.accounts.length} accounts, ${report.scenarios} ${report.distribution.type} scenarios over ${report.horizonDays} days, ` +
      `seed ${report.seed}, tail k = ${report.tailCount}; backend ${report.engine}; ${(report.timings.wall / 1000).toFixed(2)} s`,
    `totals: VaR ${usd(summary.totals.valueAtRisk)}, ES ${usd(summary.totals.expectedShortfall)}, stress loss ${usd(summary.totals.stressLoss)}`,
  ];
  if (report.correlationRepair) {
    lines.push(`correlation repaired to the nearest correlation matrix: distance ${report.correlationRepair.distance.toExponential(3)}`);
  }
  return `${lines.join('\n')}\n`;
}

/** The report in a format, as pieces to stream to a file or stdout; margins under the chosen models. */
export function reportPieces(
  report: RiskReport,
  format: OutputFormat,
  margin?: MarginReport,
  models: readonly MarginModelName[] = DEFAULT_MARGIN_MODELS,
): Iterable<string> {
  if (format === 'json') return jsonPieces(report, margin, models);
  if (format === 'csv') return csvPieces(report, margin, models);
  return [margin ? formatMarginTable(report, margin, models) : formatTable(report)];
}
