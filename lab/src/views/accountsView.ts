/**
 * Every account in one virtualized grid (AG Grid Community): VaR, ES, the three initial
 * margins, maintenance, equity, health, and the liquidation prices per underlying; sortable,
 * filterable per column and by a quick filter. A click opens the account.
 */
import { AllCommunityModule, type ColDef, createGrid, type GridApi, ModuleRegistry, themeQuartz } from 'ag-grid-community';
import type { Actions } from '../app/actions.js';
import type { RunSummary } from '../engine/protocol.js';
import { toCsv } from '../export/csv.js';
import type { LabState } from '../state/labState.js';
import type { Store } from '../state/store.js';
import { h } from './dom.js';
import { price, ratio, usd } from './format.js';
import type { TabView } from './tabView.js';

ModuleRegistry.registerModules([AllCommunityModule]);

export interface AccountRow {
  account: string;
  positions: number;
  equity: number;
  valueAtRisk: number;
  expectedShortfall: number;
  stressLoss: number;
  isolated: number;
  cross: number;
  portfolio: number;
  maintenance: number;
  health: number | null;
  liquidatable: boolean;
  [liquidation: `liq:${string}`]: number | null;
}

export function accountRows(result: RunSummary): AccountRow[] {
  return result.accounts.map((risk, a) => {
    const m = result.margins[a];
    const row: AccountRow = {
      account: risk.account,
      positions: risk.positions,
      equity: m.equity,
      valueAtRisk: risk.valueAtRisk,
      expectedShortfall: risk.expectedShortfall,
      stressLoss: risk.stressLoss,
      isolated: m.margin.isolated.initial,
      cross: m.margin.cross.initial,
      portfolio: m.margin.portfolio.initial,
      maintenance: m.margin[m.enforced].maintenance,
      health: m.healthFactor,
      liquidatable: m.liquidatable,
    };
    for (const u of result.underlyings) {
      row[`liq:${u}:down`] = m.liquidationPrices[u]?.down ?? null;
      row[`liq:${u}:up`] = m.liquidationPrices[u]?.up ?? null;
    }
    return row;
  });
}

const money = (field: keyof AccountRow & string, headerName: string, width = 120): ColDef<AccountRow> => ({
  field: field as never,
  headerName,
  width,
  type: 'numericColumn',
  filter: 'agNumberColumnFilter',
  valueFormatter: (p) => usd(p.value as number),
});

function columns(result: RunSummary): ColDef<AccountRow>[] {
  return [
    { field: 'account', headerName: 'Account', pinned: 'left', width: 130, filter: 'agTextColumnFilter' },
    { field: 'positions', headerName: 'Pos.', width: 80, type: 'numericColumn', filter: 'agNumberColumnFilter' },
    money('equity', 'Equity'),
    money('valueAtRisk', 'VaR'),
    money('expectedShortfall', 'ES'),
    money('stressLoss', 'Stress loss'),
    money('isolated', 'IM isolated'),
    money('cross', 'IM cross'),
    money('portfolio', 'IM portfolio'),
    money('maintenance', 'MM'),
    {
      field: 'health',
      headerName: 'Health',
      width: 100,
      type: 'numericColumn',
      filter: 'agNumberColumnFilter',
      valueFormatter: (p) => ratio(p.value as number | null),
      comparator: (a: number | null, b: number | null) => (a ?? Infinity) - (b ?? Infinity),
      cellClassRules: { 'cell-bad': (p) => p.value !== null && (p.value as number) < 1, 'cell-warn': (p) => p.value !== null && (p.value as number) >= 1 && (p.value as number) < 1.5 },
    },
    ...result.underlyings.flatMap((u): ColDef<AccountRow>[] =>
      (['down', 'up'] as const).map((side) => ({
        colId: `liq:${u}:${side}`,
        headerName: `${u} liq. ${side === 'down' ? '↓' : '↑'}`,
        width: 115,
        type: 'numericColumn',
        filter: 'agNumberColumnFilter',
        valueGetter: (p) => (p.data ? p.data[`liq:${u}:${side}`] : null),
        valueFormatter: (p) => price(p.value as number | null),
      })),
    ),
  ];
}

export function accountsView(store: Store<LabState>, actions: Actions): TabView {
  const quick = h('input', { type: 'search', placeholder: 'Filter accounts (any column)…', 'data-testid': 'accounts-filter', class: 'wide' });
  const count = h('span', { class: 'muted', 'data-testid': 'accounts-count' });
  const gridBox = h('div', { class: 'grid-box', 'data-testid': 'accounts-grid' });
  const empty = h('p', { class: 'empty' }, 'Run the sample venue or your book to see every account.');
  const element = h('div', { class: 'view' }, h('div', { class: 'toolbar' }, quick, count), empty, gridBox);
  let api: GridApi<AccountRow> | undefined;
  const updateCount = () => {
    if (api) count.textContent = `${api.getDisplayedRowCount().toLocaleString('en-US')} of ${store.get().result?.accounts.length.toLocaleString('en-US')} accounts`;
  };
  quick.addEventListener('input', () => api?.setGridOption('quickFilterText', quick.value));

  store.watch(
    (s) => [s.result],
    (result) => {
      empty.hidden = !!result;
      gridBox.hidden = !result;
      if (!result) return;
      const rows = accountRows(result);
      if (!api) {
        api = createGrid<AccountRow>(gridBox, {
          theme: themeQuartz.withParams({ fontSize: 13, headerFontSize: 12, spacing: 5 }),
          columnDefs: columns(result),
          rowData: rows,
          defaultColDef: { sortable: true, resizable: true, floatingFilter: false },
          getRowId: (p) => p.data.account,
          rowClassRules: { 'row-selected': (p) => p.data?.account === store.get().selectedAccount },
          onRowClicked: (event) => event.data && void actions.selectAccount(event.data.account, 'account'),
          onModelUpdated: updateCount,
          quickFilterText: quick.value,
        });
      } else {
        api.setGridOption('columnDefs', columns(result));
        api.setGridOption('rowData', rows);
      }
      updateCount();
    },
  );
  store.watch(
    (s) => [s.selectedAccount],
    (_selected) => api?.redrawRows(),
  );

  return {
    element,
    exportData() {
      const result = store.get().result;
      if (!api || !result) return undefined;
      const displayed: AccountRow[] = [];
      api.forEachNodeAfterFilterAndSort((node) => node.data && displayed.push(node.data));
      const keys = Object.keys(displayed[0] ?? accountRows(result)[0] ?? {}) as (keyof AccountRow)[];
      return { name: 'accounts', json: displayed, csv: toCsv(keys, displayed.map((r) => keys.map((k) => r[k]))) };
    },
  };
}
