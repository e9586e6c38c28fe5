/**
 * The browser risk lab (`npm run lab`, `npm run lab:build`): a static site in lab/dist that any
 * static file server can host (relative base). The engine comes from the package's
 * runtime-neutral entry, src/index.ts, as `webgpu-margin`. Served on 127.0.0.1: Chromium
 * exposes navigator.gpu only on a secure origin, and loopback is one.
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: './',
  resolve: { alias: { 'webgpu-margin': fileURLToPath(new URL('../src/index.ts', import.meta.url)) } },
  worker: { format: 'es' },
  build: { outDir: 'dist', emptyOutDir: true, target: 'es2022', chunkSizeWarningLimit: 2500, reportCompressedSize: false },
  server: { host: '127.0.0.1', port: 5173 },
  preview: { host: '127.0.0.1', port: 4173 },
  clearScreen: false,
});
