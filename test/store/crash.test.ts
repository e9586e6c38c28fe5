import { spawn } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/index.js';
import { tempFolder } from './storeFixtures.js';

/**
 * A writer process killed with SIGKILL in the middle of a night's transaction: the next open
 * finds a consistent database with the nights committed before, and nothing of the half night
 * (the re-run it was writing is absent; the earlier run of that night is intact).
 */
const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const WRITER = 'test/store/fixtures/killedWriter.ts';
/** More rows than better-sqlite3's page cache holds (16 MB), so uncommitted pages spill into the WAL file before the kill. */
const ROWS_BEFORE_KILL = 300_000;

let folder: ReturnType<typeof tempFolder>;
beforeEach(() => {
  folder = tempFolder();
});
afterEach(() => folder.remove());

/** Runs the writer until it says `midway`, kills it, and returns what it printed and the WAL's size then. */
function runAndKill(path: string): Promise<{ stdout: string; signal: NodeJS.Signals | null; walBytes: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', WRITER, path, String(ROWS_BEFORE_KILL)], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let walBytes = 0;
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (stdout.includes('midway\n') && walBytes === 0) {
        walBytes = existsSync(`${path}-wal`) ? statSync(`${path}-wal`).size : -1;
        child.kill('SIGKILL');
      }
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (_code, signal) => (stdout.includes('midway\n') ? resolve({ stdout, signal, walBytes }) : reject(new Error(`writer exited before midway: ${stdout}${stderr}`))));
  });
}

describe('a writer killed mid-night', () => {
  it('leaves a consistent store: the committed nights whole, nothing of the killed re-run', async () => {
    const path = folder.file('margin.sqlite');
    const { stdout, signal, walBytes } = await runAndKill(path);
    expect(stdout).toBe('committed\nmidway\n');
    expect(signal).toBe('SIGKILL');
    console.log(`killed after ${ROWS_BEFORE_KILL} uncommitted rows; WAL file then ${walBytes} bytes`);
    expect(walBytes).toBeGreaterThan(1 << 20); // the half night had reached the disk, uncommitted

    const store = openStore(path);
    try {
      expect(store.integrityCheck()).toBe('ok');
      expect(store.accountSeries('acct-000001').map((p) => [p.asOf, p.equity])).toEqual([
        ['2026-11-22', 1],
        ['2026-11-23', 1],
      ]);
    } finally {
      store.close();
    }
    const raw = new Database(path, { readonly: true });
    const nights = raw.prepare('SELECT as_of, count(*) AS rows, max(equity) AS maxEquity FROM margins GROUP BY as_of ORDER BY as_of').all();
    raw.close();
    expect(nights).toEqual([
      { as_of: '2026-11-22', rows: 100, maxEquity: 1 },
      { as_of: '2026-11-23', rows: 100, maxEquity: 1 },
    ]);
  });
});
