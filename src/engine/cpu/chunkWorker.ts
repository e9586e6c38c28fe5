/**
 * Worker-thread entry (Node only): holds one plan, runs the chunks it is sent.
 * Messages in:  { type: 'load', plan } | { type: 'run', id, start, count, thresholds }
 * Messages out: { type: 'loaded' } | { type: 'result', id, result } | { type: 'error', id, message }
 */
import { parentPort } from 'node:worker_threads';
import type { RiskPlan } from '../plan.js';
import { simulateChunk } from './chunk.js';

let plan: RiskPlan | undefined;
const port = parentPort!;

port.on('message', (message: { type: string; plan?: RiskPlan; id?: number; start?: number; count?: number; thresholds?: Float64Array }) => {
  if (message.type === 'load') {
    plan = message.plan;
    port.postMessage({ type: 'loaded' });
    return;
  }
  try {
    if (!plan) throw new Error('chunk worker: no plan loaded');
    const result = simulateChunk(plan, message.start!, message.count!, message.thresholds!);
    const { candidates } = result;
    const transfer = [candidates.offsets.buffer, candidates.losses.buffer, candidates.scenarios.buffer] as ArrayBuffer[];
    port.postMessage({ type: 'result', id: message.id, result }, transfer);
  } catch (error) {
    port.postMessage({ type: 'error', id: message.id, message: error instanceof Error ? error.stack ?? error.message : String(error) });
  }
});
