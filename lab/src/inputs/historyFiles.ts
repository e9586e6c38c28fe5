/**
 * The outputs of the nightly job and the backtest, read for their charts: a night's report.json
 * and pack.json (grouped by as-of date) and `margin backtest --format json`. Only the fields
 * the views use are typed; a file without them is refused with the missing field named.
 */
import { namedParameters, type NightlyReport, type NamedParameter } from 'webgpu-margin';
import type { InputIssue } from '../engine/protocol.js';

export interface NightFile {
  asOf: string;
  report?: Pick<NightlyReport, 'asOf' | 'status' | 'checks' | 'totals' | 'parameterChanges' | 'run' | 'pack' | 'newlyLiquidatable'>;
  pack?: { hash: string; parameters: NamedParameter[] };
  files: string[];
}

export interface BacktestComparison {
  model: string;
  portfolios: number;
  observations: number;
  exceptions: number;
  coverage: number;
  varExceptionRate: number;
  kupiecRejections: number;
  independenceRejections: number;
  esRejections: number;
  zones: { green: number; yellow: number; red: number };
  averageMargin: number;
  medianPeakToTrough: number;
  medianLargest5DayIncrease: number;
}

export interface BacktestFile {
  name: string;
  run: { from: string; to: string; days: number; portfolios: number; models: { name: string; description: string }[]; horizonDays: number; confidence: number; scenarios: number };
  results: { portfolio: string; model: string; averageMargin: number; monthly: { Month: string; NumberOfObservations: number; NumberOfExceptions: number }[]; varTests: { zone: string } }[];
  comparison: BacktestComparison[];
  crashes: { crash: string; model: string; liquidatedAccounts: number; closedOutAccounts: number; liquidatedNotional: number; badDebt: number; liquidatableAtStart: number }[];
}

const missing = (file: string, field: string, value: unknown): InputIssue => ({ source: file, field, value: JSON.stringify(value)?.slice(0, 60) ?? '(missing)', reason: 'missing or not the expected type' });

export function readNightReport(name: string, json: Record<string, unknown>): { asOf: string; report: NonNullable<NightFile['report']> } | InputIssue {
  if (typeof json.asOf !== 'string') return missing(name, 'asOf', json.asOf);
  const totals = json.totals as NightlyReport['totals'] | undefined;
  if (!totals || typeof totals.after?.initial !== 'number') return missing(name, 'totals.after.initial', totals?.after);
  return { asOf: json.asOf, report: json as unknown as NonNullable<NightFile['report']> };
}

export function readNightPack(name: string, json: Record<string, unknown>): { asOf: string; pack: NonNullable<NightFile['pack']> } | InputIssue {
  const asOf = json.asOf ?? (json.provenance as { asOf?: unknown } | undefined)?.asOf;
  if (typeof asOf !== 'string') return missing(name, 'asOf', asOf);
  if (typeof json.hash !== 'string') return missing(name, 'hash', json.hash);
  try {
    return { asOf, pack: { hash: json.hash, parameters: namedParameters(json.params as Parameters<typeof namedParameters>[0]) } };
  } catch (error) {
    return { source: name, field: 'params', value: '(object)', reason: error instanceof Error ? error.message : String(error) };
  }
}

export function readBacktest(name: string, json: Record<string, unknown>): BacktestFile | InputIssue {
  if (!Array.isArray(json.results)) return missing(name, 'results', json.results);
  if (!Array.isArray(json.comparison)) return missing(name, 'comparison', json.comparison);
  if (typeof (json.run as { from?: unknown })?.from !== 'string') return missing(name, 'run.from', (json.run as { from?: unknown })?.from);
  return { name, ...(json as unknown as Omit<BacktestFile, 'name'>), crashes: Array.isArray(json.crashes) ? (json.crashes as BacktestFile['crashes']) : [] };
}

/** Adds a night's file to the list (one entry per as-of date, sorted). */
export function addNight(nights: NightFile[], asOf: string, name: string, part: Partial<Pick<NightFile, 'report' | 'pack'>>): NightFile[] {
  const existing = nights.find((n) => n.asOf === asOf);
  const next = existing ? { ...existing, ...part, files: [...new Set([...existing.files, name])] } : { asOf, files: [name], ...part };
  return [...nights.filter((n) => n.asOf !== asOf), next].sort((a, b) => a.asOf.localeCompare(b.asOf));
}
