/**
 * Dawn's benign limit-clamping warnings never reach a user's stderr (src/engine/gpu/nativeStderr.ts):
 *   - the filter drops exactly the known warnings and forwards every other byte;
 *   - the fd 2 swap, exercised by a child writing to fd 2 itself (no GPU needed): on a pipe the
 *     benign line is dropped and the other line forwarded in order; on a UNIX socket (what
 *     Node's `stdio: 'pipe'` gives a child) and on a regular file shared with stdout
 *     (`> log 2>&1`) no swap happens and nothing is lost, reordered or overwritten;
 *   - on a real adapter (REQUIRE_WEBGPU=1: no adapter fails): `margin devices` and a quiet
 *     `margin run --backend gpu`, with stderr a pipe, print no warning, and the run succeeds with
 *     an empty stderr.
 * Linux only: elsewhere the filter does nothing by design (it reopens /proc/self/fd/2).
 */
import { spawn } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DAWN_STDERR_ENV, filterNativeStderr, isBenignDawnLine } from '../../src/engine/gpu/nativeStderr.js';
import { runWithStderrPipe } from '../helpers/stderrPipe.js';
import { useGpuTestDevice } from './gpuTestDevice.js';

const BENIGN_UNIFORM =
  'Warning: maxDynamicUniformBuffersPerPipelineLayout artificially reduced from 1000000 to 16 to fit dynamic offset allocation limit.';
const BENIGN_STORAGE = 'Warning: maxDynamicStorageBuffersPerPipelineLayout artificially reduced from 80 to 16 to fit dynamic offset allocation limit.';
const NATIVE_ERROR = 'Error: Dawn says something that is not a known warning';
const PROBE = ['--import', 'tsx', 'test/gpu/scripts/stderrProbe.ts'];
const CLI = ['--import', 'tsx', 'cli/main.ts'];
const onLinux = process.platform === 'linux';

const scratch = mkdtempSync(join(tmpdir(), 'margin-stderr-test-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Runs the probe with stdout and stderr on one regular file (as `> log 2>&1`); returns the file. */
async function probeIntoOneFile(mode: string, env: Record<string, string>): Promise<{ code: number | null; text: string }> {
  const path = join(scratch, `${mode}-${Date.now()}.log`);
  const fd = openSync(path, 'w');
  try {
    const child = spawn(process.execPath, [...PROBE, mode], { stdio: ['ignore', fd, fd], env: { ...process.env, ...env } });
    const code = await new Promise<number | null>((resolve, reject) => {
      child.on('error', reject);
      child.on('exit', resolve);
    });
    return { code, text: readFileSync(path, 'utf8') };
  } finally {
    closeSync(fd);
  }
}

/** Runs the probe with Node's default child stdio: stdout and stderr are UNIX sockets. */
async function probeThroughSockets(mode: string, env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [...PROBE, mode], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const code = await new Promise<number | null>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', resolve);
  });
  return { code, stdout, stderr };
}

describe('filterNativeStderr (no GPU needed)', () => {
  it('drops the known limit-clamping warnings and forwards every other byte', () => {
    const input = `${BENIGN_UNIFORM}\n${NATIVE_ERROR}\n${BENIGN_STORAGE}\r\nXDG_RUNTIME_DIR is invalid\nunterminated \xff tail`;
    const { forward, dropped } = filterNativeStderr(Buffer.from(input, 'latin1'));
    const expected = `${NATIVE_ERROR}\nXDG_RUNTIME_DIR is invalid\nunterminated \xff tail`;
    expect(forward.toString('latin1'), `computed ${JSON.stringify(forward.toString('latin1'))}, expected ${JSON.stringify(expected)}`).toBe(expected);
    expect(dropped).toBe(2);
  });

  it('does not drop lines that only resemble the warning', () => {
    for (const line of [
      `prefix ${BENIGN_UNIFORM}`,
      'Warning: maxDynamicUniformBuffersPerPipelineLayout could not be reduced',
      'Warning: maxStorageBuffersPerShaderStage artificially reduced from 90 to 16 to fit dynamic offset allocation limit.',
      'Error: maxDynamicStorageBuffersPerPipelineLayout artificially reduced from 80 to 16 to fit dynamic offset allocation limit.',
    ]) {
      expect(isBenignDawnLine(line), line).toBe(false);
    }
    expect(filterNativeStderr(Buffer.from('')).forward.length).toBe(0);
  });
});

describe.runIf(onLinux)('the fd 2 swap around a native call (no GPU needed; Linux only)', () => {
  const nativeLines = { PROBE_NATIVE_LINES: `${BENIGN_STORAGE}|${NATIVE_ERROR}` };

  it('on a pipe: drops the benign line, forwards the other one in its place', async () => {
    const { code, stdout, stderr } = await runWithStderrPipe(process.execPath, [...PROBE, 'synthetic'], nativeLines);
    expect(code, stderr).toBe(0);
    expect(stdout).toBe('stdout before, stderr is a pipe\nstdout after, hidden 1\n');
    expect(stderr).toBe(`stderr before\n${NATIVE_ERROR}\nstderr after\n`);
  });

  it(`on a pipe with ${DAWN_STDERR_ENV}=show: forwards everything untouched`, async () => {
    const { code, stdout, stderr } = await runWithStderrPipe(process.execPath, [...PROBE, 'synthetic'], { ...nativeLines, [DAWN_STDERR_ENV]: 'show' });
    expect(code, stderr).toBe(0);
    expect(stdout).toBe('stdout before, stderr is a pipe\nstdout after, hidden 0\n');
    expect(stderr).toBe(`stderr before\n${BENIGN_STORAGE}\n${NATIVE_ERROR}\nstderr after\n`);
  });

  it('on a UNIX socket (a Node parent\'s stdio pipe): no swap, everything forwarded untouched', async () => {
    // /proc/self/fd/2 of a socket cannot be reopened, so a swap could not be undone.
    const { code, stdout, stderr } = await probeThroughSockets('synthetic', nativeLines);
    expect(code, stderr).toBe(0);
    expect(stdout).toBe('stdout before, stderr is a socket\nstdout after, hidden 0\n');
    expect(stderr).toBe(`stderr before\n${BENIGN_STORAGE}\n${NATIVE_ERROR}\nstderr after\n`);
  });

  it('on a regular file shared with stdout: no swap, every line intact and in order', async () => {
    // A swap here would give fd 2 its own offset: "stdout after" would overwrite "stderr after".
    const { code, text } = await probeIntoOneFile('synthetic', nativeLines);
    expect(code, text).toBe(0);
    expect(text).toBe(`stdout before, stderr is a file\nstderr before\n${BENIGN_STORAGE}\n${NATIVE_ERROR}\nstderr after\nstdout after, hidden 0\n`);
  });
});

describe.runIf(onLinux)("Dawn's warnings in GPU runs (Linux only)", () => {
  const gpu = useGpuTestDevice();
  const warningLines = (stderr: string) => stderr.split('\n').filter((line) => line.includes('artificially reduced'));

  it('margin devices, stderr a pipe: lists the adapter, no warning on stderr', async (ctx) => {
    gpu.use(ctx);
    const { code, stdout, stderr } = await runWithStderrPipe(process.execPath, [...CLI, 'devices']);
    expect(code, stderr).toBe(0);
    expect(stdout).toMatch(/vulkan|opengles/);
    expect(warningLines(stderr), `stderr was:\n${stderr}`).toEqual([]);
  });

  it(`margin devices with ${DAWN_STDERR_ENV}=show: the warnings are there (so the test above can fail)`, async (ctx) => {
    gpu.use(ctx);
    const { code, stderr } = await runWithStderrPipe(process.execPath, [...CLI, 'devices'], { [DAWN_STDERR_ENV]: 'show' });
    expect(code, stderr).toBe(0);
    // webgpu is pinned (0.6.2), and its Dawn prints them for every adapter it finds. A Dawn that
    // stops printing them fails this test: then the filter may go.
    expect(warningLines(stderr).length, `stderr was:\n${stderr}`).toBeGreaterThan(0);
  });

  it('margin run --backend gpu --quiet, stderr a pipe: succeeds with nothing on stderr', async (ctx) => {
    gpu.use(ctx);
    const { code, stdout, stderr } = await runWithStderrPipe(process.execPath, [
      ...CLI, 'run', '--backend', 'gpu', '--scenarios', '500', '--quiet', '--workers', '0', '--format', 'json',
    ]);
    expect(code, stderr).toBe(0);
    expect(JSON.parse(stdout).run.backend).toBe('gpu');
    expect(stderr, `stderr was:\n${stderr}`).toBe('');
  });

  it('margin run --backend gpu: the log says how many warnings were hidden and how to show them', async (ctx) => {
    gpu.use(ctx);
    const { code, stderr } = await runWithStderrPipe(process.execPath, [
      ...CLI, 'run', '--backend', 'gpu', '--scenarios', '500', '--workers', '0', '--format', 'json', '--no-attribution',
    ]);
    expect(code, stderr).toBe(0);
    expect(warningLines(stderr), `stderr was:\n${stderr}`).toEqual([]);
    expect(stderr).toMatch(new RegExp(`backend: GPU, .*\\(\\d+ benign Dawn warnings hidden; ${DAWN_STDERR_ENV}=show shows them\\)`));
  });

  it('Dawn acquisition with stderr a regular file shared with stdout: no swap, output intact and in order', async (ctx) => {
    gpu.use(ctx);
    const { code, text } = await probeIntoOneFile('dawn', {});
    expect(code, text).toBe(0);
    const lines = text.split('\n');
    const at = (line: string) => lines.indexOf(line);
    expect([at('stdout before, stderr is a file'), at('stderr before'), at('stderr after'), at('stdout after, hidden 0')], text).toEqual([
      0,
      1,
      lines.length - 3,
      lines.length - 2,
    ]);
    // What Dawn printed sits between the markers, whole lines: nothing lost or overwritten.
    expect(lines.slice(2, -3).every((line) => line.startsWith('Warning: ')), text).toBe(true);
  });
});
