import { isIsoDate } from '../calibration/history/dates.js';
import { InputError } from '../model/errors.js';
import type { MarginRowInput, PackInput } from './types.js';

/**
 * Checks of what is written, with the store's path, the field and the value in the message.
 * SQLite would store a NaN as NULL and a bad date as any text: both would surface nights later
 * as a broken series, so nothing of the kind gets in.
 */
export function checkAsOf(path: string, field: string, asOf: string): void {
  if (typeof asOf !== 'string' || !isIsoDate(asOf)) throw new InputError(path, field, asOf, 'expected a date YYYY-MM-DD');
}

export function checkPackInput(path: string, pack: PackInput): void {
  checkAsOf(path, 'asOf', pack.asOf);
  if (pack.status !== 'published' && pack.status !== 'candidate') throw new InputError(path, 'status', pack.status, 'expected published or candidate');
  if (typeof pack.hash !== 'string' || pack.hash.trim() === '') throw new InputError(path, 'hash', pack.hash, 'expected a non-empty hash');
  checkJson(path, 'params', pack.params);
  checkJson(path, 'provenance', pack.provenance);
}

function checkJson(path: string, field: string, text: string): void {
  try {
    JSON.parse(text);
  } catch (error) {
    throw new InputError(path, field, text, `not JSON text: ${error instanceof Error ? error.message : String(error)}`);
  }
}

export function checkParameter(path: string, index: number, name: string, value: number, standardError: number | undefined): void {
  const at = `parameters[${index}]`;
  if (typeof name !== 'string' || name === '') throw new InputError(path, `${at}.name`, name, 'expected a parameter name');
  if (!Number.isFinite(value)) throw new InputError(path, `${at}.value`, value, `${name}: not a finite number`);
  if (standardError !== undefined && !(Number.isFinite(standardError) && standardError >= 0)) {
    throw new InputError(path, `${at}.standardError`, standardError, `${name}: expected a finite number ≥ 0`);
  }
}

export function checkMarginRow(path: string, index: number, row: MarginRowInput): void {
  const at = `rows[${index}]`;
  if (typeof row.account !== 'string' || row.account === '') throw new InputError(path, `${at}.account`, row.account, 'expected an account id');
  for (const field of ['initial', 'maintenance', 'equity'] as const) {
    if (!Number.isFinite(row[field])) throw new InputError(path, `${at}.${field}`, row[field], `account ${row.account}: not a finite number`);
  }
  if (row.healthFactor !== null && !Number.isFinite(row.healthFactor)) {
    throw new InputError(path, `${at}.healthFactor`, row.healthFactor, `account ${row.account}: expected a finite number, or null when no maintenance margin is required`);
  }
  if (typeof row.liquidatable !== 'boolean') throw new InputError(path, `${at}.liquidatable`, row.liquidatable, `account ${row.account}: expected true or false`);
}
