/**
 * src/backtest/ is floor 5, but its statistics need less: they import only themselves, the ground
 * floor (src/model, src/pricing, src/linalg, src/random) and calibration's special functions
 * (ln Γ), and nothing of Node's (they run in a browser). This test holds them to that until
 * .dependency-cruiser.cjs names backtest/; and the public index exports what the README lists.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import * as statistics from '../../../src/backtest/statistics/index.js';

const FOLDER = resolve(dirname(fileURLToPath(import.meta.url)), '../../../src/backtest/statistics');

describe('backtest/statistics layering', () => {
  it('imports only itself, the ground floor and ln Γ, and no Node built-in', () => {
    const offending: string[] = [];
    for (const file of readdirSync(FOLDER).filter((name) => name.endsWith('.ts'))) {
      const source = readFileSync(resolve(FOLDER, file), 'utf8');
      for (const [, target] of source.matchAll(/from '([^']+)'/g)) {
        const allowed =
          target.startsWith('./') ||
          /^\.\.\/\.\.\/(model|pricing|linalg|random)\//.test(target) ||
          target === '../../calibration/estimators/specialFunctions.js';
        if (!allowed) offending.push(`${file} imports ${target}`);
      }
    }
    expect(offending).toStrictEqual([]);
  });

  it('exports the public API', () => {
    const functions = [
      'hitSequence', 'kupiecPof', 'christoffersen', 'countTransitions', 'trafficLight', 'exceptionCumulativeProbability',
      'durationTest', 'mcneilFreyTest', 'acerbiSzekelyZ2', 'procyclicality', 'chiSquareCdf', 'chiSquareSurvival',
      'regularizedGammaP', 'regularizedGammaQ', 'binomialCdf', 'BacktestInputError',
    ];
    for (const name of functions) expect(typeof (statistics as Record<string, unknown>)[name], name).toBe('function');
    expect([statistics.YELLOW_ZONE_FROM, statistics.RED_ZONE_FROM]).toEqual([0.95, 0.9999]);
  });
});
