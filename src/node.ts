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
