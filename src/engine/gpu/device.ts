/**
 * WebGPU device acquisition, runtime-neutral: works on any `GPU` object (`navigator.gpu` in a
 * browser, Dawn's `create()` in Node via nodeGpu.ts). No Node-only imports here.
 *
 * The device is requested with the adapter's own maxima for the limits a compute engine needs
 * (storage binding size, buffer size, workgroup storage, ...), not WebGPU's conservative defaults,
 * so chunk sizes can be planned from `limits`.
 */

/** What the adapter says about itself, plus the backend when the runtime knows it. */
export interface GpuAdapterSummary {
  vendor: string;
  architecture: string;
  device: string;
  description: string;
  /** Dawn backend ('vulkan', 'opengles', 'metal', 'd3d12', ...) when known; browsers don't say. */
  backend?: string;
  /** True for software/CPU adapters (lavapipe, SwiftShader, WARP). */
  isFallbackAdapter?: boolean;
}

/** The limits the engine plans with (chunking, dispatch sizes, bindings per stage). */
export interface GpuKeyLimits {
  maxStorageBufferBindingSize: number;
  maxBufferSize: number;
  maxComputeWorkgroupStorageSize: number;
  maxComputeInvocationsPerWorkgroup: number;
  maxComputeWorkgroupSizeX: number;
  maxComputeWorkgroupSizeY: number;
  maxComputeWorkgroupSizeZ: number;
  maxComputeWorkgroupsPerDimension: number;
  maxStorageBuffersPerShaderStage: number;
  maxUniformBuffersPerShaderStage: number;
  maxUniformBufferBindingSize: number;
  maxBindGroups: number;
  maxBindingsPerBindGroup: number;
  minStorageBufferOffsetAlignment: number;
  minUniformBufferOffsetAlignment: number;
}

/**
 * The limits the GPU backend plans chunks with. Declared here, not beside the planner
 * (runResources.ts), so that GpuEngine's public declarations do not reach the kernels' typegpu
 * schemas: typegpu 0.12's own declaration files do not type-check with skipLibCheck false.
 */
export interface GpuLimits {
  maxStorageBufferBindingSize: number;
  maxBufferSize: number;
  maxComputeWorkgroupsPerDimension: number;
}

/** The limit names of GpuKeyLimits, in a stable order (for display and for requiredLimits). */
export const GPU_KEY_LIMIT_NAMES = [
  'maxStorageBufferBindingSize',
  'maxBufferSize',
  'maxComputeWorkgroupStorageSize',
  'maxComputeInvocationsPerWorkgroup',
  'maxComputeWorkgroupSizeX',
  'maxComputeWorkgroupSizeY',
  'maxComputeWorkgroupSizeZ',
  'maxComputeWorkgroupsPerDimension',
  'maxStorageBuffersPerShaderStage',
  'maxUniformBuffersPerShaderStage',
  'maxUniformBufferBindingSize',
  'maxBindGroups',
  'maxBindingsPerBindGroup',
  'minStorageBufferOffsetAlignment',
  'minUniformBufferOffsetAlignment',
] as const satisfies readonly (keyof GpuKeyLimits)[];

export type GpuFeatureLevel = 'core' | 'compatibility';

export interface AcquireGpuDeviceOptions {
  /** Default 'high-performance': a discrete GPU before an integrated one before a CPU adapter. */
  powerPreference?: GPUPowerPreference;
  /** Ask only for a fallback (software) adapter. */
  forceFallbackAdapter?: boolean;
  /** Default 'core'. 'compatibility' is needed for Dawn's OpenGL ES backend. */
  featureLevel?: GpuFeatureLevel;
  /** Features the device must have; acquisition fails naming the missing ones. */
  requiredFeatures?: readonly GPUFeatureName[];
  /** Features enabled when the adapter has them (e.g. 'timestamp-query', 'shader-f16'). */
  optionalFeatures?: readonly GPUFeatureName[];
  /**
   * 'adapter-max' (default): request the adapter's maximum (or, for alignments, minimum) of every
   * key limit. 'default': WebGPU's default limits.
   */
  limits?: 'adapter-max' | 'default';
  /** Backend name to report in adapterInfo (the runtime adapter knows it; WebGPU does not say). */
  backend?: string;
  /** Device label (shows in validation messages). */
  label?: string;
  /** Called if the device is lost for any reason other than release(). */
  onLost?: (info: GPUDeviceLostInfo) => void;
  /** Extra text for the no-adapter error (e.g. how to install a driver on this runtime). */
  noAdapterHint?: string;
  /**
   * Wraps the synchronous part of the requestAdapter and requestDevice calls (not their
   * promises). Node uses it to filter what Dawn's native code prints to stderr there.
   */
  aroundNativeCall?: <T>(call: () => T) => T;
}

/** An acquired device. Call release() when done; in Node also exit the process explicitly. */
export interface AcquiredGpuDevice {
  device: GPUDevice;
  adapterInfo: GpuAdapterSummary;
  /** The device's limits (= the adapter's maxima unless options.limits was 'default'). */
  limits: GpuKeyLimits;
  features: readonly string[];
  featureLevel: GpuFeatureLevel;
  /** Milliseconds spent in requestAdapter + requestDevice. */
  acquireMs: number;
  /** Destroys the device (idempotent). Pending work is abandoned; mapped buffers are unmapped. */
  release(): void;
}

/** No adapter (or no device) could be had: the runtime has no usable WebGPU implementation. */
export class GpuUnavailableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'GpuUnavailableError';
  }
}

/** The key limits of an adapter or device, as plain numbers. */
export function readKeyLimits(limits: GPUSupportedLimits): GpuKeyLimits {
  const out = {} as GpuKeyLimits;
  for (const name of GPU_KEY_LIMIT_NAMES) out[name] = Number(limits[name]);
  return out;
}

/** A plain-object copy of GPUAdapterInfo (the native object's fields are getters). */
export function summarizeAdapterInfo(info: GPUAdapterInfo, backend?: string): GpuAdapterSummary {
  const summary: GpuAdapterSummary = {
    vendor: info.vendor ?? '',
    architecture: info.architecture ?? '',
    device: info.device ?? '',
    description: info.description ?? '',
  };
  if (backend !== undefined) summary.backend = backend;
  if (typeof info.isFallbackAdapter === 'boolean') summary.isFallbackAdapter = info.isFallbackAdapter;
  return summary;
}

/** One line for logs: "llvmpipe: Mesa 25.0.7 (vulkan, fallback adapter)". */
export function describeAdapter(info: GpuAdapterSummary): string {
  const name = info.description || info.device || [info.vendor, info.architecture].filter(Boolean).join(' ') || 'unnamed adapter';
  const tags = [info.backend, info.isFallbackAdapter ? 'fallback adapter' : undefined].filter(Boolean);
  return tags.length > 0 ? `${name} (${tags.join(', ')})` : name;
}

function requestOptionsText(o: GPURequestAdapterOptions): string {
  const parts = Object.entries(o).map(([k, v]) => `${k}: ${JSON.stringify(v)}`);
  return `{ ${parts.join(', ')} }`;
}

/** Requests an adapter and a device with the adapter's maximum key limits. */
export async function acquireGpuDevice(gpu: GPU, options: AcquireGpuDeviceOptions = {}): Promise<AcquiredGpuDevice> {
  const began = performance.now();
  const featureLevel = options.featureLevel ?? 'core';
  const request: GPURequestAdapterOptions = { powerPreference: options.powerPreference ?? 'high-performance' };
  if (options.forceFallbackAdapter) request.forceFallbackAdapter = true;
  if (featureLevel !== 'core') request.featureLevel = featureLevel;

  const native = options.aroundNativeCall ?? (<T>(call: () => T): T => call());
  let adapter: GPUAdapter | null;
  try {
    adapter = await native(() => gpu.requestAdapter(request));
  } catch (cause) {
    throw new GpuUnavailableError(
      `WebGPU requestAdapter(${requestOptionsText(request)}) failed${options.backend ? ` on backend '${options.backend}'` : ''}: ${(cause as Error)?.message ?? String(cause)}` +
        (options.noAdapterHint ? `\n${options.noAdapterHint}` : ''),
      { cause },
    );
  }
  if (!adapter) {
    throw new GpuUnavailableError(
      `no WebGPU adapter found for requestAdapter(${requestOptionsText(request)})${options.backend ? ` on backend '${options.backend}'` : ''}` +
        (options.noAdapterHint ? `\n${options.noAdapterHint}` : ''),
    );
  }

  const missing = (options.requiredFeatures ?? []).filter((f) => !adapter.features.has(f));
  if (missing.length > 0) {
    throw new GpuUnavailableError(`the WebGPU adapter ${describeAdapter(summarizeAdapterInfo(adapter.info, options.backend))} lacks required features: ${missing.join(', ')}`);
  }
  const requiredFeatures = [
    ...new Set([...(options.requiredFeatures ?? []), ...(options.optionalFeatures ?? []).filter((f) => adapter.features.has(f))]),
  ];

  const requiredLimits: Record<string, number> = {};
  if ((options.limits ?? 'adapter-max') === 'adapter-max') {
    for (const name of GPU_KEY_LIMIT_NAMES) {
      const value = adapter.limits[name];
      if (typeof value === 'number') requiredLimits[name] = value;
    }
  }

  const descriptor: GPUDeviceDescriptor = { requiredFeatures, requiredLimits };
  if (options.label !== undefined) descriptor.label = options.label;
  let device: GPUDevice;
  try {
    device = await native(() => adapter.requestDevice(descriptor));
  } catch (cause) {
    throw new GpuUnavailableError(
      `WebGPU requestDevice failed on ${describeAdapter(summarizeAdapterInfo(adapter.info, options.backend))}: ${(cause as Error)?.message ?? String(cause)}`,
      { cause },
    );
  }

  let released = false;
  void device.lost.then((info) => {
    if (!released && options.onLost) options.onLost(info);
  });

  // Prefer device.adapterInfo (the adapter object may be dropped); older runtimes lack it.
  const info = (device as GPUDevice & { adapterInfo?: GPUAdapterInfo }).adapterInfo ?? adapter.info;
  return {
    device,
    adapterInfo: summarizeAdapterInfo(info, options.backend),
    limits: readKeyLimits(device.limits),
    features: [...device.features].map(String).sort(),
    featureLevel,
    acquireMs: performance.now() - began,
    release() {
      if (released) return;
      released = true;
      device.destroy();
    },
  };
}
