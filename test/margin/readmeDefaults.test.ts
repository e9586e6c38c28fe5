/**
 * The README's parameter tables state the defaults the schemas actually produce. The README
 * is read as markdown: the "Margin parameters" table (field | default | meaning) against
 * `RiskParamsSchema.parse({ underlyings: {} }).margin` and the built-in asset liquidity, both
 * ways (every default stated is the code's, every default the code has is stated); and the
 * "(default …)" notes of the params.json and market.json tables against their schemas.
 * A failure prints each field with the README's value and the code's.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BUILTIN_ASSET_LIQUIDITY, DEFAULT_ASSET_LIQUIDITY } from '../../src/margin/assets.js';
import { type AssetLiquidity, MarketSchema, RiskParamsSchema } from '../../src/model/schemas.js';

const README = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

/** The cells of one markdown table row (`\|` is a literal bar inside a cell). */
function cells(line: string): string[] {
  return line
    .trim()
    .replace(/^\|/, '')
    .replace(/\|$/, '')
    .split(/(?<!\\)\|/)
    .map((cell) => cell.trim().replace(/\\\|/g, '|'));
}

/** The body rows of the first table after the line `marker` (before the next heading). */
function tableAfter(markdown: string, marker: string, header: string[]): string[][] {
  const lines = markdown.split('\n');
  let i = lines.findIndex((line) => line.trim() === marker);
  if (i < 0) throw new Error(`README has no line "${marker}"`);
  while (++i < lines.length && !lines[i].startsWith('|')) {
    if (lines[i].startsWith('#')) throw new Error(`no table under "${marker}"`);
  }
  expect(cells(lines[i]), `header of the table under "${marker}"`).toEqual(header);
  const rows: string[][] = [];
  for (i += 2; i < lines.length && lines[i].startsWith('|'); i++) rows.push(cells(lines[i]));
  return rows;
}

/** Backticked names in a field cell; a name without a dot continues the first name's parent. */
function fieldPaths(cell: string): string[] {
  const names = [...cell.matchAll(/`([^`]+)`/g)].map((m) => m[1]);
  if (names.length === 0) throw new Error(`no field name in "${cell}"`);
  const parent = names[0].includes('.') ? names[0].slice(0, names[0].lastIndexOf('.') + 1) : '';
  return names.map((name) => (name.includes('.') ? name : parent + name));
}

/** Splits a default cell at commas outside backticks and braces. */
function splitValues(cell: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let quoted = false;
  let current = '';
  for (const ch of cell) {
    if (ch === '`') quoted = !quoted;
    if (ch === '{') depth++;
    if (ch === '}') depth--;
    if (ch === ',' && depth === 0 && !quoted) {
      out.push(current.trim());
      current = '';
    } else current += ch;
  }
  out.push(current.trim());
  return out;
}

/** A default as the README writes it: `text`, `{ key: value }`, true/false, or a number. */
function readValue(text: string): unknown {
  const code = /^`(.*)`$/.exec(text)?.[1];
  if (code !== undefined) {
    if (!code.startsWith('{')) return code;
    return JSON.parse(code.replace(/([A-Za-z_]\w*)\s*:/g, '"$1":'));
  }
  if (text === 'true' || text === 'false') return text === 'true';
  const n = Number(text.replace(/,/g, ''));
  if (text === '' || !Number.isFinite(n)) throw new Error(`cannot read the default "${text}"`);
  return n;
}

function at(root: unknown, path: string): unknown {
  return path.split('.').reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], root);
}

/** Leaf paths of a defaults object; records (like `assets`) and arrays count as leaves. */
function leaves(node: unknown, prefix: string, records: Set<string>): string[] {
  if (node === null || typeof node !== 'object' || Array.isArray(node) || records.has(prefix)) return [prefix];
  return Object.entries(node).flatMap(([key, value]) => leaves(value, prefix ? `${prefix}.${key}` : key, records));
}

/** "20 bp / 2e7" or "USDC and USDT 1 bp / 5e9 with 5% depeg" → asset names and their liquidity. */
function readLiquidity(text: string): { assets: string[]; liquidity: AssetLiquidity } {
  const m = /^(?:(.+?) )?(\d+(?:\.\d+)?) bp \/ (\S+)(?: with (\d+(?:\.\d+)?)% depeg)?$/.exec(text.trim());
  if (!m) throw new Error(`cannot read the liquidity "${text}"`);
  // Number('3e-4') is exactly 0.0003; 3 * 1e-4 is not.
  const liquidity: AssetLiquidity = { spread: Number(`${m[2]}e-4`), dailyVolume: Number(m[3]) };
  if (m[4] !== undefined) liquidity.depegStress = Number(`${m[4]}e-2`);
  return { assets: m[1] ? m[1].split(' and ') : [], liquidity };
}

const show = (value: unknown) => JSON.stringify(value);

describe('README "Margin parameters" table', () => {
  const defaults = RiskParamsSchema.parse({ underlyings: {} }).margin;
  const rows = tableAfter(README, '### Margin parameters', ['field', 'default', 'meaning']);

  it('states the defaults the schema and the built-in tables produce, and every one of them', () => {
    const mismatches: string[] = [];
    const covered = new Set<string>();
    for (const [fieldCell, defaultCell] of rows) {
      const paths = fieldPaths(fieldCell);
      if (paths[0] === 'assets.<A>') {
        // Built-in liquidity per asset (margin/assets.ts), under any `assets` the params give.
        const stated: Record<string, AssetLiquidity> = {};
        for (const item of splitValues(defaultCell)) {
          const { assets, liquidity } = readLiquidity(item);
          for (const asset of assets) stated[asset] = liquidity;
        }
        const actual = { ...BUILTIN_ASSET_LIQUIDITY, ...defaults.assets };
        if (show(stated) !== show(actual)) mismatches.push(`assets: README ${show(stated)}, code ${show(actual)}`);
        covered.add('assets');
        continue;
      }
      if (paths[0] === 'defaultAsset') {
        const stated = readLiquidity(defaultCell).liquidity;
        const actual = defaults.defaultAsset ?? DEFAULT_ASSET_LIQUIDITY;
        if (show(stated) !== show(actual)) mismatches.push(`defaultAsset: README ${show(stated)}, code ${show(actual)}`);
        covered.add('defaultAsset');
        continue;
      }
      const values = splitValues(defaultCell).map(readValue);
      if (values.length !== 1 && values.length !== paths.length) {
        mismatches.push(`${fieldCell}: ${paths.length} fields but ${values.length} defaults "${defaultCell}"`);
        continue;
      }
      paths.forEach((path, k) => {
        const stated = values.length === 1 ? values[0] : values[k];
        // An object states some of the fields below the path: each is compared and covered.
        const pairs: [string, unknown][] =
          stated !== null && typeof stated === 'object' ? Object.entries(stated).map(([key, v]) => [`${path}.${key}`, v]) : [[path, stated]];
        for (const [leaf, value] of pairs) {
          covered.add(leaf);
          const actual = at(defaults, leaf);
          if (actual !== value) mismatches.push(`${leaf}: README ${show(value)}, schema default ${show(actual)}`);
        }
      });
    }
    expect(mismatches, mismatches.join('\n')).toEqual([]);
    const undocumented = leaves(defaults, '', new Set(['assets'])).filter((leaf) => !covered.has(leaf));
    expect(undocumented, `defaults the table does not state: ${undocumented.join(', ')}`).toEqual([]);
  });

  it('is read as intended (the parser sees the rows it should)', () => {
    // Guards the test against a parser that silently reads nothing.
    expect(rows.length).toBeGreaterThanOrEqual(14);
    expect(fieldPaths('`portfolio.fullWeightMove`, `extremeMoveCoverage`')).toEqual(['portfolio.fullWeightMove', 'portfolio.extremeMoveCoverage']);
    expect(fieldPaths('`isolated.maintenanceRatio`, `cross.maintenanceRatio`')).toEqual(['isolated.maintenanceRatio', 'cross.maintenanceRatio']);
    expect(splitValues('`{ enabled: true, rate: 0.25 }`').map(readValue)).toEqual([{ enabled: true, rate: 0.25 }]);
    expect(readLiquidity('USDC and USDT 1 bp / 5e9 with 5% depeg')).toEqual({
      assets: ['USDC', 'USDT'],
      liquidity: { spread: 0.0001, dailyVolume: 5e9, depegStress: 0.05 },
    });
  });
});

describe('README input tables: "(default …)" notes', () => {
  /** Compares every "(default X" in a table's meaning column with the parsed defaults. */
  function statedDefaultMismatches(marker: string, defaults: unknown, concrete: (field: string) => string): { checked: number; mismatches: string[] } {
    const mismatches: string[] = [];
    let checked = 0;
    for (const [fieldCell, meaning] of tableAfter(README, marker, ['field', 'meaning'])) {
      const m = /\(default ([^;)]+)/.exec(meaning);
      if (!m) continue;
      const stated = readValue(m[1].trim());
      for (const path of fieldPaths(fieldCell)) {
        checked++;
        const actual = at(defaults, concrete(path));
        if (actual !== stated) mismatches.push(`${path}: README ${show(stated)}, schema default ${show(actual)}`);
      }
    }
    return { checked, mismatches };
  }

  it('params.json', () => {
    const { checked, mismatches } = statedDefaultMismatches('**params.json**', RiskParamsSchema.parse({ underlyings: {} }), (path) => path);
    expect(mismatches, mismatches.join('\n')).toEqual([]);
    expect(checked).toBeGreaterThanOrEqual(5); // horizonDays, confidence, scenarios, seed, volTermReferenceDays
  });

  it('market.json', () => {
    // The smallest market that has an underlying and an instrument to read defaults from.
    const market = MarketSchema.parse({ valuationTime: '2026-01-01T08:00:00Z', underlyings: { BTC: { spot: 1 } }, instruments: [{ id: 'BTC_USDC' }] });
    const concrete = (path: string) => path.replace('<U>', 'BTC').replace('[]', '.0');
    const { checked, mismatches } = statedDefaultMismatches('**market.json**', market, concrete);
    expect(mismatches, mismatches.join('\n')).toEqual([]);
    expect(checked).toBeGreaterThanOrEqual(3); // rate, carry, multiplier
  });
});
