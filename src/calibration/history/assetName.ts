import { InputError } from '../../model/errors.js';

/**
 * The asset a per-asset price file is about, from its file name. Rule: drop any folder and the
 * extension, split the rest at `_`, `-`, `.` and blanks, and take the first part written in
 * capital letters and digits that starts with a letter (a ticker):
 *
 *   BTC-USD_1d.csv               → BTC      (Yahoo Finance: the quote currency and interval follow)
 *   binance_BTCUSDT_1d.csv       → BTCUSDT  (a lower-case venue prefix is skipped; the pair is not split:
 *                                           where the quote ends is a guess, so name it BTC yourself)
 *   SP500_spliced_full_data.csv  → SP500
 *
 * A name with no such part (`prices.csv`, `btc.csv`) is refused: pass the asset's name
 * explicitly (the `asset` read option), which also overrides this rule for any file.
 */
export function assetNameFromFileName(source: string): string {
  const base = source.replace(/^.*[\\/]/, '').replace(/\.[^.]*$/, '');
  const ticker = base.split(/[_\-.\s]+/).find((part) => /^[A-Z][A-Z0-9]*$/.test(part));
  if (ticker === undefined) {
    throw new InputError(source, '(file name)', base, 'no ticker in the file name (a part in capitals such as BTC in BTC-USD_1d.csv): give the asset name explicitly');
  }
  return ticker;
}

/** Asset names: a letter or digit first, then letters, digits, `.`, `_` or `-` (BTC, SP500, BRK.B, USDC-E). */
export const ASSET_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

export function checkAssetName(name: string, source: string, fieldPath: string): string {
  if (!ASSET_NAME.test(name)) throw new InputError(source, fieldPath, name, 'not an asset name (letters, digits, then also . _ -)');
  return name;
}
