/**
 * Worker-thread entry (Node only): holds one plan, runs the chunks it is sent.
 * Messages in:  { type: 'load', plan } | { type: 'run', id, start, count, thresholds }
 *                | { type: 'revalue', id, scenarios }
 * Messages out: { type: 'loaded' } | { type: 'result', id, result } | { type: 'error', id, message }
 * (a 'revalue' result is the Float64Array of revalueScenarioList).
 */
import { parentPort } from 'node:worker_threads';
import type { RiskPlan } from '../plan.js';
import { simulateChunk } from '../reference/chunk.js';
import { revalueScenarioList } from '../reference/instrumentBlock.js';

let plan: RiskPlan | undefined;
const port = parentPort!;

interface WorkerMessage {
  type: string;
  plan?: RiskPlan;
  id?: number;
  start?: number;
  count?: number;
  thresholds?: Float64Array;
  scenarios?: Uint32Array;
}

port.on('message', (message: WorkerMessage) => {
  if (message.type === 'load') {
    plan = message.plan;
    port.postMessage({ type: 'loaded' });
    return;
  }
  try {
    if (!plan) throw new Error('chunk worker: no plan loaded');
    if (message.type === 'revalue') {
      const pnl = revalueScenarioList(plan, message.scenarios!);
      port.postMessage({ type: 'result', id: message.id, result: pnl }, [pnl.buffer as ArrayBuffer]);
      return;
    }
    const result = simulateChunk(plan, message.start!, message.count!, message.thresholds!);
    const { candidates } = result;
    const transfer = [candidates.offsets.buffer, candidates.losses.buffer, candidates.scenarios.buffer] as ArrayBuffer[];
    port.postMessage({ type: 'result', id: message.id, result }, transfer);
  } catch (error) {
    port.postMessage({ type: 'error', id: message.id, message: error instanceof Error ? error.stack ?? error.message : String(error) });
  }
});
