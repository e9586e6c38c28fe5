/**
 * Golden tests: the JSON of `margin run` on the sample venue (the GPU backend's run is checked
 * against the same fixture in test/gpu/golden.test.ts) and of
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
import { describe, expect, it } from 'vitest';
import { differences, fixture, type Tolerance } from './compare.js';
import { goldenRun, goldenStress, STRESS_NAMES } from './goldenRuns.js';

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
