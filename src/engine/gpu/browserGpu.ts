/**
 * The browser's side of device acquisition: `navigator.gpu` behind the same runtime-neutral
 * acquireGpuDevice as Dawn in Node (nodeGpu.ts). The browser lab imports this.
 */
import { type AcquiredGpuDevice, type AcquireGpuDeviceOptions, acquireGpuDevice, GpuUnavailableError } from './device.js';

export async function acquireBrowserGpuDevice(options: AcquireGpuDeviceOptions = {}): Promise<AcquiredGpuDevice> {
  const gpu = (globalThis.navigator as Navigator | undefined)?.gpu;
  if (!gpu) throw new GpuUnavailableError('this browser exposes no WebGPU (navigator.gpu is undefined)');
  return acquireGpuDevice(gpu, { noAdapterHint: 'enable WebGPU in the browser (chrome://flags, --enable-unsafe-webgpu)', ...options });
}
