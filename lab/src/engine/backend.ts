/**
 * Opens the engine the run asks for, as `margin run --backend` does: WebGPU when the page has
 * `navigator.gpu` and it gives an adapter (`auto`, `webgpu`), otherwise the CPU engine on a pool
 * of Web Workers; the status says which adapter, or why not (like `margin devices`).
 */
import { acquireBrowserGpuDevice, CpuEngine, describeAdapter, GpuUnavailableError, loadGpuEngine, type RiskEngine } from 'webgpu-margin';
import type { BackendChoice, BackendStatus } from './protocol.js';
import { defaultWorkerCount, webWorkerExecutor } from './webWorkerExecutor.js';

export interface OpenedBackend {
  engine: RiskEngine;
  status: BackendStatus;
}

export async function openBackend(choice: BackendChoice, webgpuInPage: boolean, workers = defaultWorkerCount()): Promise<OpenedBackend> {
  let reason: string;
  if (choice === 'cpu') reason = 'the CPU backend was chosen in the settings';
  else if (!webgpuInPage) reason = 'this page has no WebGPU (navigator.gpu is undefined: the browser lacks it, it is disabled, or the origin is not secure)';
  else {
    try {
      const acquired = await acquireBrowserGpuDevice();
      const GpuEngine = await loadGpuEngine();
      const engine = GpuEngine.on(acquired);
      const info = acquired.adapterInfo;
      return {
        engine,
        status: {
          backend: 'gpu',
          description: engine.description,
          adapter: {
            name: describeAdapter(info),
            vendor: info.vendor,
            architecture: info.architecture,
            fallback: info.isFallbackAdapter ?? false,
            limits: acquired.limits,
            features: [...acquired.features],
            acquireMs: acquired.acquireMs,
          },
        },
      };
    } catch (error) {
      if (!(error instanceof GpuUnavailableError)) throw error;
      if (choice === 'webgpu') throw error;
      reason = error.message;
    }
  }
  if (choice === 'webgpu') throw new GpuUnavailableError(reason);
  const engine = new CpuEngine(webWorkerExecutor(workers));
  return { engine, status: { backend: 'cpu', description: `${engine.description.replace('worker threads', 'Web Workers')}`, reason } };
}
