import type { CascadeResult } from '../../src/liquidation/cascade.js';
import { usd } from '../format.js';
import { chartPage, COLORS, type ReportChart } from './chartPage.js';

/** The assets the scenario's path moves (every asset when none moves): the ones worth a chart or a column. */
export function movedAssets(result: CascadeResult): string[] {
  const first = result.steps[0].prices;
  const moved = Object.keys(first).filter((asset) => result.steps.some((s) => Math.abs(s.prices[asset].withoutImpact / first[asset].withoutImpact - 1) > 1e-9));
  return moved.length > 0 ? moved : Object.keys(first);
}

/**
 * A self-contained HTML page (Chart.js inlined, works offline) with four charts of a cascade:
 * price paths (market with liquidation impact, without it, and the oracle, as % of today's
 * price), liquidated notional and accounts per step, the insurance fund, and bad debt (with
 * what the fund and ADL covered).
 */
export function cascadeReportHtml(result: CascadeResult): string {
  const labels = result.steps.map((s) => s.step);
  const assets = movedAssets(result);
  const priceSets = assets.flatMap((asset, k) => {
    const base = result.steps[0].prices[asset].withoutImpact;
    const pct = (f: (s: CascadeResult['steps'][number]) => number) => result.steps.map((s) => (100 * f(s)) / base);
    const color = COLORS[k % COLORS.length];
    return [
      { label: `${asset} market`, data: pct((s) => s.prices[asset].market), borderColor: color, backgroundColor: color, borderWidth: 2 },
      { label: `${asset} without liquidation impact`, data: pct((s) => s.prices[asset].withoutImpact), borderColor: color, backgroundColor: color, borderDash: [6, 4], borderWidth: 1.5 },
      { label: `${asset} oracle`, data: pct((s) => s.prices[asset].oracle), borderColor: color, backgroundColor: color, borderDash: [2, 3], borderWidth: 1, pointRadius: 0 },
    ];
  });
  let cumulativeBadDebt = 0;
  const charts: ReportChart[] = [
    {
      id: 'prices',
      title: 'Price paths (% of today)',
      config: { type: 'line', data: { labels, datasets: priceSets }, options: { scales: { y: { title: { display: true, text: '% of today' } } } } },
    },
    {
      id: 'liquidations',
      title: 'Liquidations per step',
      config: {
        type: 'bar',
        data: {
          labels,
          datasets: [
            { label: 'liquidated notional (USD)', data: result.steps.map((s) => s.liquidatedNotional), backgroundColor: '#d62728', yAxisID: 'y' },
            { type: 'line', label: 'accounts liquidated', data: result.steps.map((s) => s.liquidatedAccounts), borderColor: '#1f77b4', backgroundColor: '#1f77b4', yAxisID: 'y1' },
            { type: 'line', label: 'accounts frozen (oracle halted)', data: result.steps.map((s) => s.frozenAccounts), borderColor: '#7f7f7f', backgroundColor: '#7f7f7f', borderDash: [4, 3], yAxisID: 'y1' },
          ],
        },
        options: { scales: { y: { title: { display: true, text: 'USD' } }, y1: { position: 'right', grid: { drawOnChartArea: false }, title: { display: true, text: 'accounts' } } } },
      },
    },
    {
      id: 'fund',
      title: 'Insurance fund',
      config: {
        type: 'line',
        data: {
          labels,
          datasets: [
            { label: 'insurance fund (USD)', data: result.steps.map((s) => s.insuranceFund), borderColor: '#2ca02c', backgroundColor: 'rgba(44,160,44,0.15)', fill: true },
            { label: 'penalties in (USD)', data: result.steps.map((s) => s.penalties), borderColor: '#9467bd', backgroundColor: '#9467bd' },
            { label: 'paid out for bad debt (USD)', data: result.steps.map((s) => s.insurancePaid), borderColor: '#ff7f0e', backgroundColor: '#ff7f0e' },
          ],
        },
        options: {},
      },
    },
    {
      id: 'badDebt',
      title: 'Bad debt',
      config: {
        type: 'bar',
        data: {
          labels,
          datasets: [
            { label: 'bad debt this step (USD)', data: result.steps.map((s) => s.badDebt), backgroundColor: '#8c564b' },
            { label: 'covered by auto-deleveraging (USD)', data: result.steps.map((s) => s.adlAmount), backgroundColor: '#17becf' },
            { type: 'line', label: 'cumulative bad debt (USD)', data: result.steps.map((s) => (cumulativeBadDebt += s.badDebt)), borderColor: '#000', backgroundColor: '#000' },
          ],
        },
        options: {},
      },
    },
  ];
  const summary: [string, string][] = [
    ['accounts', String(result.accounts)],
    ['steps', String(result.steps.length)],
    ['initial risk run', `${result.initialRisk.description}, ${result.initialRisk.scenarios} scenarios; ${result.initialRisk.liquidatable} below health 1 at t0`],
    ['liquidated notional', `${usd(result.liquidatedNotional)} USD (${result.liquidatedAccounts} accounts, ${result.closedOutAccounts} closed out)`],
    ['closing costs / penalties', `${usd(result.closingCosts)} / ${usd(result.penalties)} USD`],
    ['bad debt', `${usd(result.badDebt)} USD (fund paid ${usd(result.insurancePaid)}, ADL ${usd(result.adlAmount)}, uncovered ${usd(result.uncoveredBadDebt)})`],
    ['insurance fund', `${usd(result.insuranceFundStart)} → ${usd(result.insuranceFund)} USD`],
    ['conservation error', result.conservationError.toExponential(2)],
  ];
  return chartPage({ title: `Liquidation cascade: ${result.scenario}`, subtitle: result.description, summary, charts, xLabel: 'step' });
}
