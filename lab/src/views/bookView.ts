/**
 * The whole book: capital efficiency (total initial and maintenance margin under isolated,
 * cross and portfolio margining, and what netting frees), and margin by underlying: the book's
 * ES allocated to underlyings by the accounts' Euler contributions (they add up to Σ ES), with
 * the net Greeks of each.
 */
import type { RunSummary } from '../engine/protocol.js';
import { tidyCsv } from '../export/csv.js';
import type { LabState } from '../state/labState.js';
import type { Store } from '../state/store.js';
import { chart, chartBox, PALETTE } from './charts.js';
import { h, replace, table } from './dom.js';
import { compact, percent, usd } from './format.js';
import type { TabView } from './tabView.js';

const MODELS = ['isolated', 'cross', 'portfolio'] as const;

export function byUnderlying(result: RunSummary) {
  const rows = new Map<string, { es: number; delta: number; vega: number; accounts: number }>();
  const row = (u: string) => rows.get(u) ?? rows.set(u, { es: 0, delta: 0, vega: 0, accounts: 0 }).get(u)!;
  result.margins.forEach((m, a) => {
    const touched = new Set<string>();
    for (const c of m.contributions ?? []) {
      const u = result.instrumentUnderlying[c.instrument] ?? c.instrument;
      row(u).es += c.contribution;
      touched.add(u);
    }
    for (const [u, g] of Object.entries(result.accounts[a].greeks)) {
      row(u).delta += g.delta;
      row(u).vega += g.vega;
      touched.add(u);
    }
    for (const u of touched) row(u).accounts++;
  });
  return [...rows].sort((x, y) => y[1].es - x[1].es).map(([underlying, v]) => ({ underlying, ...v }));
}

export function bookView(store: Store<LabState>): TabView {
  const cards = h('div', { class: 'summary-cards', 'data-testid': 'book-summary' });
  const efficiency = chartBox();
  const underlyings = chartBox();
  const detail = h('div', {});
  const empty = h('p', { class: 'empty' }, 'Run a book to see its capital efficiency.');
  const body = h(
    'div',
    {},
    cards,
    h(
      'div',
      { class: 'cols' },
      h('figure', {}, h('figcaption', {}, 'Capital efficiency: total margin by model (USD)'), efficiency),
      h('figure', {}, h('figcaption', {}, 'Margin by underlying: ES allocated by Euler contributions (USD)'), underlyings),
    ),
    detail,
  );
  const element = h('div', { class: 'view' }, empty, body);

  store.watch(
    (s) => [s.result, s.tab],
    (result, tab) => {
      empty.hidden = !!result;
      body.hidden = !result;
      if (!result || tab !== 'book') return;
      const s = result.summary;
      const card = (label: string, value: string) => h('div', { class: 'card' }, h('span', { class: 'muted' }, label), h('strong', {}, value));
      replace(
        cards,
        card('Accounts', s.accounts.toLocaleString('en-US')),
        card('Equity', usd(s.equity)),
        card('Portfolio vs isolated', `−${s.portfolioSavingVsIsolatedPercent.toFixed(1)}%`),
        card('Portfolio vs cross', `−${s.portfolioSavingVsCrossPercent.toFixed(1)}%`),
        card('Cross vs isolated', `−${s.crossSavingVsIsolatedPercent.toFixed(1)}%`),
        card('Liquidatable', `${s.liquidatable} (${percent(s.liquidatable / Math.max(1, s.accounts))})`),
      );
      chart(efficiency, {
        grid: { left: 80, right: 20, top: 30, bottom: 30 },
        legend: {},
        tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => usd(v as number) },
        xAxis: { type: 'category', data: [...MODELS] },
        yAxis: { type: 'value', axisLabel: { formatter: (v: number) => compact(v) } },
        series: [
          { type: 'bar', name: 'initial', data: MODELS.map((m) => ({ value: s.initial[m], itemStyle: { color: PALETTE[m] } })) },
          { type: 'bar', name: 'maintenance', data: MODELS.map((m) => s.maintenance[m]), itemStyle: { color: '#c7ced6' } },
        ],
      });
      const rows = byUnderlying(result);
      chart(underlyings, {
        grid: { left: 80, right: 20, top: 30, bottom: 30 },
        tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => usd(v as number) },
        xAxis: { type: 'category', data: rows.map((r) => r.underlying) },
        yAxis: { type: 'value', axisLabel: { formatter: (v: number) => compact(v) } },
        series: [{ type: 'bar', name: 'ES contribution', data: rows.map((r) => ({ value: r.es, itemStyle: { color: r.es >= 0 ? PALETTE.loss : PALETTE.portfolio } })) }],
      });
      replace(
        detail,
        h(
          'div',
          { class: 'cols' },
          h('figure', {}, h('figcaption', {}, 'Totals by model'), table(['', ...MODELS], [['initial', ...MODELS.map((m) => usd(s.initial[m]))], ['maintenance', ...MODELS.map((m) => usd(s.maintenance[m]))]])),
          h('figure', {}, h('figcaption', {}, 'By underlying'), table(['underlying', 'ES contribution', 'net delta', 'net vega', 'accounts'], rows.map((r) => [r.underlying, usd(r.es), compact(r.delta), compact(r.vega), r.accounts]))),
        ),
      );
    },
  );

  return {
    element,
    exportData() {
      const result = store.get().result;
      if (!result) return undefined;
      const s = result.summary;
      const rows = byUnderlying(result);
      return {
        name: 'book',
        json: { summary: s, byUnderlying: rows },
        csv: tidyCsv({
          models: { head: ['model', 'initial', 'maintenance'], rows: MODELS.map((m) => [m, s.initial[m], s.maintenance[m]]) },
          underlyings: { head: ['underlying', 'esContribution', 'netDelta', 'netVega', 'accounts'], rows: rows.map((r) => [r.underlying, r.es, r.delta, r.vega, r.accounts]) },
        }),
      };
    },
  };
}
