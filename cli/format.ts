import Table from 'cli-table3';
import { stringify } from 'csv-stringify/sync';
import type { AccountRisk, RiskReport } from '../src/engine/riskReport.js';

export type OutputFormat = 'table' | 'json' | 'csv';

const usd = (value: number) => value.toLocaleString('en-US', { maximumFractionDigits: 0 });

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

/** JSON: { run, accounts: [one record per account] }. */
export function formatJson(report: RiskReport): string {
  return `${JSON.stringify({ run: runSummary(report), accounts: report.accounts }, null, 2)}\n`;
}

export function formatCsv(report: RiskReport): string {
  const underlyings = [...new Set(report.accounts.flatMap((a) => Object.keys(a.greeks)))].sort();
  const header = ['account', 'positions', 'marketValue', 'valueAtRisk', 'expectedShortfall', 'stressLoss', 'worstStress'];
  for (const u of underlyings) header.push(`${u}.delta`, `${u}.gamma`, `${u}.vega`, `${u}.theta`);
  const rows = report.accounts.map((a: AccountRisk) => {
    const row: (string | number)[] = [a.account, a.positions, a.marketValue, a.valueAtRisk, a.expectedShortfall, a.stressLoss, a.worstStress];
    for (const u of underlyings) {
      const g = a.greeks[u];
      row.push(g?.delta ?? 0, g?.gamma ?? 0, g?.vega ?? 0, g?.theta ?? 0);
    }
    return row;
  });
  return stringify([header, ...rows]);
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

export function formatReport(report: RiskReport, format: OutputFormat): string {
  if (format === 'json') return formatJson(report);
  if (format === 'csv') return formatCsv(report);
  return formatTable(report);
}
