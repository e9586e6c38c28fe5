/** Everything the page shows, in one state object (the store holds it; views read slices). */
import type { CascadeResult, WhatIfResult } from '../engine/engineTypes.js';
import type { AccountDetail, BackendStatus, CascadeRequestOptions, InputFile, InputIssue, InputRole, InputSource, RunSettings, RunSummary, Stage } from '../engine/protocol.js';
import type { BacktestFile, NightFile } from '../inputs/historyFiles.js';

export type Tab = 'accounts' | 'account' | 'book' | 'whatif' | 'crash' | 'history';
export const TABS: { id: Tab; label: string }[] = [
  { id: 'accounts', label: 'Accounts' },
  { id: 'account', label: 'Account' },
  { id: 'book', label: 'Book' },
  { id: 'whatif', label: 'What-if' },
  { id: 'crash', label: 'Crash replay' },
  { id: 'history', label: 'Nightly & backtest' },
];

export interface FileEntry {
  file: InputFile;
  role: InputRole;
  /** What the file holds when valid (`254 accounts, …`). */
  summary?: string;
  issues: InputIssue[];
}

export interface Job {
  kind: 'run' | 'cascade';
  stage: Stage;
  done: number;
  total: number;
  startedAt: number;
}

export interface LabState {
  source: InputSource['kind'];
  generated: { accounts: number; instruments: number; seed: number };
  files: Partial<Record<InputRole, FileEntry>>;
  /** Problems of files the lab could not place (unknown kind, unreadable). */
  fileIssues: InputIssue[];
  settings: RunSettings;
  backend?: BackendStatus;
  backendError?: string;
  job?: Job;
  /** The last run's outcome message (done, cancelled, failed). */
  status?: { kind: 'done' | 'cancelled' | 'failed'; message: string; issues?: InputIssue[] };
  result?: RunSummary;
  selectedAccount?: string;
  accountDetail?: AccountDetail;
  whatIf?: { trades: { instrument: string; quantity: number }[]; result?: WhatIfResult; error?: string; issues?: InputIssue[] };
  cascadeOptions: CascadeRequestOptions;
  cascade?: CascadeResult;
  cascadeStep: number;
  nights: NightFile[];
  backtest?: BacktestFile;
  tab: Tab;
}

export const DEFAULT_SETTINGS: RunSettings = { distribution: 'params', dof: 5, backend: 'auto' };

export function initialState(): LabState {
  return {
    source: 'sample',
    generated: { accounts: 5000, instruments: 400, seed: 7 },
    files: {},
    fileIssues: [],
    settings: { ...DEFAULT_SETTINGS },
    cascadeOptions: { scenario: 'flash-crash' },
    cascadeStep: 0,
    nights: [],
    tab: 'accounts',
  };
}

/** The input source a run takes from the state. */
export function inputSourceOf(state: LabState): InputSource {
  if (state.source === 'generated') return { kind: 'generated', ...state.generated };
  if (state.source === 'sample') return { kind: 'sample' };
  return { kind: 'files', market: state.files.market?.file, book: state.files.book?.file, params: state.files.params?.file };
}
