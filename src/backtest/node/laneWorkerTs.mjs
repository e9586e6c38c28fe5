// Development entry of the lane worker: under tsx (tests, sources) a worker does not inherit the
// parent's loader, so register it first. The built package starts laneWorker.js directly.
import { register } from 'tsx/esm/api';

register();
await import('./laneWorker.ts');
