/** Node-only adapters: worker threads for the CPU backend, Dawn for WebGPU, backend choice. */
export { nodeWorkerExecutor, defaultWorkerCount } from './engine/cpu/nodeWorkerExecutor.js';
export { acquireNodeGpuDevice, listNodeAdapters } from './engine/gpu/nodeGpu.js';
// csv-parse's Node build (Buffer at import) is behind this entry, not the runtime-neutral one.
export { parseBookCsv, formatBookCsv } from './model/bookCsv.js';
export { openNodeEngine, type BackendChoice, type OpenEngineOptions } from './engine/openNodeEngine.js';
