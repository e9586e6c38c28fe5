import { defineConfig } from 'vitest/config';

/**
 * Six projects that can run alone (`npm run test:unit`, `test:gpu`, `test:cli`,
 * `test:package`, `test:lab`, `test:cluster`); `npm test` runs them all.
 * - unit: the numerics, models and layers, in-process, no adapter needed;
 * - gpu: everything that needs a WebGPU adapter (test/gpu/): skipped with a warning when there
 *   is none, a failure with REQUIRE_WEBGPU=1;
 * - cli: the `margin` command, mostly in-process (cli/program.ts), with one end-to-end child
 *   process per command and the cases only a process shows (stdin, signals, native stderr);
 * - package: the packed package in a consumer project and the main entry in headless Chromium;
 * - lab: the browser risk lab (lab/) built with Vite and driven in headless Chromium;
 * - cluster: sharded runs over BullMQ on a real Redis (test/cluster/): `margin worker` processes,
 *   the exact merge, the fault cases; skipped with a warning when no Redis answers, a failure
 *   with REQUIRE_REDIS=1 (.ci/run starts one).
 * Dawn has crashed when an adapter is acquired inside worker threads: every project runs its
 * files in forks.
 */
const shared = { pool: 'forks' as const, testTimeout: 120_000, hookTimeout: 120_000 };

export default defineConfig({
  test: {
    projects: [
      { test: { ...shared, name: 'unit', include: ['test/**/*.test.ts'], exclude: ['test/gpu/**', 'test/cli/**', 'test/package/**', 'test/lab/**', 'test/cluster/**'] } },
      { test: { ...shared, name: 'gpu', include: ['test/gpu/**/*.test.ts'] } },
      { test: { ...shared, name: 'cli', include: ['test/cli/**/*.test.ts'] } },
      { test: { ...shared, name: 'package', include: ['test/package/**/*.test.ts'] } },
      { test: { ...shared, name: 'lab', include: ['test/lab/**/*.test.ts'] } },
      // One file at a time: each starts several worker processes on this machine's cores.
      { test: { ...shared, name: 'cluster', include: ['test/cluster/**/*.test.ts'], fileParallelism: false } },
    ],
  },
});
