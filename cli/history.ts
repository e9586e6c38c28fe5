import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { DataFile } from '../src/calibration/pack/types.js';
import {
  formatImpliedVolHistoryCsv, formatPriceHistoryCsv, type ImpliedVolHistory, mergeImpliedVolHistories, mergePriceHistories,
  parseImpliedVolHistory, parsePriceHistory, type PriceHistory, SYNTHETIC_END_DATE, SYNTHETIC_SEED, syntheticHistory,
} from '../src/calibration/history/index.js';
import { InputError } from '../src/model/errors.js';

/** Market history as a calibration reads it, with the files it came from (names and SHA-256). */
export interface HistoryInputs {
  prices: PriceHistory;
  impliedVols?: ImpliedVolHistory;
  data: DataFile[];
  /** The as-of date: the one asked for, or the last date every asset has a close on. */
  asOf: string;
}

export interface HistoryOptions {
  /** Files or directories (every *.csv in them); none: the embedded synthetic history. */
  history?: string[];
  impliedVols?: string;
  asOf?: string;
  maxGapDays?: number;
}

function readFile(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new InputError(path, '(file)', path, code === 'ENOENT' ? 'file not found' : `cannot read: ${code ?? error}`);
  }
}

/** The CSV files a --history argument names: the file, or every *.csv of a directory (sorted). */
function historyFiles(path: string): string[] {
  let isDirectory = false;
  try {
    isDirectory = statSync(path).isDirectory();
  } catch {
    return [path]; // reported as "file not found" by readFile
  }
  if (!isDirectory) return [path];
  const files = readdirSync(path).filter((name) => name.toLowerCase().endsWith('.csv')).sort();
  if (files.length === 0) throw new InputError(path, '(directory)', path, 'holds no .csv file');
  return files.map((name) => join(path, name));
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/**
 * Reads the price (and implied-vol) history the options name, with data up to the as-of date
 * only, or the embedded synthetic history (written as CSV and read back like a file, so it takes
 * the same checks and its provenance hash is that CSV's).
 */
export function readHistory(options: HistoryOptions): HistoryInputs {
  const read = { asOf: options.asOf, maxGapDays: options.maxGapDays };
  const data: DataFile[] = [];
  let prices: PriceHistory;
  let impliedVols: ImpliedVolHistory | undefined;
  if (!options.history || options.history.length === 0) {
    const synthetic = syntheticHistory();
    const priceText = formatPriceHistoryCsv(synthetic.prices);
    const ivText = formatImpliedVolHistoryCsv(synthetic.impliedVols);
    const name = `synthetic history (seed ${SYNTHETIC_SEED}, to ${SYNTHETIC_END_DATE})`;
    prices = parsePriceHistory(priceText, name, { ...read, maxGapDays: 1 });
    data.push({ name, sha256: sha256(priceText), kind: 'prices' });
    if (!options.impliedVols) {
      impliedVols = parseImpliedVolHistory(ivText, `${name}: implied vols`, { ...read, maxGapDays: 1 });
      data.push({ name: `${name}: implied vols`, sha256: sha256(ivText), kind: 'implied-vols' });
    }
  } else {
    const files = options.history.flatMap(historyFiles);
    prices = mergePriceHistories(
      files.map((file) => {
        const text = readFile(file);
        data.push({ name: basename(file), sha256: sha256(text), kind: 'prices' });
        return parsePriceHistory(text, file, read);
      }),
    );
  }
  if (options.impliedVols) {
    const text = readFile(options.impliedVols);
    data.push({ name: basename(options.impliedVols), sha256: sha256(text), kind: 'implied-vols' });
    impliedVols = mergeImpliedVolHistories([parseImpliedVolHistory(text, options.impliedVols, read)]);
  }
  return { prices, impliedVols, data, asOf: options.asOf ?? lastCommonDate(prices) };
}

/** The last date on which every asset of the history has a close. */
function lastCommonDate(prices: PriceHistory): string {
  const lasts = [...prices.assets.values()].map((a) => a.dates[a.dates.length - 1]).filter((d): d is string => d !== undefined);
  if (lasts.length === 0) throw new InputError('price history', 'assets', undefined, 'no closes');
  return lasts.sort()[0];
}
