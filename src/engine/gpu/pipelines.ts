import { STRUCTS_WGSL } from './layouts.js';
import { tailListCapacity } from './reduce.js';
import { shaderSources } from './shaderSources.js';

interface KernelSpec {
  entryPoint: string;
  sources: readonly (keyof typeof shaderSources)[];
  /** Values of the kernel's `override` constants on a device with these limits. */
  constants?: (limits: GPUSupportedLimits) => Record<string, number>;
}

/** Every compute kernel of the engine: its entry point and the WGSL files it is built from. */
const KERNELS = {
  generateMoves: { entryPoint: 'generate_moves', sources: ['philox', 'normals', 'f32math', 'scenarios'] },
  generateListedMoves: { entryPoint: 'generate_listed_moves', sources: ['philox', 'normals', 'f32math', 'scenarios'] },
  revalueInstruments: { entryPoint: 'revalue_instruments', sources: ['f32math', 'revalue'] },
  aggregateAccounts: { entryPoint: 'aggregate_accounts', sources: ['aggregate'] },
  selectTails: {
    entryPoint: 'select_tails',
    sources: ['reduce'],
    constants: (limits) => ({ LIST_CAPACITY: tailListCapacity(limits.maxComputeWorkgroupStorageSize) }),
  },
} as const satisfies Record<string, KernelSpec>;

export type KernelName = keyof typeof KERNELS;

export function kernelSource(name: KernelName): string {
  return STRUCTS_WGSL + KERNELS[name].sources.map((s) => shaderSources[s]).join('\n');
}

/**
 * Compiles each kernel once per device (WGSL compilation costs tens of milliseconds on
 * lavapipe) and surfaces compilation errors with their line, instead of a later opaque
 * validation error.
 */
export class PipelineCache {
  private readonly cache = new Map<KernelName, GPUComputePipeline>();

  constructor(private readonly device: GPUDevice) {}

  async get(name: KernelName): Promise<GPUComputePipeline> {
    const cached = this.cache.get(name);
    if (cached) return cached;
    const code = kernelSource(name);
    const module = this.device.createShaderModule({ code, label: name });
    const info = await module.getCompilationInfo();
    const errors = info.messages.filter((m: GPUCompilationMessage) => m.type === 'error');
    if (errors.length > 0) {
      const lines = code.split('\n');
      const detail = errors.map((m: GPUCompilationMessage) => `  line ${m.lineNum}: ${m.message}\n    ${lines[m.lineNum - 1] ?? ''}`).join('\n');
      throw new Error(`WGSL compilation of ${name} failed:\n${detail}`);
    }
    const spec: KernelSpec = KERNELS[name];
    const pipeline = await this.device.createComputePipelineAsync({
      label: name,
      layout: 'auto',
      compute: { module, entryPoint: spec.entryPoint, constants: spec.constants?.(this.device.limits) },
    });
    this.cache.set(name, pipeline);
    return pipeline;
  }
}
