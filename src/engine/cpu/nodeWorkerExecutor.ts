/**
 * Node-only adapter: a pool of worker threads running scenario chunks. Each worker receives the
 * plan once (typed arrays are copied by structured clone), then chunk ranges, and keeps the
 * running tails of its chunks; they come back once, at collect, with their buffers transferred.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { RiskPlan } from '../plan.js';
import type { TailCandidates } from '../tailAccumulator.js';
import type { ChunkExecutor, ChunkRun } from './chunkExecutor.js';

/** A message's reply: a chunk's result, or the instrument P&L of a revalue request. */
type Reply = ChunkRun | TailCandidates | Float64Array;

interface Pending {
  resolve: (result: Reply) => void;
  reject: (error: Error) => void;
}

/** Under vitest/tsx the sources are .ts: the worker then starts through a tsx bootstrap. */
function spawnWorker(): Worker {
  const here = import.meta.url;
  return new Worker(new URL(here.endsWith('.ts') ? './chunkWorkerTs.mjs' : './chunkWorker.js', here));
}

export function defaultWorkerCount(): number {
  return Math.max(1, availableParallelism());
}

export function nodeWorkerExecutor(workerCount = defaultWorkerCount()): ChunkExecutor {
  if (!(Number.isInteger(workerCount) && workerCount >= 1)) throw new RangeError(`workers must be a positive integer, got ${workerCount}`);
  const workers: Worker[] = [];
  const idle: Worker[] = [];
  const waiting: ((worker: Worker) => void)[] = [];
  const pending = new Map<number, Pending>();
  let nextId = 0;

  const release = (worker: Worker) => {
    const taker = waiting.shift();
    if (taker) taker(worker);
    else idle.push(worker);
  };
  const acquire = () =>
    new Promise<Worker>((resolve) => {
      const worker = idle.pop();
      if (worker) resolve(worker);
      else waiting.push(resolve);
    });
  /** Sends a request to the next idle worker; its reply settles the promise. */
  const request = async (message: Record<string, unknown>): Promise<Reply> => {
    const worker = await acquire();
    const id = nextId++;
    return new Promise<Reply>((resolve, reject) => {
      pending.set(id, { resolve, reject });
      worker.postMessage({ ...message, id });
    });
  };
  const failAll = (error: Error) => {
    for (const p of pending.values()) p.reject(error);
    pending.clear();
  };

  return {
    parallelism: workerCount,
    async load(plan: RiskPlan) {
      if (workers.length === 0) {
        for (let w = 0; w < workerCount; w++) {
          const worker = spawnWorker();
          worker.on('message', (message: { type: string; id: number; result?: Reply; message?: string }) => {
            if (message.type === 'loaded') return;
            const entry = pending.get(message.id);
            if (!entry) return;
            pending.delete(message.id);
            release(worker);
            if (message.type === 'result') entry.resolve(message.result!);
            else entry.reject(new Error(`chunk worker failed: ${message.message}`));
          });
          worker.on('error', (error) => failAll(error));
          workers.push(worker);
        }
      }
      idle.length = 0;
      await Promise.all(
        workers.map(
          (worker) =>
            new Promise<void>((resolve, reject) => {
              const onLoaded = (message: { type: string }) => {
                if (message.type !== 'loaded') return;
                worker.off('message', onLoaded);
                worker.off('error', onError);
                resolve();
              };
              const onError = (error: Error) => reject(new Error(`chunk worker failed to start: ${error.message}`));
              worker.on('message', onLoaded);
              worker.once('error', onError);
              worker.postMessage({ type: 'load', plan });
            }),
        ),
      );
      idle.push(...workers);
    },
    async run(start, count) {
      return (await request({ type: 'run', start, count })) as ChunkRun;
    },
    async collect() {
      // Every worker once: each is idle after the last run, so each request takes a different one.
      return (await Promise.all(workers.map(() => request({ type: 'collect' })))) as TailCandidates[];
    },
    async revalue(scenarios) {
      return (await request({ type: 'revalue', scenarios })) as Float64Array;
    },
    async tailSums(tails, instruments, blockSize) {
      return (await request({ type: 'tailSums', tails, instruments, blockSize })) as Float64Array;
    },
    async close() {
      await Promise.all(workers.map((worker) => worker.terminate()));
      workers.length = 0;
      idle.length = 0;
    },
  };
}
