/**
 * Node only: a walk-forward whose days run on worker threads, one lane per thread, each with the
 * CPU backend in that thread: the days are independent, so two cores run two days at once with
 * no message per day (a worker-pool engine would send every day's plan and tails across).
 * The results are the same as in one thread, bit for bit.
 */
import { Worker } from 'node:worker_threads';
import { type LaneResult, mergeLanes, prepareWalkForward, type WalkForwardInput, type WalkForwardResult } from '../walkForward.js';

export async function walkForwardOnWorkers(input: WalkForwardInput, workers: number): Promise<WalkForwardResult> {
  const prepared = prepareWalkForward(input);
  const here = import.meta.url;
  const script = new URL(here.endsWith('.ts') ? './laneWorkerTs.mjs' : './laneWorker.js', here);
  const progress = new Array<number>(workers).fill(0);
  const lanes = await Promise.all(
    Array.from({ length: workers }, (_, lane) =>
      new Promise<LaneResult>((resolve, reject) => {
        const worker = new Worker(script, { workerData: { prepared, lane, lanes: workers } });
        worker.on('message', (message: { progress?: { done: number }; result?: LaneResult }) => {
          if (message.progress) {
            progress[lane] = message.progress.done;
            input.onProgress?.(progress.reduce((a, b) => a + b, 0), prepared.dates.length);
          }
          if (message.result) resolve(message.result);
        });
        worker.on('error', reject);
        worker.on('exit', (code) => code !== 0 && reject(new Error(`walk-forward lane ${lane} exited with code ${code}`)));
      }),
    ),
  );
  return mergeLanes(prepared, lanes);
}
