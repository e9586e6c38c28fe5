// Development entry of the chunk worker: when the engine runs from TypeScript sources (vitest,
// tsx), a worker thread does not inherit the parent's loader, so register tsx here first.
// The built package (dist/) starts chunkWorker.js directly and never loads this file.
import { register } from 'tsx/esm/api';

register();
await import('./chunkWorker.ts');
