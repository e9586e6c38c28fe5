/**
 * src/calibration sits on floor 1 (beside oracle/ and scenarios/): it may import only the
 * ground floor (src/model, src/pricing, src/linalg, src/random) and itself, and nothing of
 * Node's (it runs in a browser). Until .dependency-cruiser.cjs names calibration/, this test
 * holds the estimators to that rule; and the public index exports what the README lists.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import * as estimators from '../../../src/calibration/estimators/index.js';

const FOLDER = resolve(dirname(fileURLToPath(import.meta.url)), '../../../src/calibration/estimators');

describe('calibration/estimators layering', () => {
  it('imports only itself and the ground floor, and no Node built-in', () => {
    const offending: string[] = [];
    for (const file of readdirSync(FOLDER).filter((name) => name.endsWith('.ts'))) {
      const source = readFileSync(resolve(FOLDER, file), 'utf8');
      for (const [, target] of source.matchAll(/from '([^']+)'/g)) {
        const allowed = target.startsWith('./') || /^\.\.\/\.\.\/(model|pricing|linalg|random)\//.test(target);
        if (!allowed) offending.push(`${file} imports ${target}`);
      }
    }
    expect(offending).toStrictEqual([]);
  });

  it('exports the public API', () => {
    const functions = ['logReturns', 'annualizeVolatility', 'annualizeVariance', 'realizedVolatility', 'ewmaVariance', 'garch11Fit', 'garch11LogLikelihood', 'harFit', 'estimateCorrelation', 'repairCorrelation', 'worstWindow', 'EstimatorInputError'];
    for (const name of functions) expect(typeof (estimators as Record<string, unknown>)[name], name).toBe('function');
  });
});
