import tgpu, { type TgpuRoot } from 'typegpu';
import { type AnyGpuKernel, CompiledKernel, type GpuKernel, type KernelBindings, kernelConstants, kernelSource } from './kernel.js';

/**
 * Compiles each kernel once per device (WGSL compilation costs tens of milliseconds on
 * lavapipe; concurrent requests share one compilation) and surfaces compilation errors with
 * their line, instead of a later opaque validation error. The pipeline layout is explicit:
 * the kernel's bind-group layout, made by typegpu from its named bindings.
 */
export class PipelineCache {
  private readonly compiled = new Map<AnyGpuKernel, Promise<CompiledKernel<KernelBindings, unknown, string>>>();
  private readonly root: TgpuRoot;

  constructor(private readonly device: GPUDevice) {
    this.root = tgpu.initFromDevice({ device });
  }

  get<B extends KernelBindings, Size, O extends string>(kernel: GpuKernel<B, Size, O>): Promise<CompiledKernel<B, Size, O>> {
    let compiled = this.compiled.get(kernel);
    if (!compiled) {
      compiled = this.compile(kernel as AnyGpuKernel);
      this.compiled.set(kernel, compiled);
      compiled.catch(() => this.compiled.delete(kernel));
    }
    return compiled as Promise<CompiledKernel<B, Size, O>>;
  }

  private async compile(kernel: AnyGpuKernel): Promise<CompiledKernel<KernelBindings, unknown, string>> {
    const code = kernelSource(kernel);
    const module = this.device.createShaderModule({ code, label: kernel.name });
    const info = await module.getCompilationInfo();
    const errors = info.messages.filter((m: GPUCompilationMessage) => m.type === 'error');
    if (errors.length > 0) {
      const lines = code.split('\n');
      const detail = errors.map((m: GPUCompilationMessage) => `  line ${m.lineNum}: ${m.message}\n    ${lines[m.lineNum - 1] ?? ''}`).join('\n');
      throw new Error(`WGSL compilation of ${kernel.name} failed:\n${detail}`);
    }
    const bindGroupLayout = this.root.unwrap(kernel.bindings);
    const constants = kernelConstants(kernel, this.device.limits);
    const pipeline = await this.device.createComputePipelineAsync({
      label: kernel.name,
      layout: this.device.createPipelineLayout({ label: kernel.name, bindGroupLayouts: [bindGroupLayout] }),
      compute: { module, entryPoint: kernel.entryPoint, constants },
    });
    return new CompiledKernel(kernel, pipeline, bindGroupLayout, constants, this.device);
  }
}
