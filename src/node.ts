/** Node-only adapters: worker threads for the CPU backend (and later Dawn for WebGPU). */
export { nodeWorkerExecutor, defaultWorkerCount } from './engine/cpu/nodeWorkerExecutor.js';
