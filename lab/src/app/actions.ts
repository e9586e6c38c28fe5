/**
 * What the user can do, as functions over the store and the engine worker: load inputs, run,
 * cancel, pick an account, try a trade, replay a crash, load nights and backtests, save and
 * restore the page. The views call these and re-render from the store.
 */
import { EngineClient, EngineError } from '../engine/client.js';
import type { InputFile, InputIssue, InputRole, Stage } from '../engine/protocol.js';
import { classifyFile } from '../inputs/classify.js';
import { addNight, readBacktest, readNightPack, readNightReport } from '../inputs/historyFiles.js';
import { inputSourceOf, type Job, type LabState } from '../state/labState.js';
import { checkSaved, type SavedState } from '../state/permalink.js';
import type { Store } from '../state/store.js';

export type Actions = ReturnType<typeof createActions>;

/** WebGPU is used only when this page has navigator.gpu (the worker asks its own, then). */
const webgpuInPage = () => 'gpu' in navigator && navigator.gpu !== undefined;

const issueOfError = (source: string, error: unknown): InputIssue => ({ source, field: '(file)', value: '', reason: error instanceof Error ? error.message : String(error) });

export function createActions(store: Store<LabState>, client = new EngineClient()) {
  const progress = (kind: Job['kind']) => {
    const startedAt = performance.now();
    return (stage: Stage, done: number, total: number) => store.set({ job: { kind, stage, done, total, startedAt } });
  };

  async function probe(): Promise<void> {
    try {
      store.set({ backend: await client.request('probe', { backend: store.get().settings.backend, webgpuInPage: webgpuInPage() }), backendError: undefined });
    } catch (error) {
      store.set({ backend: undefined, backendError: error instanceof Error ? error.message : String(error) });
    }
  }

  async function addInputFile(file: InputFile, role: InputRole): Promise<void> {
    const entry = { file, role, issues: [] as InputIssue[], summary: undefined as string | undefined };
    try {
      entry.summary = (await client.request('validate', { file, role })).summary;
    } catch (error) {
      entry.issues = error instanceof EngineError && error.issues ? error.issues : [issueOfError(file.name, error)];
    }
    store.set({ files: { ...store.get().files, [role]: entry }, source: 'files' });
  }

  async function addFiles(files: InputFile[]): Promise<void> {
    const fileIssues: InputIssue[] = [];
    for (const file of files) {
      const { kind, reason, json } = classifyFile(file);
      const object = json as Record<string, unknown>;
      if (!kind) fileIssues.push({ source: file.name, field: '(file)', value: '', reason: reason ?? 'unknown file' });
      else if (kind === 'market' || kind === 'book' || kind === 'params') await addInputFile(file, kind);
      else if (kind === 'lab-state') {
        const saved = checkSaved(json);
        if (saved) await restore(saved);
        else fileIssues.push({ source: file.name, field: 'labState', value: '', reason: 'not a state file this lab can restore' });
      } else if (kind === 'backtest') {
        const read = readBacktest(file.name, object);
        if ('source' in read) fileIssues.push(read);
        else store.set({ backtest: read, tab: 'history' });
      } else {
        const read = kind === 'night-report' ? readNightReport(file.name, object) : readNightPack(file.name, object);
        if ('source' in read) fileIssues.push(read);
        else store.set({ nights: addNight(store.get().nights, read.asOf, file.name, read), tab: 'history' });
      }
    }
    store.set({ fileIssues });
  }

  function removeFile(role: InputRole): void {
    const files = { ...store.get().files };
    delete files[role];
    store.set({ files });
  }

  async function run(): Promise<void> {
    const state = store.get();
    if (state.job) return;
    const invalid = Object.values(state.files).filter((f) => f && f.issues.length > 0);
    if (state.source === 'files' && invalid.length > 0) {
      store.set({ status: { kind: 'failed', message: 'fix the input files first', issues: invalid.flatMap((f) => f!.issues) } });
      return;
    }
    store.set({ job: { kind: 'run', stage: 'validate', done: 0, total: 1, startedAt: performance.now() }, status: undefined });
    try {
      const result = await client.request('run', { source: inputSourceOf(state), settings: state.settings, webgpuInPage: webgpuInPage() }, progress('run'));
      const selected = state.selectedAccount && result.accounts.some((a) => a.account === state.selectedAccount) ? state.selectedAccount : undefined;
      store.set({
        job: undefined,
        result,
        backend: result.backend,
        backendError: undefined,
        accountDetail: undefined,
        cascade: undefined,
        selectedAccount: selected,
        whatIf: state.whatIf && { trades: state.whatIf.trades },
        status: { kind: 'done', message: `${result.accounts.length} accounts × ${result.scenarios.toLocaleString('en-US')} scenarios on ${result.backend.description}` },
      });
      if (selected) await selectAccount(selected);
    } catch (error) {
      const e = error instanceof EngineError ? error : undefined;
      store.set({
        job: undefined,
        status: { kind: e?.cancelled ? 'cancelled' : 'failed', message: e?.cancelled ? 'run cancelled' : error instanceof Error ? error.message : String(error), issues: e?.issues },
      });
    }
  }

  function cancel(): void {
    if (store.get().job) client.cancel();
  }

  async function selectAccount(account: string, tab?: LabState['tab']): Promise<void> {
    store.set({ selectedAccount: account, ...(tab ? { tab } : {}) });
    if (!store.get().result) return;
    try {
      const detail = await client.request('account', { account });
      if (store.get().selectedAccount === account) store.set({ accountDetail: detail });
    } catch (error) {
      store.set({ status: { kind: 'failed', message: error instanceof Error ? error.message : String(error) } });
    }
  }

  async function whatIf(account: string, trades: { instrument: string; quantity: number }[]): Promise<void> {
    store.set({ whatIf: { trades } });
    try {
      store.set({ whatIf: { trades, result: await client.request('whatif', { account, trades }) } });
    } catch (error) {
      const e = error instanceof EngineError ? error : undefined;
      store.set({ whatIf: { trades, error: error instanceof Error ? error.message : String(error), issues: e?.issues } });
    }
  }

  async function cascade(): Promise<void> {
    const state = store.get();
    if (state.job || !state.result) return;
    store.set({ job: { kind: 'cascade', stage: 'risk', done: 0, total: 1, startedAt: performance.now() } });
    try {
      const result = await client.request('cascade', { options: state.cascadeOptions }, progress('cascade'));
      store.set({ job: undefined, cascade: result, cascadeStep: result.steps.length - 1 });
    } catch (error) {
      const e = error instanceof EngineError ? error : undefined;
      store.set({ job: undefined, status: { kind: e?.cancelled ? 'cancelled' : 'failed', message: error instanceof Error ? error.message : String(error), issues: e?.issues } });
    }
  }

  /** Applies a saved state (from a link or a file) and runs it when its inputs are all there. */
  async function restore(saved: SavedState): Promise<void> {
    store.set({
      source: saved.source,
      generated: saved.generated,
      settings: saved.settings,
      selectedAccount: saved.selectedAccount,
      tab: saved.tab,
      cascadeOptions: saved.cascade,
      whatIf: saved.trades ? { trades: saved.trades } : undefined,
    });
    if (saved.files) {
      store.set({ files: {} });
      for (const role of ['market', 'book', 'params'] as const) if (saved.files[role]) await addInputFile(saved.files[role]!, role);
    }
    const wanted = Object.entries(saved.fileNames ?? {}).filter(([role]) => !store.get().files[role as InputRole]);
    if (saved.source === 'files' && wanted.length > 0) {
      store.set({ status: { kind: 'failed', message: `this link was made with your files: load ${wanted.map(([, name]) => name).join(', ')} to restore it` } });
      return;
    }
    await probe();
    await run();
  }

  return { probe, addFiles, removeFile, run, cancel, selectAccount, whatIf, cascade, restore, client };
}
