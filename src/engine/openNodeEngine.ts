/**
 * Node-only: opens the backend a user asked for. `auto` takes the GPU when Dawn finds an
 * adapter and otherwise falls back to the CPU, saying which and why through `log`.
 */
import { CpuEngine } from './cpu/cpuEngine.js';
import { inThreadExecutor } from './cpu/chunkExecutor.js';
import { nodeWorkerExecutor } from './cpu/nodeWorkerExecutor.js';
import type { RiskEngine } from './engine.js';
import { describeAdapter, GpuUnavailableError } from './gpu/device.js';
import { loadGpuEngine } from './gpu/loadGpuEngine.js';
import { DAWN_STDERR_ENV } from './gpu/nativeStderr.js';
import { acquireNodeGpuDevice } from './gpu/nodeGpu.js';

export type BackendChoice = 'auto' | 'gpu' | 'cpu';

export interface OpenEngineOptions {
  backend: BackendChoice;
  /** CPU worker threads; 0 runs in the calling thread. Default: one per core. */
  workers?: number;
  log?: (line: string) => void;
}

export async function openNodeEngine(options: OpenEngineOptions): Promise<RiskEngine> {
  const log = options.log ?? (() => {});
  const cpu = () => new CpuEngine(options.workers === 0 ? inThreadExecutor() : nodeWorkerExecutor(options.workers));
  if (options.backend === 'cpu') return cpu();
  try {
    const acquired = await acquireNodeGpuDevice({ label: 'margin engine' });
    // Say that Dawn's warnings were hidden, and how to see them, where the user reads the log.
    const hidden = acquired.hiddenDawnWarnings > 0 ? ` (${acquired.hiddenDawnWarnings} benign Dawn warnings hidden; ${DAWN_STDERR_ENV}=show shows them)` : '';
    log(`backend: GPU, adapter ${describeAdapter(acquired.adapterInfo)}${hidden}`);
    const GpuEngine = await loadGpuEngine();
    return GpuEngine.on(acquired);
  } catch (error) {
    if (options.backend === 'gpu' || !(error instanceof GpuUnavailableError)) throw error;
    // The first line says that no device was found, the next ones why (per attempt).
    const reason = error.message.split('\n').map((line) => line.trim()).filter(Boolean).slice(0, 2).join(' ');
    log(`backend: CPU (${reason})`);
    return cpu();
  }
}
