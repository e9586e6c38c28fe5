/**
 * Child process of nativeStderr.test.ts: writes marked lines to stdout and stderr around one
 * filtered native call, so the test can check what reached each stream and in which order.
 * The first stdout line says what kind of file stderr is (pipe, socket, file, tty).
 *   node --import tsx test/gpu/scripts/stderrProbe.ts synthetic   # the call writes to fd 2 itself
 *   node --import tsx test/gpu/scripts/stderrProbe.ts dawn        # the call is Dawn's acquisition
 * The synthetic call writes the lines of env PROBE_NATIVE_LINES (separated by '|') to descriptor
 * 2 with write(2), as Dawn's fprintf does.
 */
import { fstatSync, writeSync } from 'node:fs';
import { isatty } from 'node:tty';
import { nativeStderrFilter } from '../../../src/engine/gpu/nativeStderr.js';
import { acquireNodeGpuDevice } from '../../../src/engine/gpu/nodeGpu.js';

const mode = process.argv[2];
const stat = fstatSync(2);
const kind = stat.isFIFO() ? 'pipe' : stat.isSocket() ? 'socket' : stat.isFile() ? 'file' : isatty(2) ? 'tty' : 'other';
process.stdout.write(`stdout before, stderr is a ${kind}\n`);
process.stderr.write('stderr before\n');
let hidden: number;
if (mode === 'synthetic') {
  const filter = nativeStderrFilter();
  const lines = (process.env.PROBE_NATIVE_LINES ?? '').split('|');
  const value = filter.around(() => {
    for (const line of lines) writeSync(2, `${line}\n`);
    return 'returned';
  });
  if (value !== 'returned') throw new Error(`around() returned ${String(value)}`);
  hidden = filter.dropped;
} else if (mode === 'dawn') {
  const acquired = await acquireNodeGpuDevice({ label: 'stderr probe' });
  hidden = acquired.hiddenDawnWarnings;
  acquired.release();
} else {
  throw new Error(`unknown mode ${mode}`);
}
process.stderr.write('stderr after\n');
process.stdout.write(`stdout after, hidden ${hidden}\n`);
process.exit(0);
