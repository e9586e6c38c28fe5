import { spawn } from 'node:child_process';

/**
 * Runs a command whose stderr is a real pipe (a FIFO, as in `cmd 2>&1 | less` or a Python
 * parent's subprocess.PIPE). Node's own `stdio: 'pipe'` gives a child UNIX sockets, not pipes,
 * and code that behaves differently per kind of stderr (src/engine/gpu/nativeStderr.ts) needs
 * the real thing. bash makes the pipe: the command's stderr goes through `cat`, its stdout to a
 * separate descriptor. Never throws on a non-zero exit.
 */
export async function runWithStderrPipe(
  file: string,
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  // fd 3 of bash is the command's stdout; the pipeline's stdout (cat's) carries its stderr.
  // pipefail: the exit status is the command's, not cat's.
  const script = 'set -o pipefail; "$@" 2>&1 >&3 3>&- | cat 3>&-';
  const child = spawn('bash', ['-c', script, 'bash', file, ...args], {
    stdio: ['ignore', 'pipe', 'pipe', 'pipe'],
    env: { ...process.env, ...env },
  });
  let stdout = '';
  let stderr = '';
  let bashErrors = '';
  child.stdio[3]!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stdout!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (bashErrors += chunk.toString()));
  const code = await new Promise<number | null>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', resolve);
  });
  if (bashErrors !== '') throw new Error(`bash failed to set up the pipe: ${bashErrors}`);
  return { code, stdout, stderr };
}
