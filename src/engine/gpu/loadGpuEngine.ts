import type { GpuEngine } from './gpuEngine.js';

/**
 * The WebGPU backend's class, loaded on first use: its kernels bring in typegpu (about 0.15 s of
 * module loading in Node, a chunk of its own in the lab's bundle), which a run on the CPU
 * backend never needs.
 */
export async function loadGpuEngine(): Promise<typeof GpuEngine> {
  return (await import('./gpuEngine.js')).GpuEngine;
}
