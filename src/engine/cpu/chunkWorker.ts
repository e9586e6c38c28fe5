/**
 * Worker-thread entry (Node only): holds one plan and the running tails of the chunks it ran.
 * Messages in:  { type: 'load', plan } | { type: 'run', id, start, count } | { type: 'collect', id }
 *                | { type: 'revalue', id, scenarios } | { type: 'tailSums', id, tails, instruments, blockSize }
 * Messages out: { type: 'loaded' } | { type: 'result', id, result } | { type: 'error', id, message }
 * (a 'run' result is the chunk's ChunkRun, a 'collect' result its tails as TailCandidates, a
 * 'revalue' result the Float64Array of revalueScenarioList, a 'tailSums' result that of
 * positionTailSums).
 */
import { parentPort } from 'node:worker_threads';
import type { RiskPlan } from '../plan.js';
import { revalueScenarioList } from '../reference/instrumentBlock.js';
import type { InstrumentRange } from '../reference/revalue.js';
import { positionTailSums, type TailRows } from '../reference/tailSums.js';
import { TailAccumulator } from '../tailAccumulator.js';
import { runChunk } from './chunkExecutor.js';

let plan: RiskPlan | undefined;
let tails: TailAccumulator | undefined;
const port = parentPort!;

interface WorkerMessage {
  type: string;
  plan?: RiskPlan;
  id?: number;
  start?: number;
  count?: number;
  scenarios?: Uint32Array;
  tails?: TailRows;
  instruments?: InstrumentRange;
  blockSize?: number;
}

port.on('message', (message: WorkerMessage) => {
  if (message.type === 'load') {
    plan = message.plan;
    tails = plan && new TailAccumulator(plan.accountIds.length, plan.tailCount);
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
    if (message.type === 'tailSums') {
      const sums = positionTailSums(plan, message.tails!, message.instruments!, message.blockSize!);
      port.postMessage({ type: 'result', id: message.id, result: sums }, [sums.buffer as ArrayBuffer]);
      return;
    }
    if (message.type === 'collect') {
      const candidates = tails!.candidates();
      tails = new TailAccumulator(plan.accountIds.length, plan.tailCount);
      const transfer = [candidates.offsets.buffer, candidates.losses.buffer, candidates.scenarios.buffer] as ArrayBuffer[];
      port.postMessage({ type: 'result', id: message.id, result: candidates }, transfer);
      return;
    }
    port.postMessage({ type: 'result', id: message.id, result: runChunk(plan, tails!, message.start!, message.count!) });
  } catch (error) {
    port.postMessage({ type: 'error', id: message.id, message: error instanceof Error ? error.stack ?? error.message : String(error) });
  }
});
