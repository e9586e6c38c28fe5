/**
 * A Web Worker of the CPU pool (the browser's counterpart of the CLI's worker threads): holds
 * one plan in the engine's in-thread executor and runs the chunks and revaluations it is sent.
 * The same runtime-neutral code as every other CPU path, so the same numbers.
 *
 * In:  { type: 'load', plan } | { type: 'run', id, start, count } | { type: 'collect', id } | { type: 'revalue', id, scenarios }
 *      | { type: 'tailSums', id, tails, instruments, blockSize }
 * Out: { type: 'loaded' } | { type: 'result', id, result } | { type: 'error', id, message }
 */
import { type InstrumentRange, inThreadExecutor, type RiskPlan, type TailRows } from 'webgpu-margin';
import { transferablesOf } from './transferables.js';

interface WorkerMessage {
  type: 'load' | 'run' | 'collect' | 'revalue' | 'tailSums';
  id?: number;
  plan?: RiskPlan;
  start?: number;
  count?: number;
  scenarios?: Uint32Array;
  tails?: TailRows;
  instruments?: InstrumentRange;
  blockSize?: number;
}

const scope = self as unknown as { postMessage(message: unknown, transfer?: Transferable[]): void; onmessage: ((event: MessageEvent<WorkerMessage>) => void) | null };
const executor = inThreadExecutor();

scope.onmessage = async ({ data: message }) => {
  try {
    if (message.type === 'load') {
      await executor.load(message.plan!);
      scope.postMessage({ type: 'loaded' });
      return;
    }
    const result =
      message.type === 'run'
        ? await executor.run(message.start!, message.count!)
        : message.type === 'collect'
          ? (await executor.collect())[0]
          : message.type === 'tailSums'
            ? await executor.tailSums!(message.tails!, message.instruments!, message.blockSize!)
            : await executor.revalue(message.scenarios!);
    scope.postMessage({ type: 'result', id: message.id, result }, transferablesOf(result));
  } catch (error) {
    scope.postMessage({ type: 'error', id: message.id, message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  }
};
