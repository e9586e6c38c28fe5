/**
 * The page's handle on the engine worker: typed requests that resolve with the worker's answer
 * (or reject with its error, input issues included), progress callbacks, and cancel.
 */
import type { InputIssue, Reply, Request, Responses, Stage } from './protocol.js';

export class EngineError extends Error {
  constructor(
    message: string,
    readonly issues: InputIssue[] | undefined,
    readonly cancelled: boolean,
    name: string,
  ) {
    super(message);
    this.name = name;
  }
}

export type Progress = (stage: Stage, done: number, total: number) => void;

type Payload<K extends keyof Responses> = Omit<Extract<Request, { kind: K }>, 'id' | 'kind'>;

export class EngineClient {
  private readonly worker: Worker;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void; progress?: Progress }>();

  constructor() {
    this.worker = new Worker(new URL('./engineWorker.ts', import.meta.url), { type: 'module', name: 'margin-engine' });
    this.worker.addEventListener('message', ({ data }: MessageEvent<Reply>) => {
      const entry = this.pending.get(data.id);
      if (!entry) return;
      if (data.kind === 'progress') return entry.progress?.(data.stage, data.done, data.total);
      this.pending.delete(data.id);
      if (data.kind === 'result') entry.resolve(data.value);
      else entry.reject(new EngineError(data.error.message, data.error.issues, data.error.cancelled ?? false, data.error.name));
    });
    this.worker.addEventListener('error', (event) => {
      const error = new EngineError(`the engine worker failed: ${event.message}`, undefined, false, 'Error');
      for (const entry of this.pending.values()) entry.reject(error);
      this.pending.clear();
    });
  }

  request<K extends keyof Responses>(kind: K, payload: Payload<K>, progress?: Progress): Promise<Responses[K]> {
    const id = this.nextId++;
    return new Promise<Responses[K]>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject, progress });
      this.worker.postMessage({ ...payload, kind, id });
    });
  }

  cancel(): void {
    this.worker.postMessage({ kind: 'cancel' } satisfies Request);
  }
}
