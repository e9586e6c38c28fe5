/**
 * What-if: trades added to an account, evaluated at once from the run's cached instrument P&L
 * block (the engine's buildMarginCacheOn + whatIf, as `margin whatif` does): each model's
 * initial margin before and after, the incremental margin, health, premium and the largest ES
 * contributors after.
 */
import type { Actions } from '../app/actions.js';
import type { WhatIfResult } from '../engine/engineTypes.js';
import { tidyCsv } from '../export/csv.js';
import type { LabState } from '../state/labState.js';
import type { Store } from '../state/store.js';
import { h, replace, table } from './dom.js';
import { ratio, seconds, signedUsd, usd } from './format.js';
import { issuesTable } from './inputsPanel.js';
import type { TabView } from './tabView.js';

const MODELS = ['isolated', 'cross', 'portfolio'] as const;

function rowsOf(r: WhatIfResult) {
  return [
    ['initial before', ...MODELS.map((m) => r.before.margin[m].initial)],
    ['initial after', ...MODELS.map((m) => r.after.margin[m].initial)],
    ['incremental initial', ...MODELS.map((m) => r.incrementalInitial[m])],
    ['maintenance after', ...MODELS.map((m) => r.after.margin[m].maintenance)],
    ['health before', ...MODELS.map((m) => r.before.margin[m].healthFactor)],
    ['health after', ...MODELS.map((m) => r.after.margin[m].healthFactor)],
  ] as [string, ...(number | null)[]][];
}

export function whatIfView(store: Store<LabState>, actions: Actions): TabView {
  const account = h('select', { 'data-testid': 'whatif-account' });
  const instruments = h('datalist', { id: 'listed-instruments' });
  const tradeRows = h('div', { class: 'trades' });
  const output = h('div', { 'data-testid': 'whatif-result' });
  const empty = h('p', { class: 'empty' }, 'Run a book first: the what-if re-aggregates its cached P&L block.');
  let timer: ReturnType<typeof setTimeout> | undefined;

  const readTrades = () =>
    [...tradeRows.querySelectorAll<HTMLElement>('.trade')].map((row) => ({
      instrument: row.querySelector<HTMLInputElement>('input[name=instrument]')!.value.trim(),
      quantity: Number(row.querySelector<HTMLInputElement>('input[name=quantity]')!.value),
    }));
  const evaluate = () => {
    const trades = readTrades().filter((t) => t.instrument !== '' && Number.isFinite(t.quantity) && t.quantity !== 0);
    if (account.value && trades.length > 0) void actions.whatIf(account.value, trades);
  };
  const schedule = () => {
    clearTimeout(timer);
    timer = setTimeout(evaluate, 250);
  };
  const addRow = (instrument = '', quantity = '') => {
    const row = h(
      'div',
      { class: 'trade row' },
      h('input', { name: 'instrument', list: 'listed-instruments', placeholder: 'instrument (e.g. BTC-PERPETUAL)', value: instrument, class: 'wide', 'data-testid': 'whatif-instrument' }),
      h('input', { name: 'quantity', type: 'number', step: 'any', placeholder: 'quantity (+ buy, − sell)', value: quantity, class: 'short', 'data-testid': 'whatif-quantity' }),
      h('button', { type: 'button', class: 'link', title: 'remove', onclick: () => { row.remove(); schedule(); } }, '×'),
    );
    row.addEventListener('input', schedule);
    tradeRows.appendChild(row);
  };
  account.addEventListener('change', () => {
    void actions.selectAccount(account.value);
    schedule();
  });
  const body = h(
    'div',
    {},
    h('div', { class: 'toolbar' }, h('label', { class: 'inline' }, 'Account ', account), h('button', { type: 'button', class: 'secondary', onclick: () => addRow() }, 'Add a trade'), h('button', { type: 'button', 'data-testid': 'whatif-run', onclick: evaluate }, 'Evaluate')),
    instruments,
    tradeRows,
    output,
  );
  const element = h('div', { class: 'view' }, empty, body);

  store.watch(
    (s) => [s.result],
    (result) => {
      empty.hidden = !!result;
      body.hidden = !result;
      replace(account, (result?.accounts ?? []).map((a) => h('option', { value: a.account }, a.account)));
      replace(instruments, (result?.listedInstruments ?? []).map((id) => h('option', { value: id })));
      if (store.get().selectedAccount) account.value = store.get().selectedAccount!;
      if (tradeRows.childElementCount === 0) {
        const saved = store.get().whatIf?.trades ?? [];
        if (saved.length === 0) addRow();
        for (const t of saved) addRow(t.instrument, String(t.quantity));
      }
    },
  );
  store.watch(
    (s) => [s.selectedAccount],
    (selected) => {
      if (selected) account.value = selected;
    },
  );
  store.watch(
    (s) => [s.whatIf],
    (state) => {
      if (!state) return replace(output);
      if (state.error) return replace(output, h('p', { class: 'failed' }, state.error), state.issues?.length ? issuesTable(state.issues) : null);
      const r = state.result;
      if (!r) return replace(output, h('p', { class: 'muted' }, 'evaluating…'));
      const cell = (label: string, v: number | null) => (label.startsWith('health') ? ratio(v) : label.startsWith('incremental') ? signedUsd(v ?? 0) : usd(v ?? 0));
      replace(
        output,
        h('p', {}, `What-if ${r.account}: ${r.trades.map((t) => `${t.instrument} ${t.quantity > 0 ? '+' : ''}${t.quantity}`).join(', ')}; premium ${signedUsd(r.premium)} USD paid from collateral`),
        table(['', ...MODELS], rowsOf(r).map(([label, ...values]) => [label, ...values.map((v) => cell(label, v))]), { 'data-testid': 'whatif-table' }),
        h(
          'p',
          { class: 'muted' },
          `equity ${usd(r.before.equity)} → ${usd(r.after.equity)}; free collateral (${r.after.enforced}) ${usd(r.before.freeCollateral)} → ${usd(r.after.freeCollateral)}; ` +
            `ES ${usd(r.before.margin.portfolio.expectedShortfall)} → ${usd(r.after.margin.portfolio.expectedShortfall)}; ` +
            `top ES contributors after: ${(r.after.contributions ?? []).slice(0, 3).map((c) => `${c.instrument} ${usd(c.contribution)}`).join(', ')}; evaluated in ${seconds(r.evaluationMs)}`,
        ),
      );
    },
  );

  return {
    element,
    exportData() {
      const r = store.get().whatIf?.result;
      if (!r) return undefined;
      return { name: `whatif-${r.account}`, json: r, csv: tidyCsv({ whatif: { head: ['', ...MODELS], rows: rowsOf(r) } }) };
    },
  };
}
