/**
 * Real closes from ../shared/data/prices (beside the repository root; third-party data that
 * must not be copied into the repository, see its README). Tests that use them skip, saying
 * so, where the folder is absent.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
export const SHARED_PRICES = resolve(REPO_ROOT, '../shared/data/prices');

export function sharedPricesAvailable(file: string): boolean {
  return existsSync(resolve(SHARED_PRICES, file));
}

/** Closes of a Yahoo daily file (`datetime,open,high,low,close,volume`) with from ≤ date ≤ to (ISO dates). */
export function readCloses(file: string, from: string, to: string): { dates: string[]; closes: number[] } {
  const lines = readFileSync(resolve(SHARED_PRICES, file), 'utf8').trim().split('\n');
  const header = lines[0].split(',');
  const dateColumn = header.indexOf('datetime');
  const closeColumn = header.indexOf('close');
  const dates: string[] = [];
  const closes: number[] = [];
  for (const line of lines.slice(1)) {
    const cells = line.split(',');
    const date = cells[dateColumn].slice(0, 10);
    if (date < from || date > to) continue;
    dates.push(date);
    closes.push(Number(cells[closeColumn]));
  }
  return { dates, closes };
}
