/**
 * The contract of a compute kernel, declared once in TypeScript beside its WGSL: entry point,
 * WGSL modules, workgroup size, named bindings, pipeline constants and dispatch geometry. The
 * kernel's source is generated from the declaration, so WGSL and TypeScript cannot disagree:
 *
 *   - bindings are a typegpu bind-group layout, keyed by name; typegpu resolves the WGSL
 *     declarations (`@group(0) @binding(n) var<...> name: T;`, with the structs they use) and
 *     the GPUBindGroupLayout from it, both numbered in key order, and a bind group is made
 *     from an object keyed by the same names (CompiledKernel.bind: a missing or unknown name
 *     throws). No WGSL file declares a binding;
 *   - WORKGROUP_SIZE and the kernel's `overrides` are WGSL pipeline-overridable constants
 *     (`override NAME: u32;`, no default: a value TypeScript does not give fails pipeline
 *     creation), set from TypeScript when the pipeline is created; the dispatch geometry
 *     (`workgroups`) gets the very same numbers;
 *   - the WGSL modules bring the modules they need (wgsl.ts), with their TypeScript `const`s.
 *
 * Runtime-neutral (browser and Node).
 */
import tgpu, { type ShaderStage, type TgpuBindGroupLayout, type TgpuLayoutStorage, type TgpuLayoutUniform } from 'typegpu';
import type { d } from 'typegpu';
import { composeWgsl, u32Literal, type WgslModule } from './wgsl.js';

export type KernelBinding = TgpuLayoutUniform | TgpuLayoutStorage;
export type KernelBindings = Record<string, KernelBinding>;

const COMPUTE: ShaderStage[] = ['compute'];

/** `var<uniform> name: T`. */
export function uniform<T extends d.AnyWgslData>(schema: T) {
  return { uniform: schema, visibility: COMPUTE };
}

/** `var<storage, read> name: T`. */
export function storageRead<T extends d.AnyWgslData | ((length: number) => d.AnyWgslData)>(schema: T) {
  return { storage: schema, access: 'readonly' as const, visibility: COMPUTE };
}

/** `var<storage, read_write> name: T`. */
export function storageReadWrite<T extends d.AnyWgslData | ((length: number) => d.AnyWgslData)>(schema: T) {
  return { storage: schema, access: 'mutable' as const, visibility: COMPUTE };
}

/** The device limits a kernel's constants may depend on. */
export type KernelLimits = Pick<GPUSupportedLimits, 'maxComputeWorkgroupStorageSize'>;

/**
 * A pipeline constant's value: a number, or computed on a device from its limits and the
 * kernel's constants that are numbers (WORKGROUP_SIZE among them).
 */
export type OverrideValue = number | ((limits: KernelLimits, fixed: Readonly<Record<string, number>>) => number);

/** The values of a kernel's pipeline constants, WORKGROUP_SIZE included. */
export type KernelConstants<O extends string = string> = Readonly<Record<O | 'WORKGROUP_SIZE', number>>;

/** Workgroups of a dispatch: x, y, z. */
export type WorkgroupCount = readonly [number, number, number];

export interface GpuKernel<B extends KernelBindings = KernelBindings, Size = never, O extends string = string> {
  /** Labels the pipeline and its bind groups; variants (withOverrides) add their values. */
  readonly name: string;
  /** The `@compute` function, declared `@workgroup_size(WORKGROUP_SIZE)`. */
  readonly entryPoint: string;
  /** The WGSL modules holding the entry point (each brings the modules it needs). */
  readonly wgsl: readonly WgslModule[];
  /** The named bindings of group 0, numbered in key order. */
  readonly bindings: TgpuBindGroupLayout<B>;
  /** Invocations per workgroup (1-D): the WORKGROUP_SIZE override. */
  readonly workgroupSize: number;
  /** The kernel's other pipeline constants: `override NAME: u32;` in its source. */
  readonly overrides: Readonly<Record<O, OverrideValue>>;
  /** Workgroups a dispatch over `size` needs, from the pipeline's constants. */
  workgroups(size: Size, constants: KernelConstants<O>): WorkgroupCount;
}

/** A kernel of any bindings, dispatch size and constants (for caches and tests). */
export type AnyGpuKernel = GpuKernel<any, any, any>;

export function defineKernel<B extends KernelBindings, Size, O extends string = never>(spec: {
  name: string;
  entryPoint: string;
  wgsl: readonly WgslModule[];
  bindings: B;
  workgroupSize: number;
  overrides?: Readonly<Record<O, OverrideValue>>;
  workgroups: (size: Size, constants: KernelConstants<O>) => WorkgroupCount;
}): GpuKernel<B, Size, O> {
  return {
    name: spec.name,
    entryPoint: spec.entryPoint,
    wgsl: spec.wgsl,
    bindings: tgpu.bindGroupLayout(spec.bindings).$name(spec.name).$idx(0) as TgpuBindGroupLayout<B>,
    workgroupSize: spec.workgroupSize,
    overrides: spec.overrides ?? ({} as Record<O, OverrideValue>),
    workgroups: spec.workgroups,
  };
}

/** The binding names of a kernel, in binding order (0, 1, 2, ...). */
export function bindingNames(kernel: AnyGpuKernel): string[] {
  return Object.keys(kernel.bindings.entries);
}

/** The names of a kernel's pipeline constants: WORKGROUP_SIZE, then its overrides. */
export function constantNames(kernel: AnyGpuKernel): string[] {
  return ['WORKGROUP_SIZE', ...Object.keys(kernel.overrides)];
}

/**
 * The kernel's WGSL: its pipeline constants, the structs and binding declarations typegpu
 * resolves from its bindings, then its modules and everything they need.
 */
export function kernelSource(kernel: AnyGpuKernel): string {
  const overrides = constantNames(kernel).map((name) => `override ${name}: u32;`);
  return [
    `// Kernel ${kernel.name}, entry point ${kernel.entryPoint}: composed from its TypeScript declaration (kernel.ts).`,
    `// Pipeline constants, set when the pipeline is created:\n${overrides.join('\n')}`,
    `// Bindings of group 0 and the structs they use (typegpu):\n${tgpu.resolve([kernel.bindings])}`,
    composeWgsl(kernel.wgsl),
  ].join('\n\n');
}

/** The values of a kernel's pipeline constants on a device with these limits. */
export function kernelConstants<O extends string>(kernel: GpuKernel<KernelBindings, unknown, O>, limits: KernelLimits): KernelConstants<O> {
  const fixed: Record<string, number> = { WORKGROUP_SIZE: kernel.workgroupSize };
  const entries = Object.entries(kernel.overrides) as [string, OverrideValue][];
  for (const [name, value] of entries) if (typeof value === 'number') fixed[name] = value;
  const constants: Record<string, number> = { ...fixed };
  for (const [name, value] of entries) if (typeof value === 'function') constants[name] = value(limits, fixed);
  for (const [name, value] of Object.entries(constants)) u32Literal(`${kernel.name}.${name}`, value);
  return constants as KernelConstants<O>;
}

/**
 * The kernel with other values of its pipeline constants (WORKGROUP_SIZE or any of its
 * overrides, by name): a separate pipeline, whose dispatch geometry follows the new values.
 * For tests and tuning; an unknown name throws.
 */
export function withOverrides<B extends KernelBindings, Size, O extends string>(
  kernel: GpuKernel<B, Size, O>,
  values: Partial<Record<O | 'WORKGROUP_SIZE', number>>,
): GpuKernel<B, Size, O> {
  const known = constantNames(kernel);
  const unknown = Object.keys(values).filter((name) => !known.includes(name));
  if (unknown.length > 0) throw new Error(`${kernel.name} has no pipeline constant ${unknown.join(', ')} (it has ${known.join(', ')})`);
  const { WORKGROUP_SIZE, ...overrides } = values as Record<string, number>;
  const label = Object.entries(values).map(([name, value]) => `${name}=${value}`).join(',');
  return {
    ...kernel,
    name: `${kernel.name}[${label}]`,
    workgroupSize: WORKGROUP_SIZE ?? kernel.workgroupSize,
    overrides: { ...kernel.overrides, ...overrides },
  };
}

/** A buffer, or a range of one, for each binding name. */
export type BindingResources<B extends KernelBindings> = { readonly [K in keyof B]: GPUBuffer | GPUBufferBinding };

/**
 * The entries of a bind group for `kernel`, by name: every binding name must be given, and no
 * other. The binding number is the name's position in the kernel's bindings.
 */
export function bindGroupEntries<B extends KernelBindings>(kernel: GpuKernel<B, unknown, string>, resources: BindingResources<B>): GPUBindGroupEntry[] {
  const names = bindingNames(kernel);
  const given = Object.keys(resources).filter((name) => (resources as Record<string, unknown>)[name] !== undefined);
  const missing = names.filter((name) => !given.includes(name));
  const unknown = given.filter((name) => !names.includes(name));
  if (missing.length > 0 || unknown.length > 0) {
    const problems = [missing.length > 0 ? `missing ${missing.join(', ')}` : '', unknown.length > 0 ? `unknown ${unknown.join(', ')}` : ''];
    throw new Error(`${kernel.name} binds ${names.join(', ')}: ${problems.filter(Boolean).join('; ')}`);
  }
  return names.map((name, binding) => {
    const resource = (resources as Record<string, GPUBuffer | GPUBufferBinding>)[name];
    return { binding, resource: 'buffer' in resource ? resource : { buffer: resource } };
  });
}

/** A kernel's pipeline on a device: binds by name and dispatches by size. */
export class CompiledKernel<B extends KernelBindings = KernelBindings, Size = never, O extends string = string> {
  constructor(
    readonly kernel: GpuKernel<B, Size, O>,
    readonly pipeline: GPUComputePipeline,
    readonly bindGroupLayout: GPUBindGroupLayout,
    readonly constants: KernelConstants<O>,
    private readonly device: GPUDevice,
  ) {}

  /** A bind group from one buffer (or buffer range) per binding name. */
  bind(resources: BindingResources<B>, label = this.kernel.name): GPUBindGroup {
    return this.device.createBindGroup({ label, layout: this.bindGroupLayout, entries: bindGroupEntries(this.kernel, resources) });
  }

  workgroups(size: Size): WorkgroupCount {
    return this.kernel.workgroups(size, this.constants);
  }

  /** Records a dispatch over `size` into an open compute pass. */
  dispatch(pass: GPUComputePassEncoder, group: GPUBindGroup, size: Size): void {
    pass.setPipeline(this.pipeline);
    pass.setBindGroup(0, group);
    pass.dispatchWorkgroups(...this.workgroups(size));
  }

  /** Records a dispatch over `size` in its own compute pass. */
  encode(encoder: GPUCommandEncoder, group: GPUBindGroup, size: Size): void {
    const pass = encoder.beginComputePass({ label: this.kernel.name });
    this.dispatch(pass, group, size);
    pass.end();
  }
}

/**
 * WebGPU guarantees 65,535 workgroups per dispatch dimension; larger counts fold into the next
 * dimension, which the kernels unfold as `low + high · GRID_STRIDE` (the GRID_STRIDE override).
 */
export const GRID_STRIDE = 65_535;

export function foldedGrid(workgroups: number, stride = GRID_STRIDE): [number, number] {
  return [Math.min(workgroups, stride), Math.ceil(workgroups / stride)];
}
