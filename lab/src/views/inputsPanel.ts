/**
 * The inputs: the sample venue in one click, a generated venue of any size, or the user's
 * files (drop anywhere on the page, or pick): each placed by kind, validated with the engine's
 * schemas, its problems listed with file, field path and value.
 */
import type { Actions } from '../app/actions.js';
import type { InputFile, InputIssue, InputRole } from '../engine/protocol.js';
import type { LabState } from '../state/labState.js';
import type { Store } from '../state/store.js';
import { h, replace, table } from './dom.js';

export async function readFiles(list: FileList | File[]): Promise<InputFile[]> {
  return Promise.all([...list].map(async (file) => ({ name: file.name, text: await file.text() })));
}

export function issuesTable(issues: InputIssue[]): HTMLElement {
  return h(
    'div',
    { class: 'issues', role: 'alert' },
    table(['file', 'field', 'value', 'problem'], issues.map((i) => [i.source, h('code', {}, i.field), h('code', {}, i.value), i.reason]), { 'data-testid': 'input-issues' }),
  );
}

export function inputsPanel(store: Store<LabState>, actions: Actions): HTMLElement {
  const picker = h('input', { type: 'file', multiple: true, accept: '.json,.csv,application/json,text/csv', 'data-testid': 'file-picker', hidden: true });
  picker.addEventListener('change', async () => {
    if (picker.files) await actions.addFiles(await readFiles(picker.files));
    picker.value = '';
  });
  const files = h('div', { class: 'files' });
  const accounts = h('input', { type: 'number', min: 1, max: 100000, step: 1, value: store.get().generated.accounts, 'aria-label': 'accounts', class: 'short' });
  accounts.addEventListener('change', () => store.set({ generated: { ...store.get().generated, accounts: Math.max(1, Math.round(Number(accounts.value) || 1)) } }));

  const sourceLabel = h('p', { class: 'source', 'data-testid': 'source' });
  const panel = h(
    'section',
    { class: 'panel' },
    h('h2', {}, 'Inputs'),
    sourceLabel,
    h(
      'div',
      { class: 'row' },
      h('button', { type: 'button', 'data-testid': 'load-sample', onclick: () => { store.set({ source: 'sample' }); void actions.run(); } }, 'Run the sample venue'),
    ),
    h(
      'div',
      { class: 'row' },
      h('button', { type: 'button', class: 'secondary', 'data-testid': 'load-generated', onclick: () => { store.set({ source: 'generated' }); void actions.run(); } }, 'Generated venue'),
      accounts,
      h('span', { class: 'muted' }, 'accounts'),
    ),
    h(
      'div',
      { class: 'dropzone', 'data-testid': 'dropzone', onclick: () => picker.click() },
      h('strong', {}, 'Drop files here'),
      ' or click to pick: market, book (JSON or CSV), params; nightly report.json / pack.json; backtest JSON; a saved lab state',
    ),
    picker,
    files,
  );

  store.watch(
    (s) => [s.source, s.files, s.fileIssues, s.generated],
    (source, entries, fileIssues, generated) => {
      const names = (['market', 'book', 'params'] as InputRole[]).map((role) => `${role}: ${entries[role]?.file.name ?? 'sample'}`);
      sourceLabel.textContent =
        source === 'sample' ? 'The embedded sample venue (254 accounts).' : source === 'generated' ? `A generated venue of ${generated.accounts} accounts.` : `Your files (${names.join(', ')}).`;
      const rows = (['market', 'book', 'params'] as InputRole[]).flatMap((role) => {
        const entry = entries[role];
        if (!entry) return [];
        return [
          h(
            'div',
            { class: `file ${entry.issues.length ? 'bad' : 'ok'}`, 'data-testid': `file-${role}` },
            h('span', { class: 'role' }, role),
            h('span', { class: 'name' }, entry.file.name),
            h('span', { class: 'muted' }, entry.issues.length ? `${entry.issues.length} problem${entry.issues.length > 1 ? 's' : ''}` : entry.summary),
            h('button', { type: 'button', class: 'link', title: 'remove', onclick: () => actions.removeFile(role) }, '×'),
          ),
        ];
      });
      const issues = [...Object.values(entries).flatMap((e) => e?.issues ?? []), ...fileIssues];
      replace(files, rows, issues.length > 0 && issuesTable(issues));
    },
  );
  return panel;
}

/** Files dropped anywhere on the page go to the inputs. */
export function acceptDrops(target: HTMLElement, actions: Actions): void {
  target.addEventListener('dragover', (event) => {
    event.preventDefault();
    target.classList.add('dragging');
  });
  target.addEventListener('dragleave', () => target.classList.remove('dragging'));
  target.addEventListener('drop', async (event) => {
    event.preventDefault();
    target.classList.remove('dragging');
    if (event.dataTransfer?.files.length) await actions.addFiles(await readFiles(event.dataTransfer.files));
  });
}
