/**
 * The page state a link or a saved file restores: inputs (the sample, a generated venue, or
 * the user's files: by name in a link, with their contents in a saved file), settings, the
 * selected account and tab, the what-if trades and the crash-replay options.
 */
import type { CascadeRequestOptions, InputFile, InputRole, RunSettings } from '../engine/protocol.js';
import { DEFAULT_SETTINGS, type LabState, TABS, type Tab } from './labState.js';

export interface SavedState {
  labState: 1;
  source: LabState['source'];
  generated: LabState['generated'];
  settings: RunSettings;
  selectedAccount?: string;
  tab: Tab;
  trades?: { instrument: string; quantity: number }[];
  cascade: CascadeRequestOptions;
  /** In a link: the names of the user's files; in a saved file: the files themselves. */
  fileNames?: Partial<Record<InputRole, string>>;
  files?: Partial<Record<InputRole, InputFile>>;
}

export function snapshot(state: LabState, withFiles: boolean): SavedState {
  const roles = Object.keys(state.files) as InputRole[];
  const saved: SavedState = {
    labState: 1,
    source: state.source,
    generated: state.generated,
    settings: state.settings,
    selectedAccount: state.selectedAccount,
    tab: state.tab,
    trades: state.whatIf?.trades,
    cascade: state.cascadeOptions,
  };
  if (state.source === 'files') {
    if (withFiles) saved.files = Object.fromEntries(roles.map((r) => [r, state.files[r]!.file]));
    else saved.fileNames = Object.fromEntries(roles.map((r) => [r, state.files[r]!.file.name]));
  }
  return saved;
}

const toBase64Url = (text: string) => btoa(String.fromCharCode(...new TextEncoder().encode(text))).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
const fromBase64Url = (text: string) => new TextDecoder().decode(Uint8Array.from(atob(text.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0)));

export function linkOf(state: LabState, base = location.href): string {
  const url = new URL(base);
  url.hash = `state=${toBase64Url(JSON.stringify(snapshot(state, false)))}`;
  return url.toString();
}

/** The state in a link's hash, checked field by field (a bad link restores nothing). */
export function stateFromHash(hash: string): SavedState | undefined {
  const match = /(?:^#|&)state=([A-Za-z0-9_-]+)/.exec(hash);
  if (!match) return undefined;
  try {
    return checkSaved(JSON.parse(fromBase64Url(match[1])));
  } catch {
    return undefined;
  }
}

export function checkSaved(value: unknown): SavedState | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  const v = value as Partial<SavedState>;
  if (v.labState !== 1 || !['sample', 'generated', 'files'].includes(v.source ?? '')) return undefined;
  const settings = { ...DEFAULT_SETTINGS, ...(v.settings ?? {}) };
  if (!['auto', 'webgpu', 'cpu'].includes(settings.backend) || !['params', 'normal', 'student-t'].includes(settings.distribution)) return undefined;
  const tab = TABS.some((t) => t.id === v.tab) ? v.tab! : 'accounts';
  return {
    labState: 1,
    source: v.source!,
    generated: v.generated ?? { accounts: 5000, instruments: 400, seed: 7 },
    settings,
    selectedAccount: typeof v.selectedAccount === 'string' ? v.selectedAccount : undefined,
    tab,
    trades: Array.isArray(v.trades) ? v.trades.filter((t) => typeof t?.instrument === 'string' && typeof t?.quantity === 'number') : undefined,
    cascade: v.cascade && typeof v.cascade.scenario === 'string' ? v.cascade : { scenario: 'flash-crash' },
    fileNames: v.fileNames,
    files: v.files,
  };
}
