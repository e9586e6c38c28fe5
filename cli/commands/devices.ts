import Table from 'cli-table3';
import { describeAdapter } from '../../src/engine/index.js';
import { listNodeAdapters } from '../../src/node.js';

const bytes = (n: number) => (n >= 2 ** 30 ? `${(n / 2 ** 30).toFixed(1)} GiB` : `${Math.round(n / 2 ** 20)} MiB`);

/** `margin devices`: every adapter Dawn offers, per backend, with the limits the engine plans by. */
export async function devicesCommand(options: { json?: boolean }): Promise<void> {
  const { adapters, errors } = await listNodeAdapters();
  if (options.json) {
    process.stdout.write(`${JSON.stringify({ adapters, errors }, null, 2)}\n`);
    return;
  }
  if (adapters.length === 0) process.stdout.write('no WebGPU adapter found: `margin run` will use the CPU backend\n');
  const table = new Table({
    head: ['adapter', 'backend', 'requested with', 'max storage binding', 'max buffer', 'workgroups/dim', 'invocations/wg'],
    style: { head: [], border: [], compact: true },
  });
  for (const a of adapters) {
    table.push([
      describeAdapter({ ...a.info, backend: undefined }),
      `${a.backend} (${a.featureLevel})`,
      a.requestedWith.join(', '),
      bytes(a.limits.maxStorageBufferBindingSize),
      bytes(a.limits.maxBufferSize),
      a.limits.maxComputeWorkgroupsPerDimension,
      a.limits.maxComputeInvocationsPerWorkgroup,
    ]);
  }
  if (adapters.length > 0) process.stdout.write(`${table.toString()}\n`);
  for (const error of errors) process.stderr.write(`note: ${error}\n`);
}
