/**
 * Headless Chromium for the package tests: Debian's `chromium` driven by playwright-core, pages
 * served by a tiny HTTP server on 127.0.0.1 (Chromium exposes `navigator.gpu` only on a secure
 * origin, and a loopback address is one; a file: or data: URL is not).
 *
 * Policy, as for the GPU tests: with REQUIRE_BROWSER=1 (CI, set by .ci/run) a missing browser
 * is a failure; otherwise the browser tests skip with a loud warning.
 */
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type Browser, chromium, type Page } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const REQUIRE_BROWSER = process.env.REQUIRE_BROWSER === '1';

/** Why no browser can run here (undefined when one can); throws under REQUIRE_BROWSER=1. */
export function browserUnavailable(): string | undefined {
  if (existsSync(CHROMIUM)) return undefined;
  const reason = `no Chromium at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH)`;
  if (REQUIRE_BROWSER) throw new Error(`REQUIRE_BROWSER=1 but ${reason}`);
  const bar = '!'.repeat(78);
  console.warn(`\n${bar}\n!! SKIPPING BROWSER TESTS: ${reason}\n!! set REQUIRE_BROWSER=1 to make this a failure\n${bar}\n`);
  return reason;
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    // WebGPU stays on (SwiftShader when there is no GPU); the rest keeps Chromium from
    // reaching out to the network or doing first-run work in a test.
    args: ['--enable-unsafe-webgpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

export interface StaticSite {
  url: string;
  close(): Promise<void>;
}

const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.json': 'application/json', '.ico': 'image/x-icon' };

/** Serves fixed files (path → contents) on 127.0.0.1; anything else is a 404. */
export async function serveStatic(files: Record<string, string | Uint8Array>): Promise<StaticSite> {
  const server: Server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://127.0.0.1').pathname;
    const body = files[path];
    if (body === undefined) {
      response.writeHead(404).end();
      return;
    }
    const type = TYPES[path.slice(path.lastIndexOf('.'))] ?? 'text/html';
    response.writeHead(200, { 'content-type': `${type}; charset=utf-8`, 'cache-control': 'no-store' }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

export interface PageRun<T> {
  value: T;
  /** console.log lines, in order. */
  logs: string[];
  /** Other console messages (warnings, errors) and uncaught page errors. */
  problems: string[];
}

/**
 * Opens `url` in a fresh page, evaluates `expression` (a string, so that no test transform
 * touches it: it runs in the page as written) and waits for its promise. `withoutWebGpu`
 * removes navigator.gpu before any page script runs: a browser without WebGPU.
 */
export async function runInPage<T>(browser: Browser, url: string, expression: string, options: { withoutWebGpu?: boolean } = {}): Promise<PageRun<T>> {
  const context = await browser.newContext();
  try {
    if (options.withoutWebGpu) await context.addInitScript({ content: 'delete Navigator.prototype.gpu;' });
    const page: Page = await context.newPage();
    const logs: string[] = [];
    const problems: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'log') logs.push(message.text());
      else problems.push(`console.${message.type()}: ${message.text()}`);
    });
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    await page.goto(url);
    const value = (await page.evaluate(expression)) as T;
    return { value, logs, problems };
  } finally {
    await context.close();
  }
}
