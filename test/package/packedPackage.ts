/**
 * The package as a user gets it: `npm pack` of this checkout (its prepack and prepare scripts
 * build dist/ from scratch), extracted into a throwaway consumer project outside the
 * repository, so that nothing resolves through the repository's own node_modules.
 *
 * The consumer's node_modules links (from this checkout's node_modules: no network, no install
 * step) exactly the `dependencies` of the packed package.json, never its devDependencies: a type
 * or module that the published files need but the manifest does not declare is missing there,
 * as it would be for a user.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = fileURLToPath(new URL('../..', import.meta.url));
export const PACKAGE_NAME = 'webgpu-margin';

export interface Manifest {
  name: string;
  main?: string;
  types?: string;
  bin?: Record<string, string>;
  exports?: unknown;
  dependencies?: Record<string, string>;
}

export interface PackedPackage {
  tarball: string;
  /** Paths inside the tarball, relative to its package/ folder, as `npm pack --json` lists them. */
  files: string[];
}

/** `npm pack` into `destination`; its lifecycle scripts rebuild dist/ first. */
export function packPackage(destination: string): PackedPackage {
  const stdout = execFileSync('npm', ['pack', '--json', '--pack-destination', destination], {
    cwd: REPO,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    maxBuffer: 64 * 1024 * 1024,
  });
  // The JSON report is the last thing npm writes; anything before it is script output.
  const start = stdout.startsWith('[') ? 0 : stdout.indexOf('\n[') + 1;
  const [report] = JSON.parse(stdout.slice(start)) as {
    filename: string;
    files: { path: string }[];
  }[];
  return { tarball: join(destination, report.filename), files: report.files.map((f) => f.path).sort() };
}

/**
 * A consumer project in `dir`: `"type": "module"`, the tarball extracted as
 * node_modules/webgpu-margin, its dependencies linked. `@types/node` is linked as the
 * consumer's own (a TypeScript project in Node has it), not as the package's.
 */
export function createConsumer(dir: string, tarball: string): { dir: string; manifest: Manifest } {
  const packageDir = join(dir, 'node_modules', PACKAGE_NAME);
  mkdirSync(packageDir, { recursive: true });
  execFileSync('tar', ['-xzf', tarball, '-C', packageDir, '--strip-components=1']);
  const manifest = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as Manifest;
  for (const name of [...Object.keys(manifest.dependencies ?? {}), '@types/node']) {
    const link = join(dir, 'node_modules', name);
    mkdirSync(dirname(link), { recursive: true });
    symlinkSync(join(REPO, 'node_modules', name), link, 'dir');
  }
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify({ name: 'consumer', private: true, type: 'module' }, null, 2)}\n`);
  return { dir, manifest };
}

/** Every file path a manifest points at (main, types, bin, every target of exports). */
export function manifestTargets(manifest: Manifest): string[] {
  const targets: string[] = [];
  const walk = (value: unknown) => {
    if (typeof value === 'string') targets.push(value.replace(/^\.\//, ''));
    else if (value && typeof value === 'object') Object.values(value).forEach(walk);
  };
  walk([manifest.main, manifest.types, manifest.bin, manifest.exports]);
  return [...new Set(targets)].sort();
}

/** Runs the repository's TypeScript compiler on a consumer tsconfig; returns its diagnostics. */
export function consumerTsc(dir: string, project: string): { status: number; output: string } {
  try {
    const output = execFileSync(process.execPath, [join(REPO, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', project, '--pretty', 'false'], {
      cwd: dir,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    return { status: 0, output };
  } catch (error) {
    const e = error as { status: number; stdout: string; stderr: string };
    return { status: e.status, output: `${e.stdout}${e.stderr}` };
  }
}
