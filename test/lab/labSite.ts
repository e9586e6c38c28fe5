/**
 * The lab as a user gets it: `vite build` of lab/ (the static site of `npm run lab:build`, here
 * into a temporary folder), served by Vite's static preview server on 127.0.0.1 (a secure
 * origin: Chromium exposes navigator.gpu there), and driven in headless Chromium through the
 * package tests' launcher (test/package/browser.ts).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Download, Page } from 'playwright-core';
import { build, preview } from 'vite';
import { REPO } from '../package/packedPackage.js';

const CONFIG = join(REPO, 'lab', 'vite.config.ts');

export interface LabSite {
  url: string;
  buildMs: number;
  close(): Promise<void>;
}

export async function buildAndServeLab(): Promise<LabSite> {
  const outDir = mkdtempSync(join(tmpdir(), 'risk-lab-'));
  const began = performance.now();
  await build({ configFile: CONFIG, logLevel: 'warn', build: { outDir, emptyOutDir: true } });
  const buildMs = performance.now() - began;
  const server = await preview({ configFile: CONFIG, logLevel: 'warn', build: { outDir }, preview: { host: '127.0.0.1', port: 0, strictPort: false, open: false } });
  const url = server.resolvedUrls?.local[0];
  if (!url) throw new Error('the preview server gave no URL');
  return {
    url,
    buildMs,
    close: async () => {
      await server.close();
      rmSync(outDir, { recursive: true, force: true });
    },
  };
}

export interface LabPage {
  context: BrowserContext;
  page: Page;
  /** console.error/warning messages and uncaught page errors. */
  problems: string[];
}

/** A fresh page of the lab; `withoutWebGpu` removes navigator.gpu before any page script runs. */
export async function openLab(browser: Browser, url: string, options: { withoutWebGpu?: boolean } = {}): Promise<LabPage> {
  const context = await browser.newContext({ viewport: { width: 1500, height: 950 }, acceptDownloads: true });
  if (options.withoutWebGpu) await context.addInitScript({ content: 'delete Navigator.prototype.gpu;' });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') problems.push(`console.${message.type()}: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  await page.goto(url);
  return { context, page, problems };
}

/** Reads the lab's store (exposed as globalThis.riskLab for tests and the console). */
export function labState<T>(page: Page, pick: string): Promise<T> {
  return page.evaluate(`(() => { const s = globalThis.riskLab.store.get(); return (${pick})(s); })()`) as Promise<T>;
}

/** Waits until no job runs and the run (or replay) has an outcome; returns the outcome. */
export async function settled(page: Page, timeoutMs = 300_000): Promise<{ kind: string; message: string }> {
  await page.waitForFunction('(() => { const s = globalThis.riskLab.store.get(); return !s.job && s.status !== undefined; })()', undefined, { timeout: timeoutMs, polling: 200 });
  return labState(page, '(s) => s.status');
}

/** Clicks a button that downloads a file and returns the file's text. */
export async function downloadText(page: Page, testId: string): Promise<{ name: string; text: string }> {
  const [download] = (await Promise.all([page.waitForEvent('download'), page.getByTestId(testId).click()])) as [Download, void];
  const path = await download.path();
  const { readFileSync } = await import('node:fs');
  return { name: download.suggestedFilename(), text: readFileSync(path, 'utf8') };
}

/** Share of non-background pixels of every visible canvas in the page (ECharts draws on canvases). */
export function canvasInk(page: Page): Promise<{ canvases: number; inked: number[] }> {
  return page.evaluate(`(() => {
    const canvases = [...document.querySelectorAll('canvas')].filter((c) => c.offsetParent !== null && c.width > 0 && c.height > 0);
    const inked = canvases.map((c) => {
      const data = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
      let ink = 0;
      for (let k = 0; k < data.length; k += 4) if (data[k + 3] > 0 && (data[k] < 235 || data[k + 1] < 235 || data[k + 2] < 235)) ink++;
      return ink / (c.width * c.height);
    });
    return { canvases: canvases.length, inked };
  })()`);
}
