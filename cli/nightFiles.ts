import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, mkdirSync, openSync, readdirSync, renameSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';

/**
 * A night's output folder, `OUT/nights/<asOf>/`, written all at once or not at all: its files go
 * into a hidden temporary folder beside it, which is renamed into place when complete (a rerun
 * moves the old folder aside first, then deletes it). A process killed at any point leaves either
 * the complete old folder, the complete new one, or none, plus hidden leftovers that the next run
 * removes (`removeLeftovers`).
 */
const LEFTOVER = /^\.(.+)\.(tmp|old)-[0-9a-f]+$/;

export function nightsDirectory(out: string): string {
  return join(out, 'nights');
}

/** Removes the hidden temporary and displaced folders a killed run left behind. */
export function removeLeftovers(out: string): string[] {
  const nights = nightsDirectory(out);
  mkdirSync(nights, { recursive: true });
  const removed = readdirSync(nights).filter((name) => LEFTOVER.test(name));
  for (const name of removed) rmSync(join(nights, name), { recursive: true, force: true });
  return removed;
}

/** Folders being written by this process: removed if it exits first (SIGINT, SIGTERM, an error). */
const pending = new Set<string>();
process.on('exit', () => {
  for (const folder of pending) rmSync(folder, { recursive: true, force: true });
});

export function writeNightFolder(out: string, asOf: string, files: Record<string, string>): string {
  const nights = nightsDirectory(out);
  const final = join(nights, asOf);
  const temp = join(nights, `.${asOf}.tmp-${randomBytes(6).toString('hex')}`);
  pending.add(temp);
  mkdirSync(temp);
  for (const [name, content] of Object.entries(files)) {
    const fd = openSync(join(temp, name), 'w');
    try {
      writeSync(fd, content);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  }
  const displaced = join(nights, `.${asOf}.old-${randomBytes(6).toString('hex')}`);
  let hadOld = true;
  try {
    renameSync(final, displaced);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    hadOld = false;
  }
  renameSync(temp, final);
  pending.delete(temp);
  if (hadOld) rmSync(displaced, { recursive: true, force: true });
  return final;
}
