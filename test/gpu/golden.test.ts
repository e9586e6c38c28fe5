/**
 * The golden `margin run` of the sample venue on the GPU backend, against the CPU fixture
 * (test/golden/): within the f32 engine's parity tolerance, 1e-4 relative, floored at 1e-6 of
 * the record's gross scale (see parity.test.ts); strings, booleans and lengths equal.
 */
import { describe, expect, it } from 'vitest';
import { GpuEngine } from '../../src/engine/gpu/gpuEngine.js';
import { differences, fixture } from '../golden/compare.js';
import { goldenRun } from '../golden/goldenRuns.js';
import { useGpuTestDevice } from './gpuTestDevice.js';

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
