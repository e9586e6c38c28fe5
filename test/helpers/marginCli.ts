import { spawn } from 'node:child_process';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs the `margin` CLI from source in a child process (stdout and stderr are pipes); never
 * throws on a non-zero exit. `stdin` is written to the child's standard input and closed.
 */
export function margin(args: string[], env: Record<string, string> = {}, stdin?: string): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'cli/main.ts', ...args], {
      env: { ...process.env, ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    child.on('error', reject);
    child.on('close', (code, signal) =>
      resolve({ code: code ?? (signal ? 128 : 1), stdout: Buffer.concat(stdout).toString('utf8'), stderr: Buffer.concat(stderr).toString('utf8') }),
    );
    child.stdin.on('error', () => {}); // the child may exit before reading all of it
    child.stdin.end(stdin ?? '');
  });
}

/**
 * Runs `margin` in this process (cli/program.ts's runCli), capturing what it writes to stdout and
 * stderr: the same code path as the binary without a child process's start-up (~1 s under tsx).
 * For everything but what only a process shows: standard input, signals, the exit itself,
 * native stderr. Not reentrant: one call at a time.
 */
export async function marginInProcess(args: string[]): Promise<CliResult> {
  const { runCli } = await import('../../cli/program.js');
  const captured = { stdout: [] as string[], stderr: [] as string[] };
  const restore = [captureWrites(process.stdout, captured.stdout), captureWrites(process.stderr, captured.stderr)];
  try {
    const code = await runCli(['node', 'margin', ...args]);
    return { code, stdout: captured.stdout.join(''), stderr: captured.stderr.join('') };
  } finally {
    for (const undo of restore) undo();
  }
}

function captureWrites(stream: NodeJS.WriteStream, into: string[]): () => void {
  const original = stream.write;
  stream.write = ((chunk: string | Uint8Array, encoding?: unknown, callback?: unknown) => {
    into.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
    const done = typeof encoding === 'function' ? encoding : callback;
    if (typeof done === 'function') queueMicrotask(() => (done as () => void)());
    return true;
  }) as typeof stream.write;
  return () => {
    stream.write = original;
  };
}
