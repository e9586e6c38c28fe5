// The published declarations name WebGPU's types (GPUDevice, GPUBuffer, ...): globals that
// @webgpu/types adds to TypeScript's DOM lib (TypeScript 5's lacks them). Kept in the emitted
// .d.ts (preserve), this directive makes a consumer's compiler load them; the package depends
// on @webgpu/types for it (a consumer needs "DOM" in its lib, see README).
/// <reference types="@webgpu/types" preserve="true" />
/** Node-only adapters: worker threads for the CPU backend, Dawn for WebGPU, backend choice. */
export { nodeWorkerExecutor, defaultWorkerCount } from './engine/cpu/nodeWorkerExecutor.js';
export { acquireNodeGpuDevice, listNodeAdapters } from './engine/gpu/nodeGpu.js';
export { openNodeEngine, type BackendChoice, type OpenEngineOptions } from './engine/openNodeEngine.js';
export * from './store/index.js';

// The cluster (BullMQ on Redis) loads on first use: its queue client costs every `margin`
// command ~0.3 s of start-up otherwise.
export type {
  ClusterEngine, ClusterRunOptions, ClusterStats, ClusterStatus, ClusterWorker, ClusterWorkerOptions, RunStatus, StageStatus, WorkerRecord,
} from './cluster/index.js';
/** A coordinator: a RiskEngine that shards simulations over `margin worker` processes (src/cluster/coordinator.ts). */
export async function openClusterEngine(options: import('./cluster/index.js').ClusterRunOptions): Promise<import('./cluster/index.js').ClusterEngine> {
  return (await import('./cluster/index.js')).openClusterEngine(options);
}
/** A worker process's loop: takes shards of its backend until closed (src/cluster/worker.ts). */
export async function startClusterWorker(options: import('./cluster/index.js').ClusterWorkerOptions): Promise<import('./cluster/index.js').ClusterWorker> {
  return (await import('./cluster/index.js')).startClusterWorker(options);
}
/** Runs, shards, workers and queue counts of a cluster (src/cluster/status.ts). */
export async function clusterStatus(url: string, prefix?: string, limit?: number): Promise<import('./cluster/index.js').ClusterStatus> {
  return (await import('./cluster/index.js')).clusterStatus(url, prefix, limit);
}
