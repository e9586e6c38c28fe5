import type { CrashReplayResult } from '../../src/backtest/crashReplays.js';
import type { PortfolioModelResult } from '../../src/backtest/evaluate.js';
import type { WalkForwardResult } from '../../src/backtest/walkForward.js';
import { usd } from '../format.js';
import { chartPage, COLORS, escapeHtml, type ReportChart } from './chartPage.js';

/** Portfolios charted: the single-asset ones and the basket (pairs are in the JSON). */
const MAX_CHARTS = 12;

/**
 * The backtest as a page: the model comparison, the crash replays, and per portfolio the
 * realized loss over time against each model's margin, with every exception (a loss above that
 * model's margin) marked.
 */
export function backtestReportHtml(result: WalkForwardResult, results: readonly PortfolioModelResult[], comparison: readonly { model: string; coverage: number; averageMargin: number; kupiecRejections: number; portfolios: number }[], crashes: readonly CrashReplayResult[]): string {
  const charted = result.portfolios.map((p, k) => [p, k] as const).filter(([p]) => !p.id.includes('/')).slice(0, MAX_CHARTS);
  const charts: ReportChart[] = charted.map(([portfolio, p]) => {
    const days = [...result.dates.keys()].filter((d) => Number.isFinite(result.losses[p][d]));
    const labels = days.map((d) => result.dates[d]);
    const datasets: object[] = [{ label: 'realized loss', data: days.map((d) => result.losses[p][d]), borderColor: '#000', backgroundColor: '#000', borderWidth: 1, pointRadius: 0 }];
    result.models.forEach(({ name }, m) => {
      const color = COLORS[(m + 1) % COLORS.length];
      datasets.push({ label: `${name} margin`, data: days.map((d) => result.margins[name][p][d]), borderColor: color, backgroundColor: color, borderWidth: 1, pointRadius: 0 });
      datasets.push({
        type: 'scatter', label: `${name} exceptions`, backgroundColor: color, pointRadius: 3,
        data: days.flatMap((d) => (result.losses[p][d] > result.margins[name][p][d] ? [{ x: result.dates[d], y: result.losses[p][d] }] : [])),
      });
    });
    return { id: `p${p}`, title: `${portfolio.description}: loss over ${result.horizon} days vs margin (USD)`, config: { type: 'line', data: { labels, datasets }, options: { scales: { x: { type: 'category' } } } } };
  });
  const summary: [string, string][] = comparison.map((c) => [c.model, `coverage ${(100 * c.coverage).toFixed(2)}%, average margin ${usd(c.averageMargin)} USD, Kupiec rejects ${c.kupiecRejections} of ${c.portfolios} portfolios`]);
  const crashTable = crashes.length === 0 ? '' : `<h2>Crash replays (sample venue, liquidation cascade)</h2><table><tr><th>crash</th><th>model</th><th>liquidatable at start</th><th>liquidated</th><th>closed out</th><th>bad debt USD</th></tr>${crashes
    .map((c) => `<tr><td>${escapeHtml(c.crash)}</td><td>${escapeHtml(c.model)}</td><td>${c.liquidatableAtStart}</td><td>${c.liquidatedAccounts}</td><td>${c.closedOutAccounts}</td><td>${usd(c.badDebt)}</td></tr>`)
    .join('')}</table>`;
  const worst = [...results].sort((a, b) => b.total.NumberOfExceptions - a.total.NumberOfExceptions).slice(0, 10);
  const worstTable = `<h2>Most exceptions</h2><table><tr><th>portfolio</th><th>model</th><th>exceptions</th><th>largest</th><th>on</th></tr>${worst
    .map((r) => `<tr><td>${escapeHtml(r.portfolio)}</td><td>${escapeHtml(r.model)}</td><td>${r.total.NumberOfExceptions} / ${r.total.NumberOfObservations}</td><td>${usd(r.total.LargestException)}</td><td>${escapeHtml(r.total.LargestExceptionIdentification?.Identification ?? '')}</td></tr>`)
    .join('')}</table>`;
  return chartPage({
    title: `Margin backtest ${result.dates[0]} … ${result.dates[result.dates.length - 1]}`,
    subtitle: `${result.portfolios.length} portfolios, ${result.scenarios} scenarios a day, ${result.horizon}-day horizon at ${(100 * result.confidence).toFixed(1)}%`,
    summary,
    charts,
    xLabel: 'date',
    extraHtml: crashTable + worstTable,
  });
}
