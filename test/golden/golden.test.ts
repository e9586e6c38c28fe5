/**
 * Golden tests: the JSON of `margin run` on the sample venue (both backends) and of
 * `margin stress` for the flash crash and every oracle replay, compared field by field with the
 * fixtures committed before the structural refactor (issue 11), so that a move that changes a
 * number fails here.
 *
 * Tolerances. CPU: 1e-9 relative (plus 1e-9 absolute for values near 0): the f64 pipeline is
 * deterministic, and a refactor may at most reorder a few sums (≈1e-15 relative); anything
 * larger is a change of behaviour. GPU: the f32 engine's parity tolerance against the CPU
 * fixture, 1e-4 relative, floored at 1e-6 of the gross scale of the record (see
 * test/gpu/parity.test.ts), applied to the risk run only; strings, booleans and array lengths
 * must be equal everywhere.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { GpuEngine } from '../../src/engine/gpu/gpuEngine.js';
import { useGpuTestDevice } from '../gpu/gpuTestDevice.js';
import { goldenRun, goldenStress, STRESS_NAMES, VOLATILE_KEYS } from './goldenRuns.js';

const fixtures = join(dirname(fileURLToPath(import.meta.url)), 'fixtures');
const fixture = (name: string): unknown => JSON.parse(readFileSync(join(fixtures, name), 'utf8'));

interface Tolerance {
  relative: number;
  absolute: number;
}

/** Every difference between `actual` and `expected` beyond the tolerance, as `path: got vs want`. */
export function differences(actual: unknown, expected: unknown, tolerance: Tolerance, path = '$', out: string[] = []): string[] {
  if (out.length >= 200) return out;
  if (typeof expected === 'number' && typeof actual === 'number') {
    const error = Math.abs(actual - expected);
    const allowed = tolerance.relative * Math.max(Math.abs(actual), Math.abs(expected)) + tolerance.absolute;
    if (!(error <= allowed) && !(Number.isNaN(actual) && Number.isNaN(expected))) out.push(`${path}: computed ${actual}, expected ${expected}, error ${error.toExponential(2)}, tolerance ${allowed.toExponential(2)}`);
    return out;
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual) || actual.length !== expected.length) out.push(`${path}: length ${Array.isArray(actual) ? actual.length : typeof actual} vs ${expected.length}`);
    else expected.forEach((item, k) => differences(actual[k], item, tolerance, `${path}[${k}]`, out));
    return out;
  }
  if (expected !== null && typeof expected === 'object') {
    if (actual === null || typeof actual !== 'object') return out.concat(`${path}: ${JSON.stringify(actual)} vs an object`);
    const keys = (o: object) => Object.keys(o).filter((k) => !VOLATILE_KEYS.has(k) && (o as Record<string, unknown>)[k] !== undefined).sort();
    const [a, e] = [keys(actual), keys(expected)];
    if (a.join() !== e.join()) out.push(`${path}: keys [${a}] vs [${e}]`);
    for (const key of e) differences((actual as Record<string, unknown>)[key], (expected as Record<string, unknown>)[key], tolerance, `${path}.${key}`, out);
    return out;
  }
  if (actual !== expected) out.push(`${path}: ${JSON.stringify(actual)} vs ${JSON.stringify(expected)}`);
  return out;
}

const CPU: Tolerance = { relative: 1e-9, absolute: 1e-9 };

describe('golden runs (CPU)', () => {
  it('margin run on the sample venue', async () => {
    expect(differences(await goldenRun(), fixture('run-sample.json'), CPU)).toEqual([]);
  });

  for (const name of STRESS_NAMES) {
    it(`margin stress ${name}`, async () => {
      expect(differences(await goldenStress(name), fixture(`stress-${name}.json`), CPU)).toEqual([]);
    });
  }
});

const gpu = useGpuTestDevice();

describe('golden runs (GPU)', () => {
  it('margin run on the sample venue agrees with the CPU fixture within the parity tolerance', async (ctx) => {
    const engine = GpuEngine.on(gpu.use(ctx), false);
    const actual = (await goldenRun(engine)) as { run: { backend: string }; accounts: { marketValue: number; collateral: { value: number } }[] };
    const expected = fixture('run-sample.json') as { run: object; accounts: object[] };
    expect(actual.run.backend).toBe('gpu');
    const all: string[] = [];
    actual.accounts.forEach((account, a) => {
      // Floor: 1e-6 of the account's gross scale (its positions' and collateral's value), f32's resolution of its P&L.
      const scale = Math.abs(account.marketValue) + Math.abs(account.collateral.value);
      differences(account, expected.accounts[a], { relative: 1e-4, absolute: 1e-6 * scale + 1e-6 }, `accounts[${a}]`, all);
    });
    // The worst grid point's label: a linear book loses the same at every vol move of a spot
    // move, and which of the tied points f32 ranks first is not defined. Its loss is compared.
    const failures = all.filter((line) => !/\.worstStress: /.test(line));
    const { backend: _b, ...run } = actual.run as Record<string, unknown>;
    const { backend: _e, ...want } = expected.run as Record<string, unknown>;
    differences(run, want, { relative: 1e-4, absolute: 1e-6 }, 'run', failures);
    expect(failures).toEqual([]);
  });
});
