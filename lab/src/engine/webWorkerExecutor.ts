/**
 * A ChunkExecutor over Web Workers: the CPU engine's chunks run on `workerCount` workers, each
 * holding the plan (sent once per load) and the running tails of the chunks it ran (handed over
 * once, at collect), so the CPU path never computes on the page's thread.
 * The browser's equivalent of the Node adapter `nodeWorkerExecutor` (worker threads).
 */
import type { ChunkExecutor, RiskPlan, TailCandidates } from 'webgpu-margin';

type ChunkResult = Awaited<ReturnType<ChunkExecutor['run']>>;
type Reply = ChunkResult | TailCandidates | Float64Array;

interface Pending {
  resolve: (reply: Reply) => void;
  reject: (error: Error) => void;
}

export function defaultWorkerCount(): number {
  return Math.max(1, Math.min(16, globalThis.navigator?.hardwareConcurrency ?? 2));
}

export function webWorkerExecutor(workerCount = defaultWorkerCount()): ChunkExecutor {
  if (!(Number.isInteger(workerCount) && workerCount >= 1)) throw new RangeError(`workers must be a positive integer, got ${workerCount}`);
  const workers: Worker[] = [];
  const idle: Worker[] = [];
  const waiting: ((worker: Worker) => void)[] = [];
  const pending = new Map<number, Pending>();
  let nextId = 0;
  let failure: Error | undefined;

  const release = (worker: Worker) => {
    const taker = waiting.shift();
    if (taker) taker(worker);
    else idle.push(worker);
  };
  const acquire = () => new Promise<Worker>((resolve) => (idle.length > 0 ? resolve(idle.pop()!) : waiting.push(resolve)));
  const failAll = (error: Error) => {
    failure = error;
    for (const p of pending.values()) p.reject(error);
    pending.clear();
  };
  const request = async (message: Record<string, unknown>, transfer: Transferable[] = []): Promise<Reply> => {
    if (failure) throw failure;
    const worker = await acquire();
    const id = nextId++;
    return new Promise<Reply>((resolve, reject) => {
      pending.set(id, { resolve, reject });
      worker.postMessage({ ...message, id }, transfer);
    });
  };
  const spawn = (): Worker => {
    const worker = new Worker(new URL('./chunkWorker.ts', import.meta.url), { type: 'module', name: 'margin-chunk' });
    worker.addEventListener('message', ({ data }: MessageEvent<{ type: string; id: number; result?: Reply; message?: string }>) => {
      if (data.type === 'loaded') return;
      const entry = pending.get(data.id);
      if (!entry) return;
      pending.delete(data.id);
      release(worker);
      if (data.type === 'result') entry.resolve(data.result!);
      else entry.reject(new Error(`chunk worker failed: ${data.message}`));
    });
    worker.addEventListener('error', (event) => failAll(new Error(`chunk worker failed: ${event.message || 'could not start'}`)));
    return worker;
  };

  return {
    parallelism: workerCount,
    async load(plan: RiskPlan) {
      if (workers.length === 0) for (let w = 0; w < workerCount; w++) workers.push(spawn());
      failure = undefined;
      idle.length = 0;
      await Promise.all(
        workers.map(
          (worker) =>
            new Promise<void>((resolve, reject) => {
              const onMessage = ({ data }: MessageEvent<{ type: string; message?: string }>) => {
                if (data.type !== 'loaded' && data.type !== 'error') return;
                worker.removeEventListener('message', onMessage);
                if (data.type === 'loaded') resolve();
                else reject(new Error(`chunk worker failed to load the plan: ${data.message}`));
              };
              worker.addEventListener('message', onMessage);
              worker.postMessage({ type: 'load', plan });
            }),
        ),
      );
      idle.push(...workers);
    },
    async run(start, count) {
      return (await request({ type: 'run', start, count })) as ChunkResult;
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
      failAll(new Error('the worker pool was closed'));
      for (const worker of workers) worker.terminate();
      workers.length = 0;
      idle.length = 0;
      waiting.length = 0;
    },
  };
}
