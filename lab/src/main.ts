/**
 * The browser risk lab: the page's layout (header with the backend, sidebar with inputs and
 * settings, tabs of views) wired to one store and the engine worker. Nothing computes here:
 * the engine runs in the worker (src/engine/engineWorker.ts).
 */
import './lab.css';
import { createActions } from './app/actions.js';
import { download } from './export/download.js';
import { initialState, type LabState, type Tab, TABS } from './state/labState.js';
import { linkOf, snapshot, stateFromHash } from './state/permalink.js';
import { Store } from './state/store.js';
import { accountsView } from './views/accountsView.js';
import { accountView } from './views/accountView.js';
import { backendBadge } from './views/backendBadge.js';
import { bookView } from './views/bookView.js';
import { crashView } from './views/crashView.js';
import { h } from './views/dom.js';
import { historyView } from './views/historyView.js';
import { acceptDrops, inputsPanel } from './views/inputsPanel.js';
import { settingsPanel } from './views/settingsPanel.js';
import type { TabView } from './views/tabView.js';
import { whatIfView } from './views/whatIfView.js';

const store = new Store<LabState>(initialState());
const actions = createActions(store);
const views: Record<Tab, TabView> = {
  accounts: accountsView(store, actions),
  account: accountView(store, actions),
  book: bookView(store),
  whatif: whatIfView(store, actions),
  crash: crashView(store, actions),
  history: historyView(store),
};

function exportTab(format: 'json' | 'csv') {
  const data = views[store.get().tab].exportData();
  if (!data) return;
  if (format === 'json') download(`${data.name}.json`, `${JSON.stringify(data.json, null, 2)}\n`, 'application/json');
  else download(`${data.name}.csv`, data.csv, 'text/csv');
}

const tabButtons = TABS.map(({ id, label }) => h('button', { type: 'button', role: 'tab', class: 'tab', 'data-tab': id, onclick: () => store.set({ tab: id }) }, label));
const linkNote = h('span', { class: 'muted', 'data-testid': 'link-note' });
const header = h(
  'header',
  {},
  h('h1', {}, 'Risk lab ', h('span', { class: 'muted' }, 'webgpu-margin')),
  backendBadge(store),
  h(
    'div',
    { class: 'row' },
    h('button', { type: 'button', class: 'secondary', 'data-testid': 'export-json', onclick: () => exportTab('json') }, 'Export JSON'),
    h('button', { type: 'button', class: 'secondary', 'data-testid': 'export-csv', onclick: () => exportTab('csv') }, 'Export CSV'),
    h(
      'button',
      {
        type: 'button',
        class: 'secondary',
        'data-testid': 'copy-link',
        onclick: async () => {
          const link = linkOf(store.get());
          history.replaceState(null, '', link);
          linkNote.textContent = await navigator.clipboard?.writeText(link).then(() => 'link copied', () => 'link in the address bar');
        },
      },
      'Link',
    ),
    h('button', { type: 'button', class: 'secondary', 'data-testid': 'save-state', onclick: () => download('risk-lab-state.json', `${JSON.stringify(snapshot(store.get(), true))}\n`, 'application/json') }, 'Save state'),
    linkNote,
  ),
);
const main = h('main', {}, h('nav', { role: 'tablist' }, tabButtons), ...TABS.map(({ id }) => h('div', { class: 'tab-panel', 'data-panel': id }, views[id].element)));
const app = h('div', { class: 'app' }, header, h('aside', {}, inputsPanel(store, actions), settingsPanel(store, actions)), main);
document.body.appendChild(app);
acceptDrops(document.body, actions);

store.watch(
  (s) => [s.tab],
  (tab) => {
    for (const b of tabButtons) b.setAttribute('aria-selected', String(b.dataset.tab === tab));
    for (const p of main.querySelectorAll<HTMLElement>('.tab-panel')) p.hidden = p.dataset.panel !== tab;
  },
);
// While a job runs, the elapsed time moves even between progress messages.
setInterval(() => {
  const { job } = store.get();
  if (job) store.set({ job: { ...job } });
}, 500);

const saved = stateFromHash(location.hash);
if (saved) void actions.restore(saved);
else void actions.probe();

/** For tests and the console: the store (read-only use). */
(globalThis as unknown as { riskLab: unknown }).riskLab = { store, actions };
