/**
 * One account: its loss distribution over every Monte Carlo scenario with VaR and ES marked,
 * its ES contributions by position (Euler), its P&L on the stress grid as a heatmap (spot move ×
 * vol move), its Greeks by underlying, and its margins side by side.
 */
import type { Actions } from '../app/actions.js';
import type { AccountDetail, RunSummary } from '../engine/protocol.js';
import { tidyCsv } from '../export/csv.js';
import type { LabState } from '../state/labState.js';
import type { Store } from '../state/store.js';
import { chart, chartBox, PALETTE } from './charts.js';
import { h, replace, table } from './dom.js';
import { compact, percent, price, ratio, usd } from './format.js';
import type { TabView } from './tabView.js';

function greeksTable(result: RunSummary, a: number) {
  const greeks = result.accounts[a].greeks;
  const names = Object.keys(greeks);
  return {
    head: ['underlying', 'delta (coins)', 'gamma', 'vega (per 1.00 vol)', 'theta (per year)'],
    rows: names.map((u) => [u, greeks[u].delta, greeks[u].gamma, greeks[u].vega, greeks[u].theta]),
  };
}

function marginTable(result: RunSummary, a: number) {
  const m = result.margins[a];
  const models = ['isolated', 'cross', 'portfolio'] as const;
  return {
    head: ['', ...models],
    rows: [
      ['initial', ...models.map((k) => m.margin[k].initial)],
      ['maintenance', ...models.map((k) => m.margin[k].maintenance)],
      ['health', ...models.map((k) => m.margin[k].healthFactor ?? Infinity)],
    ],
  };
}

export function accountView(store: Store<LabState>, actions: Actions): TabView {
  const picker = h('select', { 'data-testid': 'account-picker' });
  picker.addEventListener('change', () => void actions.selectAccount(picker.value));
  const header = h('div', { class: 'summary-cards', 'data-testid': 'account-summary' });
  const distribution = chartBox('chart tall');
  const contributions = chartBox('chart tall');
  const heatmap = chartBox('chart tall');
  const tables = h('div', { class: 'cols' });
  const empty = h('p', { class: 'empty' }, 'Pick an account in the accounts table.');
  const body = h(
    'div',
    {},
    header,
    h('div', { class: 'cols' }, h('figure', {}, h('figcaption', {}, 'Loss distribution (all scenarios), VaR and ES'), distribution), h('figure', {}, h('figcaption', {}, 'ES contributions by position (Euler)'), contributions)),
    h('div', { class: 'cols' }, h('figure', {}, h('figcaption', {}, 'Stress grid: P&L by spot move × vol move (USD)'), heatmap), tables),
  );
  const element = h('div', { class: 'view' }, h('div', { class: 'toolbar' }, h('label', { class: 'inline' }, 'Account ', picker)), empty, body);

  store.watch(
    (s) => [s.result],
    (result) => {
      replace(picker, h('option', { value: '' }, '—'), (result?.accounts ?? []).map((a) => h('option', { value: a.account }, a.account)));
      picker.value = store.get().selectedAccount ?? '';
    },
  );
  store.watch(
    (s) => [s.result, s.accountDetail, s.tab],
    (result, detail, tab) => {
      const a = result && detail ? result.accounts.findIndex((x) => x.account === detail.account) : -1;
      empty.hidden = a >= 0;
      body.hidden = a < 0;
      if (a < 0 || !result || !detail || tab !== 'account') return;
      picker.value = detail.account;
      render(result, a, detail);
    },
  );

  function render(result: RunSummary, a: number, detail: AccountDetail) {
    const risk = result.accounts[a];
    const m = result.margins[a];
    const card = (label: string, value: string, testid?: string) => h('div', { class: 'card', 'data-testid': testid }, h('span', { class: 'muted' }, label), h('strong', {}, value));
    replace(
      header,
      card('VaR', usd(risk.valueAtRisk), 'account-var'),
      card('ES', usd(risk.expectedShortfall), 'account-es'),
      card('Portfolio IM', usd(m.margin.portfolio.initial), 'account-im'),
      card('Equity', usd(m.equity)),
      card(`Health (${m.enforced})`, ratio(m.healthFactor)),
      card('Worst stress', `${usd(risk.stressLoss)} · ${risk.worstStress}`),
      ...Object.entries(m.liquidationPrices).map(([u, lp]) => card(`${u} liquidation`, `↓ ${price(lp.down)} · ↑ ${price(lp.up)} (spot ${price(lp.spot)})`)),
    );

    const { edges, counts } = detail.histogram;
    const centers = counts.map((_, k) => (edges[k] + edges[k + 1]) / 2);
    chart(distribution, {
      grid: { left: 60, right: 20, top: 30, bottom: 40 },
      tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => String(v) },
      xAxis: { type: 'value', name: 'loss (USD)', nameLocation: 'middle', nameGap: 25, min: edges[0], max: edges[edges.length - 1], axisLabel: { formatter: (v: number) => compact(v) } },
      yAxis: { type: 'value', name: 'scenarios' },
      series: [
        {
          type: 'bar',
          name: 'scenarios',
          data: centers.map((c, k) => [c, counts[k]]),
          barWidth: '95%',
          itemStyle: { color: (p: { value: number[] }) => (p.value[0] >= detail.valueAtRisk ? PALETTE.loss : PALETTE.cross) },
          markLine: {
            symbol: 'none',
            label: { formatter: '{b}: {c}' },
            data: [
              { name: 'VaR', xAxis: Math.round(detail.valueAtRisk), lineStyle: { color: PALETTE.var, width: 2 }, label: { position: 'insideEndTop' } },
              { name: 'ES', xAxis: Math.round(detail.expectedShortfall), lineStyle: { color: PALETTE.es, width: 2, type: 'dashed' }, label: { position: 'insideEndBottom' } },
            ],
          },
        },
      ],
    });

    const contribs = (m.contributions ?? []).slice(0, 25).reverse();
    chart(contributions, {
      grid: { left: 170, right: 30, top: 10, bottom: 30 },
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      xAxis: { type: 'value', axisLabel: { formatter: (v: number) => compact(v) } },
      yAxis: { type: 'category', data: contribs.map((c) => `${c.instrument} ×${c.quantity}`), axisLabel: { fontSize: 10 } },
      series: [{ type: 'bar', data: contribs.map((c) => ({ value: c.contribution, itemStyle: { color: c.contribution >= 0 ? PALETTE.loss : PALETTE.portfolio } })) }],
    });

    const { spotMoves, volMoves } = result.stress;
    const cells = detail.stressGrid.flatMap((row, v) => row.map((pnl, s) => [s, v, pnl]));
    const extent = Math.max(1, ...cells.map((c) => Math.abs(c[2])));
    chart(heatmap, {
      grid: { left: 70, right: 20, top: 10, bottom: 80 },
      tooltip: { formatter: (p: { value: number[] }) => `spot ${percent(spotMoves[p.value[0]], 0)}, vol ${percent(volMoves[p.value[1]], 0)}: ${usd(p.value[2])} USD` },
      xAxis: { type: 'category', name: 'spot move', nameLocation: 'middle', nameGap: 28, data: spotMoves.map((x) => percent(x, 0)) },
      yAxis: { type: 'category', name: 'vol move', data: volMoves.map((x) => percent(x, 0)) },
      visualMap: { min: -extent, max: extent, calculable: true, orient: 'horizontal', left: 'center', bottom: 0, itemHeight: 200, inRange: { color: ['#b2182b', '#f7f7f7', '#2166ac'] }, formatter: (v: number) => compact(v) },
      series: [{ type: 'heatmap', data: cells, label: { show: spotMoves.length <= 13, formatter: (p: { value: number[] }) => compact(p.value[2]), fontSize: 9 } }],
    });

    const g = greeksTable(result, a);
    const mt = marginTable(result, a);
    replace(
      tables,
      h('figure', {}, h('figcaption', {}, 'Greeks by underlying'), table(g.head, g.rows.map((r) => [r[0], ...r.slice(1).map((x) => h('span', { class: 'num' }, compact(x as number)))]))),
      h('figure', {}, h('figcaption', {}, 'Margins'), table(mt.head, mt.rows.map((r) => [r[0], ...r.slice(1).map((x) => (r[0] === 'health' ? ratio(x === Infinity ? null : (x as number)) : usd(x as number)))]))),
      detail.stressExtras.length > 0 && h('figure', {}, h('figcaption', {}, 'Extreme moves'), table(['point', 'P&L'], detail.stressExtras.map((x) => [x.name, usd(x.pnl)]))),
    );
  }

  return {
    element,
    exportData() {
      const { result, accountDetail: detail } = store.get();
      const a = result && detail ? result.accounts.findIndex((x) => x.account === detail.account) : -1;
      if (!result || !detail || a < 0) return undefined;
      const g = greeksTable(result, a);
      const mt = marginTable(result, a);
      const { spotMoves, volMoves } = result.stress;
      const json = { account: detail.account, risk: result.accounts[a], margin: result.margins[a], histogram: detail.histogram, stress: { spotMoves, volMoves, pnl: detail.stressGrid, extremes: detail.stressExtras } };
      const csv = tidyCsv({
        histogram: { head: ['bin', 'from', 'to', 'scenarios'], rows: detail.histogram.counts.map((c, k) => [k, detail.histogram.edges[k], detail.histogram.edges[k + 1], c]) },
        contributions: { head: ['instrument', 'quantity', 'contribution'], rows: (result.margins[a].contributions ?? []).map((c) => [c.instrument, c.quantity, c.contribution]) },
        stress: { head: ['vol move', ...spotMoves.map((s) => `spot ${s}`)], rows: detail.stressGrid.map((row, v) => [volMoves[v], ...row]) },
        greeks: g,
        margins: mt,
      });
      return { name: `account-${detail.account}`, json, csv };
    },
  };
}
