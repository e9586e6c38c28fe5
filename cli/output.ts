import { randomBytes } from 'node:crypto';
import { closeSync, constants, fsyncSync, mkdirSync, openSync, renameSync, rmSync, statSync, type Stats, writeSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { InputError } from '../src/model/errors.js';

/**
 * Where results go. Files are written under a temporary name beside the target and renamed into
 * place only when complete, so a failed or interrupted run never leaves a partial or
 * stale-looking output. The rules, checked before any computation starts (`checkOutputFile`):
 * - the target's directory must exist: `--out` does not create directories (as shell
 *   redirection does not); the commands whose `--out` names a directory (generate, sample,
 *   schema) create it;
 * - an existing target is replaced, unless it is a directory or has no write permission bit
 *   (a file someone made read-only is refused, even for root).
 */

function statOrUndefined(path: string): Stats | undefined {
  try {
    return statSync(path);
  } catch (error) {
    // ENOTDIR: a component of the path is a file; the parent check below names it.
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    throw error;
  }
}

function refuse(option: string, path: string, reason: string): never {
  throw new InputError(option, '', path, reason);
}

/** Refuses an output file path that the run could not write at its end. */
export function checkOutputFile(path: string, option = '--out'): void {
  const target = statOrUndefined(path);
  if (target?.isDirectory()) refuse(option, path, 'is a directory: name a file');
  if (target && (target.mode & 0o222) === 0) refuse(option, path, 'is read-only: refusing to replace it');
  const directory = dirname(resolve(path));
  const parent = statOrUndefined(directory);
  if (!parent) refuse(option, path, `directory ${directory} does not exist (--out does not create directories)`);
  if (!parent.isDirectory()) refuse(option, path, `${directory} is not a directory`);
  if (!isWritableDirectory(directory)) refuse(option, path, `directory ${directory} is not writable`);
}

/** Refuses an output directory path that exists as something else; creates it otherwise. */
export function prepareOutputDirectory(path: string, option = '--out'): void {
  const target = statOrUndefined(path);
  if (target && !target.isDirectory()) refuse(option, path, 'exists and is not a directory');
  try {
    mkdirSync(path, { recursive: true });
  } catch (error) {
    refuse(option, path, `cannot create the directory: ${(error as NodeJS.ErrnoException).code ?? error}`);
  }
  if (!isWritableDirectory(path)) refuse(option, path, 'directory is not writable');
}

/** Probes by creating a file: permission bits alone do not tell (root, read-only mounts, ACLs). */
function isWritableDirectory(directory: string): boolean {
  const probe = join(directory, `.margin-probe-${randomBytes(6).toString('hex')}`);
  try {
    closeSync(openSync(probe, constants.O_CREAT | constants.O_EXCL | constants.O_WRONLY));
    rmSync(probe, { force: true });
    return true;
  } catch {
    return false;
  }
}

/** Temp files of this process not yet renamed: removed if the process exits first (a signal, an error). */
const pendingTemps = new Set<string>();
process.on('exit', () => {
  for (const temp of pendingTemps) rmSync(temp, { force: true });
});

/**
 * An output written piece by piece: to a temp file renamed into place by `commit`, or to stdout.
 * Pieces go out as they come, so a report of any size is written without ever being one string.
 */
export class OutputSink {
  private fd: number | undefined;
  private readonly temp: string | undefined;

  constructor(private readonly path?: string) {
    if (path === undefined) return;
    this.temp = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
    pendingTemps.add(this.temp);
    this.fd = openSync(this.temp, 'w');
  }

  async write(text: string): Promise<void> {
    if (this.fd !== undefined) {
      writeSync(this.fd, text);
      return;
    }
    if (!process.stdout.write(text)) await new Promise<void>((done) => process.stdout.once('drain', done));
  }

  /** Makes the output visible: the file renamed into place, or stdout flushed to the OS. */
  async commit(): Promise<void> {
    if (this.fd === undefined || this.temp === undefined) {
      await new Promise<void>((done, fail) => process.stdout.write('', (error) => (error ? fail(error) : done())));
      return;
    }
    fsyncSync(this.fd);
    closeSync(this.fd);
    this.fd = undefined;
    renameSync(this.temp, this.path!);
    pendingTemps.delete(this.temp);
  }

  /** Drops a file output (nothing is left behind); stdout cannot be taken back. */
  abort(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
    if (this.temp !== undefined) {
      rmSync(this.temp, { force: true });
      pendingTemps.delete(this.temp);
    }
  }
}

/** Writes all pieces to `path` (or stdout when undefined), atomically for a file. */
export async function writeOutput(path: string | undefined, pieces: Iterable<string>): Promise<void> {
  const sink = new OutputSink(path);
  try {
    // Batch small pieces into ~1 MiB writes: one syscall per account record would dominate.
    let batch = '';
    for (const piece of pieces) {
      batch += piece;
      if (batch.length >= 1 << 20) {
        await sink.write(batch);
        batch = '';
      }
    }
    if (batch !== '') await sink.write(batch);
    await sink.commit();
  } catch (error) {
    sink.abort();
    throw error;
  }
}

/** A small file written whole, atomically (generate, sample, schema). */
export function writeFileAtomic(path: string, content: string): Promise<void> {
  return writeOutput(path, [content]);
}
