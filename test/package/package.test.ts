/**
 * The library as a user installs it: packed with `npm pack` (one clean build, shared by every
 * test here), installed into a consumer project outside the repository, and used as the README
 * shows. Checks:
 *   - the tarball holds the compiled library and CLI and nothing else;
 *   - both entry points resolve through the exports map in Node, and `webgpu-margin/node`
 *     holds the Node-only adapters;
 *   - the README's snippets compile in consumers (Node, and browser without Node's types) with
 *     `strict` and `skipLibCheck: false`, i.e. the published declarations are complete;
 *   - the Node snippets run: the CPU one prints the bits this process computes, the GPU one
 *     agrees within the GPU parity tolerance;
 *   - the main entry bundles for a browser with no Node-only import and loads in headless
 *     Chromium; the browser snippet agrees with Node to rounding without WebGPU (CPU backend)
 *     and within the f32 tolerance on WebGPU (SwiftShader).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, type TestContext } from 'vitest';
import type { RiskReport } from '../../src/engine/riskReport.js';
import { prepareRisk, runRisk } from '../../src/engine/risk.js';
import { grossNotional } from '../gpu/notional.js';
import { browserUnavailable, launchChromium, REQUIRE_BROWSER, runInPage, serveStatic, type StaticSite } from './browser.js';
import { bundleForBrowser, packagesOf } from './browserBundle.js';
import { consumerTsc, createConsumer, type Manifest, manifestTargets, PACKAGE_NAME, packPackage, REPO } from './packedPackage.js';
import { compareWithReference, parsePrintedRisk, type PrintedRisk, type Tolerance } from './printedRisk.js';
import { readmeSnippets } from './readmeSnippets.js';

const REQUIRE_WEBGPU = process.env.REQUIRE_WEBGPU === '1';
/**
 * The packages allowed in the main entry's browser bundle: ones whose code there is
 * runtime-neutral. A package's Node build can break a page without importing any Node module
 * (csv-parse's calls `Buffer` at import), so a new package in the bundle fails here until
 * someone has checked the build the bundler picks and added it.
 */
const BROWSER_SAFE_PACKAGES = [PACKAGE_NAME, 'zod', 'csv-parse', 'typegpu', 'typed-binary', 'tinyest', 'tsover-runtime'];
const seconds = (since: number) => `${((performance.now() - since) / 1000).toFixed(1)} s`;

let work: string;
let files: string[];
let consumer: string;
let manifest: Manifest;
let nodeTsc: ReturnType<typeof consumerTsc>;
let browserTsc: ReturnType<typeof consumerTsc>;

/** A consumer tsconfig: strict, declarations checked too (skipLibCheck false). */
function tsconfig(compilerOptions: Record<string, unknown>, include: string[]): string {
  const base = { target: 'ES2022', strict: true, skipLibCheck: false, lib: ['ES2023', 'DOM'] };
  return `${JSON.stringify({ compilerOptions: { ...base, ...compilerOptions }, include }, null, 2)}\n`;
}

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'webgpu-margin-package-'));
  let t = performance.now();
  const packed = packPackage(work);
  files = packed.files;
  console.info(`[package] npm pack (clean build of dist/): ${files.length} files, ${statSync(packed.tarball).size} bytes, ${seconds(t)}`);
  ({ dir: consumer, manifest } = createConsumer(join(work, 'consumer'), packed.tarball));

  // The three input files, written by the packed CLI (the README's `npx margin sample --out .`).
  execFileSync(process.execPath, [join(consumer, 'node_modules', PACKAGE_NAME, manifest.bin!.margin), 'sample', '--out', consumer], { stdio: 'pipe' });

  const snippets = readmeSnippets();
  mkdirSync(join(consumer, 'node'));
  mkdirSync(join(consumer, 'browser'));
  writeFileSync(join(consumer, 'node', 'node-cpu.ts'), snippets['node-cpu']);
  writeFileSync(join(consumer, 'node', 'node-gpu.ts'), snippets['node-gpu']);
  writeFileSync(join(consumer, 'browser', 'app.ts'), snippets.browser);
  // Node: NodeNext resolution (the exports map, as Node reads it), emitting JS to run.
  writeFileSync(
    join(consumer, 'tsconfig.node.json'),
    tsconfig({ module: 'NodeNext', moduleResolution: 'NodeNext', types: ['node'], rootDir: 'node', outDir: 'out' }, ['node']),
  );
  // Browser: a bundler's resolution and no Node types at all.
  writeFileSync(
    join(consumer, 'tsconfig.browser.json'),
    tsconfig({ module: 'ESNext', moduleResolution: 'Bundler', types: [], noEmit: true }, ['browser']),
  );
  t = performance.now();
  nodeTsc = consumerTsc(consumer, 'tsconfig.node.json');
  browserTsc = consumerTsc(consumer, 'tsconfig.browser.json');
  console.info(`[package] consumer tsc, Node and browser configs: ${seconds(t)}`);
}, 600_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

/** The engine's own result (this process, from the sources) for the inputs a snippet ran on. */
const references = new Map<string, Promise<{ report: RiskReport; notional: Float64Array }>>();
function referenceFor(printed: PrintedRisk) {
  const key = `${printed.scenarios}/${printed.seed}`;
  if (!references.has(key)) {
    const read = (name: string): unknown => JSON.parse(readFileSync(join(consumer, `${name}.json`), 'utf8'));
    const plan = prepareRisk({ market: read('market'), book: read('book'), params: read('params') }, { scenarios: printed.scenarios, seed: printed.seed });
    references.set(key, runRisk(plan).then((report) => ({ report, notional: grossNotional(plan) })));
  }
  return references.get(key)!;
}

/** Node runs the same f64 code on the same V8 as this process: the same bits. */
const SAME_BITS: Tolerance = { relative: 0, notionalFloor: 0 };
/**
 * Another JavaScript engine: Chromium's V8 rounds Math.exp, log, log1p, sin and cos differently
 * from Node 20's on a fraction of inputs (measured, Chromium 156 against Node 20.20: 1 ulp on
 * ~10% of exp results, ~3% of sin and cos, ~1% of log), so the same f64 code agrees to
 * rounding, not bit for bit. Measured: worst 1.6e-14 relative, no floor needed.
 */
const OTHER_JS_ENGINE: Tolerance = { relative: 1e-12, notionalFloor: 1e-14 };
/** The product's GPU parity target and its f32 floor, as test/gpu/parity.test.ts states them. */
const GPU_PARITY: Tolerance = { relative: 1e-4, notionalFloor: 1e-6 };
/**
 * SwiftShader (Chromium's software WebGPU): its f32 cos is about as coarse as WGSL allows
 * (absolute error ≤ 2^-11 on [−π, π]), so Box–Muller's normals differ from the CPU's by up to
 * 8.6e-4 (lavapipe: 6.4e-7) and VaR/ES miss the 1e-4 target. Measured: worst 4.4e-4 relative,
 * no floor needed; the floor is ten times the f32 one, as the normals are far coarser.
 */
const SWIFTSHADER: Tolerance = { relative: 1e-3, notionalFloor: 1e-5 };

async function expectEngineResult(label: string, printed: PrintedRisk, tolerance: Tolerance) {
  const { report, notional } = await referenceFor(printed);
  const { failures, worstRelative, neededFloor, comparisons } = compareWithReference(printed, report, notional, tolerance);
  console.info(
    `[package] ${label} on ${printed.engine}: ${printed.accounts.length} accounts; worst relative error ` +
      `${worstRelative.toExponential(2)} (tolerance ${tolerance.relative}), ${neededFloor}/${comparisons} comparisons ` +
      `needed the floor of ${tolerance.notionalFloor} × gross notional; ${failures.length} failures`,
  );
  expect(failures).toEqual([]);
  // The floor is for a few hedged accounts: a test that floored everything would prove nothing.
  expect(neededFloor).toBeLessThanOrEqual(0.05 * comparisons);
}

/** The GPU parity rule on the GPU (wider on SwiftShader, see above); bits on Node's CPU. */
const gpuTolerance = (printed: PrintedRisk) => (/swiftshader/i.test(printed.engine) ? SWIFTSHADER : GPU_PARITY);

/** The names each entry exports, as Node loads them from the consumer (through the exports map). */
function nodeEntryNames(): { main: string[]; node: string[] } {
  const script =
    `const main = await import('${PACKAGE_NAME}'); const node = await import('${PACKAGE_NAME}/node');` +
    `process.stdout.write(JSON.stringify({ main: Object.keys(main), node: Object.keys(node) })); process.exit(0);`;
  return JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: consumer, encoding: 'utf8' }));
}

describe('the packed package', () => {
  it('ships the compiled library and CLI and nothing else', () => {
    const sources = (dir: string) =>
      readdirSync(join(REPO, dir), { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'));
    const expected = [
      'README.md',
      'package.json',
      ...sources('src').flatMap((f) => [`dist/src/${f.replace(/\.ts$/, '.js')}`, `dist/src/${f.replace(/\.ts$/, '.d.ts')}`]),
      ...sources('cli').map((f) => `dist/cli/${f.replace(/\.ts$/, '.js')}`),
    ].sort();
    const extra = files.filter((f) => !expected.includes(f));
    const missing = expected.filter((f) => !files.includes(f));
    const unshippedTargets = manifestTargets(manifest).filter((f) => !files.includes(f));
    console.info(`[package] tarball: ${files.length} files; extra ${extra.length}, missing ${missing.length}; manifest targets ${manifestTargets(manifest).join(', ')}`);
    expect(extra).toEqual([]);
    expect(missing).toEqual([]);
    expect(unshippedTargets).toEqual([]);
  });

  it('resolves both entry points through its exports map in Node', () => {
    const names = nodeEntryNames();
    console.info(`[package] webgpu-margin: ${names.main.length} exports; webgpu-margin/node: ${names.node.join(', ')}`);
    expect(names.node).toEqual(expect.arrayContaining(['openNodeEngine', 'acquireNodeGpuDevice', 'nodeWorkerExecutor']));
    expect(names.main).toEqual(expect.arrayContaining(['prepareRisk', 'runRisk', 'CpuEngine', 'loadGpuEngine', 'acquireBrowserGpuDevice']));
    // The Node adapters stay out of the runtime-neutral entry.
    expect(names.main.filter((name) => names.node.includes(name))).toEqual([]);
  });

  it("type-checks in strict consumers with skipLibCheck false (Node, and browser without Node's types)", () => {
    const errors = (output: string) => output.split('\n').filter((line) => line.includes('error TS')).length;
    console.info(`[package] consumer tsc, Node: exit ${nodeTsc.status}, ${errors(nodeTsc.output)} errors; browser: exit ${browserTsc.status}, ${errors(browserTsc.output)} errors`);
    expect(nodeTsc.output).toBe('');
    expect(nodeTsc.status).toBe(0);
    expect(browserTsc.output).toBe('');
    expect(browserTsc.status).toBe(0);
  });
});

describe('the README snippets in Node', () => {
  const run = (file: string) => {
    const t = performance.now();
    const output = execFileSync(process.execPath, [join('out', file)], { cwd: consumer, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 300_000 });
    console.info(`[package] ${file}: ${seconds(t)}`);
    return parsePrintedRisk(output);
  };

  it('on the CPU: the same bits as the engine run in this process', async () => {
    const printed = run('node-cpu.js');
    expect(printed.backend).toBe('cpu');
    await expectEngineResult('node-cpu', printed, SAME_BITS);
  });

  it('with the GPU (Dawn), or the CPU workers without an adapter: agrees with the engine', async () => {
    const printed = run('node-gpu.js');
    if (REQUIRE_WEBGPU) expect(printed.backend).toBe('gpu');
    await expectEngineResult('node-gpu', printed, printed.backend === 'gpu' ? gpuTolerance(printed) : SAME_BITS);
  });
});

describe('in a browser (headless Chromium)', () => {
  let skipReason: string | undefined;
  let browser: Browser | undefined;
  let site: StaticSite | undefined;
  let entryBundle: Awaited<ReturnType<typeof bundleForBrowser>>;

  beforeAll(async () => {
    skipReason = browserUnavailable();
    // The whole runtime-neutral entry: the namespace is used, so nothing is tree-shaken away.
    entryBundle = await bundleForBrowser({ dir: consumer, loader: 'js', contents: `import * as margin from '${PACKAGE_NAME}';\nexport const names = Object.keys(margin);\n` });
    if (skipReason) return;
    const app = await bundleForBrowser({ dir: join(consumer, 'browser'), loader: 'ts', contents: readFileSync(join(consumer, 'browser', 'app.ts'), 'utf8') });
    const json = (name: string) => readFileSync(join(consumer, `${name}.json`), 'utf8');
    site = await serveStatic({
      '/': '<!doctype html><meta charset="utf-8"><title>webgpu-margin</title>',
      '/favicon.ico': new Uint8Array(0), // asked for by every page; a 404 would log an error
      '/entry.js': entryBundle.code,
      '/app.js': app.code,
      '/market.json': json('market'),
      '/book.json': json('book'),
      '/params.json': json('params'),
    });
    const t = performance.now();
    browser = await launchChromium();
    console.info(`[package] Chromium ${browser.version()} launched in ${seconds(t)}; serving ${site.url}`);
  });

  afterAll(async () => {
    await browser?.close();
    await site?.close();
  });

  const page = (ctx: TestContext) => {
    if (!browser || !site) ctx.skip(`no browser: ${skipReason}`);
    return { browser: browser!, url: site!.url };
  };

  it('the main entry bundles with no Node-only import and only browser-safe packages', () => {
    const packages = packagesOf(entryBundle.inputs);
    console.info(`[package] browser bundle of the main entry: ${entryBundle.code.length} bytes, ${entryBundle.inputs.length} modules, packages ${packages.join(', ')}`);
    expect(entryBundle.nodeOnlyImports).toEqual([]);
    expect(packages.filter((name) => !BROWSER_SAFE_PACKAGES.includes(name))).toEqual([]);
  });

  it('the main entry loads in Chromium without shims, with the exports it has in Node', async (ctx) => {
    const { browser, url } = page(ctx);
    const t = performance.now();
    const run = await runInPage<string[]>(browser, url, `import('/entry.js').then((m) => m.names)`);
    console.info(`[package] main entry loaded in the page in ${seconds(t)}: ${run.value.length} exports; problems: ${run.problems.length}`);
    expect(run.problems).toEqual([]);
    expect([...run.value].sort()).toEqual([...nodeEntryNames().main].sort());
  });

  it('the browser snippet without WebGPU: the CPU backend, agreeing with Node to rounding', async (ctx) => {
    const { browser, url } = page(ctx);
    const t = performance.now();
    const run = await runInPage(browser, url, `import('/app.js').then(() => true)`, { withoutWebGpu: true });
    console.info(`[package] browser snippet without WebGPU: ${seconds(t)}; ${run.problems.join(' | ')}`);
    // Only the snippet's own warning that it falls back to the CPU.
    expect(run.problems).toEqual([expect.stringMatching(/^console\.warning: .*navigator\.gpu is undefined.*running on the CPU$/)]);
    const printed = parsePrintedRisk(run.logs.join('\n'));
    expect(printed.backend).toBe('cpu');
    await expectEngineResult('browser, no WebGPU', printed, OTHER_JS_ENGINE);
  });

  it('the browser snippet on WebGPU: agrees with the CPU within the f32 tolerance (wider on SwiftShader)', async (ctx) => {
    const { browser, url } = page(ctx);
    const t = performance.now();
    const run = await runInPage(browser, url, `import('/app.js').then(() => true)`);
    console.info(`[package] browser snippet with WebGPU: ${seconds(t)}; problems: ${run.problems.length}`);
    expect(run.problems).toEqual([]);
    const printed = parsePrintedRisk(run.logs.join('\n'));
    if (printed.backend !== 'gpu' && !REQUIRE_BROWSER) {
      console.warn(`\n${'!'.repeat(78)}\n!! SKIPPING the browser WebGPU case: Chromium gave no WebGPU adapter (REQUIRE_BROWSER=1 fails instead)\n${'!'.repeat(78)}\n`);
      ctx.skip('Chromium gave no WebGPU adapter');
    }
    expect(printed.backend).toBe('gpu');
    await expectEngineResult('browser, WebGPU', printed, gpuTolerance(printed));
  });
});
