import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '../../src/model/errors.js';
import { formatAccountSeries, formatParameterSeries, openStore } from '../../src/store/index.js';
import { writeOutput } from '../output.js';

export interface HistoryOptions {
  store: string;
  account?: string;
  parameter?: string;
  from?: string;
  to?: string;
  format: 'table' | 'json' | 'csv';
  out?: string;
}

/** The store a --store argument names: a nightly output folder (its store.sqlite) or the file itself. */
function storePath(path: string): string {
  const file = existsSync(path) && statSync(path).isDirectory() ? join(path, 'store.sqlite') : path;
  if (!existsSync(file)) throw new InputError('--store', '', path, 'no store.sqlite there: run margin nightly --out with this folder first');
  return file;
}

/**
 * `margin history --store DIR --account A | --parameter NAME`: a series over the published
 * nights, as a table, JSON or CSV: an account's margins, or a parameter of the packs (`BTC.vol`,
 * `corr(BTC.spot,ETH.spot)`, `floor.BTC.vol`; `--parameter list` names them all).
 */
export async function historyCommand(options: HistoryOptions): Promise<void> {
  if ((options.account === undefined) === (options.parameter === undefined)) throw new InputError('--account/--parameter', '', undefined, 'give exactly one of --account and --parameter');
  const store = openStore(storePath(options.store), { readonly: true });
  try {
    const window = { from: options.from, to: options.to };
    let text: string;
    if (options.parameter === 'list') text = `${store.parameterNames().join('\n')}\n`;
    else if (options.parameter !== undefined) {
      if (!store.parameterNames().includes(options.parameter)) throw new InputError('--parameter', '', options.parameter, `no such parameter in the store (--parameter list names them)`);
      text = formatParameterSeries(options.parameter, store.parameterSeries(options.parameter, window), options.format);
    } else {
      const points = store.accountSeries(options.account!, window);
      if (points.length === 0) throw new InputError('--account', '', options.account, 'no margins of this account in the store');
      text = formatAccountSeries(options.account!, points, options.format);
    }
    await writeOutput(options.out, [text]);
  } finally {
    store.close();
  }
}
