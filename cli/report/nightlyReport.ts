import type { NightlyReport } from '../../src/nightly/nightly.js';
import { usd } from '../format.js';
import { chartPage, COLORS, escapeHtml, type ReportChart } from './chartPage.js';

/** What the store knows of the nights so far (this one included), for the charts over time. */
export interface NightlyHistory {
  /** Per parameter name, its published values by as-of date. */
  parameters: Map<string, { asOf: string; value: number }[]>;
  book: { asOf: string; initial: number; maintenance: number; equity: number; liquidatable: number }[];
}

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;

/**
 * The night's report as a self-contained page: the checks and the pack's status, the vols and
 * the spot correlations over the published nights, the book's margin over time, and this
 * night's largest margin changes by account.
 */
export function nightlyReportHtml(report: NightlyReport, history: NightlyHistory): string {
  const dates = [...new Set([...history.parameters.values()].flatMap((points) => points.map((p) => p.asOf)))].sort();
  const lineOf = (names: string[], scale = 1) =>
    names.map((name, k) => {
      const byDate = new Map((history.parameters.get(name) ?? []).map((p) => [p.asOf, p.value * scale]));
      return { label: name, data: dates.map((d) => byDate.get(d) ?? null), borderColor: COLORS[k % COLORS.length], backgroundColor: COLORS[k % COLORS.length], spanGaps: true };
    });
  const names = [...history.parameters.keys()];
  const top = report.accounts.filter((a) => a.change !== undefined).slice(0, 30);
  const charts: ReportChart[] = [
    { id: 'vols', title: 'Spot vols (annualized, %) per published night', config: { type: 'line', data: { labels: dates, datasets: lineOf(names.filter((n) => /^[^.]+\.vol$/.test(n)), 100) }, options: {} } },
    { id: 'correlations', title: 'Spot correlations per published night', config: { type: 'line', data: { labels: dates, datasets: lineOf(names.filter((n) => /^corr\(\w+\.spot,\w+\.spot\)$/.test(n))) }, options: { scales: { y: { min: -1, max: 1 } } } } },
    {
      id: 'book',
      title: 'The book: margin and equity per night (USD)',
      config: {
        type: 'line',
        data: {
          labels: history.book.map((b) => b.asOf),
          datasets: [
            { label: 'initial margin', data: history.book.map((b) => b.initial), borderColor: COLORS[1], backgroundColor: COLORS[1] },
            { label: 'maintenance margin', data: history.book.map((b) => b.maintenance), borderColor: COLORS[4], backgroundColor: COLORS[4] },
            { label: 'equity', data: history.book.map((b) => b.equity), borderColor: COLORS[2], backgroundColor: COLORS[2] },
          ],
        },
        options: {},
      },
    },
    {
      id: 'changes',
      title: `Largest initial-margin changes since ${report.pack.previousAsOf ?? 'the previous night'} (USD)`,
      config: {
        type: 'bar',
        data: { labels: top.map((a) => a.account), datasets: [{ label: 'change of initial margin', data: top.map((a) => a.change), backgroundColor: top.map((a) => ((a.change ?? 0) > 0 ? COLORS[1] : COLORS[2])) }] },
        options: { indexAxis: 'y', scales: { x: { title: { display: true, text: 'USD' } } } },
      },
    },
  ];
  const t = report.totals;
  const summary: [string, string][] = [
    ['status', `${report.status}${report.approved ? ' (approved over failed checks)' : ''}`],
    ['pack', `${report.pack.hash}${report.pack.previousHash ? ` (previous ${report.pack.previousAsOf}: ${report.pack.previousHash.slice(0, 12)})` : ''}`],
    ['run', `${report.run.engine}, ${report.run.scenarios} scenarios, ${report.run.distribution.type}`],
    ['initial margin', `${t.before ? `${usd(t.before.initial)} → ` : ''}${usd(t.after.initial)} USD`],
    ['liquidatable accounts', `${t.before ? `${t.before.liquidatable} → ` : ''}${t.after.liquidatable} (new: ${report.newlyLiquidatable.length}, recovered: ${report.noLongerLiquidatable.length})`],
    ['parameters changed', `${report.parameterChanges.length}`],
  ];
  const checks = `<table><tr><th>check</th><th>result</th><th>detail</th></tr>${report.checks
    .map((c) => `<tr><td>${escapeHtml(c.check)}</td><td class="${c.passed ? 'pass' : 'fail'}">${c.passed ? 'passed' : 'FAILED'}</td><td>${escapeHtml(c.detail)}</td></tr>`)
    .join('')}</table>`;
  const changes = report.parameterChanges.filter((c) => !c.name.startsWith('corr('));
  const parameterTable = changes.length === 0 ? '' : `<table><tr><th>parameter</th><th>before</th><th>after</th></tr>${changes
    .map((c) => `<tr><td>${escapeHtml(c.name)}</td><td>${c.before === undefined ? '' : pct(c.before)}</td><td>${c.after === undefined ? '' : pct(c.after)}</td></tr>`)
    .join('')}</table>`;
  return chartPage({ title: `Nightly margin run as of ${report.asOf}`, subtitle: `pack ${report.status}`, summary, charts, xLabel: 'as-of date', extraHtml: checks + parameterTable });
}
