/**
 * Bundles code that imports the package the way a web app's bundler would: esbuild, platform
 * 'browser' (the package's browser-facing conditions), ES modules, and no Node shims or
 * polyfills. Imports of Node built-ins and of Dawn (`webgpu`) are recorded with their importer
 * and left external, so a test can name every Node-only import that reached the bundle instead
 * of failing on the first unresolved one.
 */
import { builtinModules } from 'node:module';
import { relative } from 'node:path';
import { build, type Plugin } from 'esbuild';

/** Packages that exist only in Node: its built-ins and Dawn's binding. */
const NODE_ONLY = new Set([...builtinModules, ...builtinModules.map((name) => `node:${name}`), 'webgpu']);

export interface BrowserBundle {
  code: string;
  /** `importer → module` for every Node-only import met while bundling. */
  nodeOnlyImports: string[];
  /** Every input file of the bundle, relative to the bundling directory. */
  inputs: string[];
}

export async function bundleForBrowser(options: { dir: string; contents: string; loader: 'ts' | 'js' }): Promise<BrowserBundle> {
  const nodeOnlyImports: string[] = [];
  const recordNodeOnly: Plugin = {
    name: 'record-node-only',
    setup(build) {
      build.onResolve({ filter: /.*/ }, (args) => {
        if (!NODE_ONLY.has(args.path) && !NODE_ONLY.has(args.path.split('/')[0])) return undefined;
        nodeOnlyImports.push(`${relative(options.dir, args.importer) || '(entry)'} → ${args.path}`);
        return { path: args.path, external: true };
      });
    },
  };
  const result = await build({
    stdin: { contents: options.contents, loader: options.loader, resolveDir: options.dir, sourcefile: 'entry' },
    absWorkingDir: options.dir,
    bundle: true,
    platform: 'browser',
    format: 'esm',
    target: 'es2022',
    write: false,
    metafile: true,
    logLevel: 'silent',
    plugins: [recordNodeOnly],
  });
  return { code: result.outputFiles[0].text, nodeOnlyImports, inputs: Object.keys(result.metafile.inputs) };
}

/** The npm packages an input list comes from (`node_modules/<name>` or `<scope>/<name>`). */
export function packagesOf(inputs: string[]): string[] {
  const names = inputs.map((input) => input.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/)?.[1]).filter((name): name is string => !!name);
  return [...new Set(names)].sort();
}
