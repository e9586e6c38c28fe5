/**
 * The crash replay of `margin stress`: the flash crash or an oracle replay run through the
 * liquidation cascade over the current book, step by step: prices (market, without impact,
 * oracle), liquidations, the insurance fund and bad debt; a slider walks the steps and lists
 * each step's liquidation events.
 */
import { BUILTIN_SCENARIOS } from 'webgpu-margin';
import type { Actions } from '../app/actions.js';
import type { CascadeResult } from '../engine/engineTypes.js';
import { toCsv } from '../export/csv.js';
import type { LabState } from '../state/labState.js';
import type { Store } from '../state/store.js';
import { chart, chartBox, PALETTE } from './charts.js';
import { h, replace, table } from './dom.js';
import { compact, price, usd } from './format.js';
import type { TabView } from './tabView.js';

function movedAssets(result: CascadeResult): string[] {
  const first = result.steps[0]?.prices ?? {};
  return Object.keys(first).filter((a) => result.steps.some((s) => s.prices[a].market !== first[a].market || s.prices[a].oracle !== first[a].oracle));
}

function stepRows(result: CascadeResult) {
  const assets = movedAssets(result);
  const head = ['step', ...assets.flatMap((a) => [`${a} market`, `${a} no impact`, `${a} oracle`]), 'liquidated USD', 'accounts', 'closed out', 'frozen', 'unhealthy', 'bad debt USD', 'fund USD'];
  const rows = result.steps.map((s) => [
    s.step,
    ...assets.flatMap((a) => [s.prices[a].market, s.prices[a].withoutImpact, s.prices[a].oracle]),
    s.liquidatedNotional, s.liquidatedAccounts, s.closedOutAccounts, s.frozenAccounts, s.unhealthyAccounts, s.badDebt, s.insuranceFund,
  ]);
  return { head, rows, assets };
}

export function crashView(store: Store<LabState>, actions: Actions): TabView {
  const scenario = h('select', { 'data-testid': 'crash-scenario' }, Object.keys(BUILTIN_SCENARIOS).map((name) => h('option', { value: name }, name)));
  const depth = h('input', { type: 'number', min: 0.01, max: 0.99, step: 0.05, placeholder: '0.3', class: 'short', 'aria-label': 'crash depth' });
  const steps = h('input', { type: 'number', min: 1, max: 100, step: 1, placeholder: '6', class: 'short', 'aria-label': 'crash steps' });
  const fund = h('input', { type: 'number', min: 0, step: 100000, placeholder: 'scenario default', 'aria-label': 'insurance fund' });
  const read = () => {
    const num = (input: HTMLInputElement) => (input.value.trim() === '' ? undefined : Number(input.value));
    const flash = scenario.value === 'flash-crash';
    store.set({ cascadeOptions: { scenario: scenario.value, crashDepth: flash ? num(depth) : undefined, crashSteps: flash ? num(steps) : undefined, insuranceFund: num(fund) } });
  };
  for (const input of [scenario, depth, steps, fund]) input.addEventListener('change', read);
  const runButton = h('button', { type: 'button', 'data-testid': 'crash-run', onclick: () => { read(); void actions.cascade(); } }, 'Replay');
  const slider = h('input', { type: 'range', min: 0, max: 0, step: 1, value: 0, class: 'wide', 'data-testid': 'crash-step' });
  slider.addEventListener('input', () => store.set({ cascadeStep: Number(slider.value) }));

  const cards = h('div', { class: 'summary-cards', 'data-testid': 'crash-summary' });
  const pricesChart = chartBox();
  const liquidationChart = chartBox();
  const fundChart = chartBox();
  const stepDetail = h('div', {});
  const empty = h('p', { class: 'empty' }, 'Run a book, then replay a crash over it.');
  const body = h(
    'div',
    {},
    cards,
    h('div', { class: 'cols' }, h('figure', {}, h('figcaption', {}, 'Prices over the path (market with impact, without, oracle)'), pricesChart), h('figure', {}, h('figcaption', {}, 'Liquidations per step'), liquidationChart)),
    h('div', { class: 'cols' }, h('figure', {}, h('figcaption', {}, 'Insurance fund and bad debt'), fundChart), h('figure', {}, h('figcaption', {}, 'Step'), slider, stepDetail)),
  );
  const element = h(
    'div',
    { class: 'view' },
    h('div', { class: 'toolbar' }, h('label', { class: 'inline' }, 'Scenario ', scenario), h('label', { class: 'inline' }, 'depth ', depth), h('label', { class: 'inline' }, 'steps ', steps), h('label', { class: 'inline' }, 'insurance fund ', fund), runButton),
    empty,
    body,
  );

  store.watch(
    (s) => [s.cascadeOptions, s.result],
    (o, result) => {
      scenario.value = o.scenario;
      depth.disabled = steps.disabled = o.scenario !== 'flash-crash';
      runButton.disabled = !result;
    },
  );
  store.watch(
    (s) => [s.cascade, s.tab],
    (result, tab) => {
      empty.hidden = !!result;
      body.hidden = !result;
      if (!result || tab !== 'crash') return;
      slider.max = String(result.steps.length - 1);
      const card = (label: string, value: string) => h('div', { class: 'card' }, h('span', { class: 'muted' }, label), h('strong', {}, value));
      replace(
        cards,
        card('Scenario', result.scenario),
        card('Liquidated', `${usd(result.liquidatedNotional)} USD · ${result.liquidatedAccounts} accounts`),
        card('Closed out', String(result.closedOutAccounts)),
        card('Bad debt', `${usd(result.badDebt)} USD`),
        card('Insurance fund', `${usd(result.insuranceFundStart)} → ${usd(result.insuranceFund)}`),
        card('ADL / uncovered', `${usd(result.adlAmount)} / ${usd(result.uncoveredBadDebt)}`),
        card('At t0', `${result.initialRisk.liquidatable} below health 1 (${result.initialRisk.description})`),
      );
      const { assets } = stepRows(result);
      const x = result.steps.map((s) => String(s.step));
      chart(pricesChart, {
        grid: { left: 70, right: 20, top: 40, bottom: 30 },
        legend: { type: 'scroll' },
        tooltip: { trigger: 'axis' },
        xAxis: { type: 'category', data: x, name: 'step' },
        yAxis: { type: 'value', name: 'price / today', scale: true },
        series: assets.flatMap((a) => {
          const base = result.steps[0].prices[a].withoutImpact || 1;
          return [
            { type: 'line', name: `${a} market`, data: result.steps.map((s) => s.prices[a].market / base), showSymbol: false },
            { type: 'line', name: `${a} no impact`, data: result.steps.map((s) => s.prices[a].withoutImpact / base), showSymbol: false, lineStyle: { type: 'dashed' } },
            { type: 'line', name: `${a} oracle`, data: result.steps.map((s) => s.prices[a].oracle / base), showSymbol: false, lineStyle: { type: 'dotted' } },
          ];
        }),
      });
      chart(liquidationChart, {
        grid: { left: 70, right: 50, top: 40, bottom: 30 },
        legend: {},
        tooltip: { trigger: 'axis' },
        xAxis: { type: 'category', data: x, name: 'step' },
        yAxis: [{ type: 'value', name: 'USD', axisLabel: { formatter: (v: number) => compact(v) } }, { type: 'value', name: 'accounts' }],
        series: [
          { type: 'bar', name: 'liquidated notional', data: result.steps.map((s) => s.liquidatedNotional), itemStyle: { color: PALETTE.loss } },
          { type: 'line', name: 'accounts liquidated', yAxisIndex: 1, data: result.steps.map((s) => s.liquidatedAccounts) },
          { type: 'line', name: 'unhealthy', yAxisIndex: 1, data: result.steps.map((s) => s.unhealthyAccounts), lineStyle: { type: 'dashed' } },
        ],
      });
      chart(fundChart, {
        grid: { left: 70, right: 20, top: 40, bottom: 30 },
        legend: {},
        tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => usd(v as number) },
        xAxis: { type: 'category', data: x, name: 'step' },
        yAxis: { type: 'value', axisLabel: { formatter: (v: number) => compact(v) } },
        series: [
          { type: 'line', name: 'insurance fund', data: result.steps.map((s) => s.insuranceFund), itemStyle: { color: PALETTE.portfolio } },
          { type: 'bar', name: 'bad debt', data: result.steps.map((s) => s.badDebt), itemStyle: { color: PALETTE.loss } },
        ],
      });
    },
  );
  store.watch(
    (s) => [s.cascade, s.cascadeStep],
    (result, step) => {
      if (!result) return replace(stepDetail);
      const k = Math.min(step, result.steps.length - 1);
      slider.value = String(k);
      const s = result.steps[k];
      const events = result.events.filter((e) => e.step === s.step && e.kind !== 'start');
      replace(
        stepDetail,
        h('p', {}, `Step ${s.step}: `, Object.entries(s.prices).map(([a, p]) => `${a} ${price(p.market)} (oracle ${price(p.oracle)}, ${p.status}) `)),
        h('p', { class: 'muted' }, `liquidated ${usd(s.liquidatedNotional)} USD over ${s.liquidatedAccounts} accounts, ${s.closedOutAccounts} closed out, ${s.frozenAccounts} frozen; bad debt ${usd(s.badDebt)}; fund ${usd(s.insuranceFund)}`),
        table(
          ['event', 'account', 'detail'],
          events.slice(0, 200).map((e) => [e.kind, e.account, 'instrument' in e ? `${e.instrument} ${e.quantity}` : 'amount' in e ? usd(e.amount) : 'reason' in e ? e.reason : '']),
        ),
        events.length > 200 && h('p', { class: 'muted' }, `… ${events.length - 200} more events (in the export)`),
      );
    },
  );

  return {
    element,
    exportData() {
      const result = store.get().cascade;
      if (!result) return undefined;
      const { head, rows } = stepRows(result);
      return { name: `crash-${result.scenario}`, json: result, csv: toCsv(head, rows) };
    },
  };
}
