import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MarginRowInput, PackInput } from '../../src/store/index.js';

/** A fresh folder in the system's temp dir, and its removal. Store tests use real files. */
export function tempFolder(prefix = 'margin-store-'): { dir: string; file: (name: string) => string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, file: (name) => join(dir, name), remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A small pack: the named parameters are the vols of BTC and ETH, scaled by `level`. */
export function pack(asOf: string, hash: string, level = 1, status: PackInput['status'] = 'published'): PackInput {
  return {
    asOf,
    hash,
    status,
    params: JSON.stringify({ underlyings: { BTC: { vol: 0.5 * level }, ETH: { vol: 0.65 * level } } }),
    provenance: JSON.stringify({ history: 'synthetic', asOf }),
    parameters: [
      { name: 'BTC.vol', value: 0.5 * level, standardError: 0.01 },
      { name: 'ETH.vol', value: 0.65 * level },
    ],
  };
}

/** `count` accounts' margin rows; `equity` tags the run that wrote them. */
export function* marginRows(count: number, equity: number): Generator<MarginRowInput> {
  for (let i = 0; i < count; i++) {
    const maintenance = i % 10 === 0 ? 0 : 100 + i;
    yield {
      account: `acct-${String(i).padStart(6, '0')}`,
      initial: maintenance * 1.5,
      maintenance,
      equity,
      healthFactor: maintenance > 0 ? equity / maintenance : null,
      liquidatable: maintenance > 0 && equity < maintenance,
    };
  }
}
