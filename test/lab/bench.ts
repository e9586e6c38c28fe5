/**
 * `npm run lab:bench`: the sample venue's margin run (254 accounts, 10,000 scenarios, seed 42,
 * Euler attribution included, as the lab runs it) in the page, on WebGPU (SwiftShader in
 * headless Chromium here) and on the Web Worker CPU path, against the Node backends on the same
 * machine (the CPU on worker threads, and the GPU through Dawn when it finds an adapter).
 * Median of 3 runs each after one warm-up (the page's first run compiles the shaders).
 */
import { availableParallelism } from 'node:os';
import { prepareMargin, type RiskEngine, runMargin, sampleBook, sampleMarket, sampleParams } from '../../src/index.js';
import { openNodeEngine } from '../../src/node.js';
import { launchChromium } from '../package/browser.js';
import { buildAndServeLab, labState, openLab, settled } from './labSite.js';

const RUNS = 3;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const rows: string[][] = [];

async function inPage(withoutWebGpu: boolean, browser: Awaited<ReturnType<typeof launchChromium>>, url: string) {
  const { context, page } = await openLab(browser, url, { withoutWebGpu });
  const times: number[] = [];
  let description = '';
  for (let k = 0; k <= RUNS; k++) {
    await page.getByTestId(k === 0 ? 'load-sample' : 'run').click();
    const outcome = await settled(page);
    if (outcome.kind !== 'done') throw new Error(outcome.message);
    const r = await labState<{ runMs: number; description: string }>(page, '(s) => ({ runMs: s.result.timings.runMs, description: s.result.backend.description })');
    description = r.description;
    if (k > 0) times.push(r.runMs);
  }
  await context.close();
  rows.push([`page: ${description}`, (median(times) / 1000).toFixed(2), times.map((t) => (t / 1000).toFixed(2)).join(' ')]);
}

async function inNode(open: () => Promise<RiskEngine>) {
  const engine = await open();
  const times: number[] = [];
  try {
    for (let k = 0; k <= RUNS; k++) {
      const setup = prepareMargin({ market: sampleMarket(), book: sampleBook(), params: sampleParams() });
      const t = performance.now();
      await runMargin(setup, { engine });
      if (k > 0) times.push(performance.now() - t);
    }
  } finally {
    await engine.dispose();
  }
  rows.push([`Node: ${engine.description}`, (median(times) / 1000).toFixed(2), times.map((t) => (t / 1000).toFixed(2)).join(' ')]);
}

const site = await buildAndServeLab();
const browser = await launchChromium();
try {
  await inPage(false, browser, site.url);
  await inPage(true, browser, site.url);
} finally {
  await browser.close();
  await site.close();
}
await inNode(() => openNodeEngine({ backend: 'cpu' }));
await inNode(() => openNodeEngine({ backend: 'cpu', workers: 0 }));
try {
  await inNode(() => openNodeEngine({ backend: 'gpu' }));
} catch (error) {
  rows.push(['Node: GPU (Dawn)', 'n/a', error instanceof Error ? error.message : String(error)]);
}
console.log(`sample venue margin run (254 accounts × 10,000 scenarios, with attribution), ${availableParallelism()} cores; seconds, median of ${RUNS}\n`);
console.log('| where | median s | runs |\n|---|---|---|');
for (const row of rows) console.log(`| ${row.join(' | ')} |`);
process.exit(0);
