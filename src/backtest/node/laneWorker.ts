/**
 * Worker thread of a parallel walk-forward (lanes.ts): runs one lane of the days on a CPU engine
 * in this thread and posts the lane's result back. Node only.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { CpuEngine, inThreadExecutor } from '../../engine/index.js';
import { type PreparedWalkForward, runLane } from '../walkForward.js';

const { prepared, lane, lanes } = workerData as { prepared: PreparedWalkForward; lane: number; lanes: number };
const engine = new CpuEngine(inThreadExecutor());
const result = await runLane(prepared, engine, lane, lanes, (done, total) => parentPort!.postMessage({ progress: { done, total } }));
await engine.dispose();
parentPort!.postMessage({ result });
