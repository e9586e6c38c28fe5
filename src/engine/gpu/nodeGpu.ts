/**
 * The only Node-specific piece of the GPU backend: WebGPU from Dawn (npm `webgpu`, dawn.node).
 *
 * Adapter choice. Dawn's Node binding uses one backend per instance: the `backend=` option, else
 * env DAWNNODE_BACKEND, else the platform's default (Vulkan on Linux, D3D12 on Windows, Metal on
 * macOS), and returns the first adapter of that backend in powerPreference order (discrete GPU,
 * integrated GPU, then CPU adapters such as Mesa lavapipe). So by default:
 *   1. the platform backend with powerPreference 'high-performance' (a real GPU when there is
 *      one; on a GPU-less Linux box, lavapipe, see .ci/install-webgpu-drivers.sh);
 *   2. Linux only, when (1) finds nothing: `backend=opengles` with featureLevel 'compatibility'
 *      and EGL_PLATFORM=surfaceless (stock Mesa llvmpipe through EGL/GLES).
 * Env MARGIN_DAWN_OPTIONS replaces that list with one attempt using exactly these Dawn options,
 * comma-separated, e.g. `adapter=llvmpipe`, `backend=opengles`, or
 * `backend=vulkan,adapter=NVIDIA,enable-dawn-features=allow_unsafe_apis,dump_shaders`
 * (an item without '=' continues the previous one, so toggle lists keep their commas).
 *
 * Lifetime. Dawn keeps the Node process alive while a device or the object `create()` returns is
 * reachable. This module ties the instance to its device (weakly) and keeps no other reference:
 * call `release()` on the acquired device when done, and a CLI must still end with an explicit
 * `process.exit(code)`.
 *
 * Stderr. Dawn prints benign limit-clamping warnings to stderr from native code when it finds an
 * adapter; every Dawn call that may print runs through a NativeStderrFilter (nativeStderr.ts),
 * which drops those lines and forwards everything else. MARGIN_DAWN_STDERR=show turns it off.
 */
import {
  type AcquiredGpuDevice,
  type AcquireGpuDeviceOptions,
  acquireGpuDevice,
  type GpuAdapterSummary,
  type GpuFeatureLevel,
  type GpuKeyLimits,
  GpuUnavailableError,
  readKeyLimits,
  summarizeAdapterInfo,
} from './device.js';
import { type NativeStderrFilter, nativeStderrFilter } from './nativeStderr.js';

/** Env var holding Dawn options (comma-separated) that override the default adapter choice. */
export const DAWN_OPTIONS_ENV = 'MARGIN_DAWN_OPTIONS';

const INSTALL_HINT =
  'On Debian/Ubuntu run `bash .ci/install-webgpu-drivers.sh` (Mesa lavapipe for Vulkan); ' +
  `set ${DAWN_OPTIONS_ENV} (e.g. "adapter=llvmpipe" or "backend=opengles") to choose an adapter.`;

type Env = Record<string, string | undefined>;

/** One way to ask Dawn for an adapter. */
export interface NodeGpuAttempt {
  dawnOptions: string[];
  /** The backend Dawn will use for these options. */
  backend: string;
  featureLevel: GpuFeatureLevel;
}

/** Splits "a=1,b=x,y,c=2" into ["a=1", "b=x,y", "c=2"]: an item without '=' continues the previous one. */
export function parseDawnOptions(text: string | undefined): string[] {
  const out: string[] = [];
  for (const raw of (text ?? '').split(',')) {
    const item = raw.trim();
    if (item === '') continue;
    if (!item.includes('=') && out.length > 0) out[out.length - 1] += `,${item}`;
    else out.push(item);
  }
  return out;
}

/** Dawn's default backend on this platform. */
export function platformDefaultBackend(platform: string = process.platform): string {
  if (platform === 'win32') return 'd3d12';
  if (platform === 'darwin') return 'metal';
  return 'vulkan';
}

const BACKEND_ALIASES: Record<string, string> = { vk: 'vulkan', gl: 'opengl', gles: 'opengles', d3d: 'd3d12' };

/** The backend Dawn picks for these options (same precedence as dawn.node: option, env, platform). */
export function dawnBackendOf(dawnOptions: readonly string[], env: Env = process.env, platform: string = process.platform): string {
  const option = [...dawnOptions].reverse().find((o) => o.startsWith('backend='));
  const name = (option?.slice('backend='.length) ?? env.DAWNNODE_BACKEND ?? '').trim().toLowerCase();
  if (name === '') return platformDefaultBackend(platform);
  return BACKEND_ALIASES[name] ?? name;
}

function isGlBackend(backend: string): boolean {
  return backend === 'opengl' || backend === 'opengles';
}

function attemptFor(dawnOptions: string[], env: Env, platform: string = process.platform): NodeGpuAttempt {
  const backend = dawnBackendOf(dawnOptions, env, platform);
  return { dawnOptions, backend, featureLevel: isGlBackend(backend) ? 'compatibility' : 'core' };
}

/** The attempts acquireNodeGpuDevice makes, in order (see the module comment). */
export function nodeGpuAttempts(env: Env = process.env, platform: string = process.platform): NodeGpuAttempt[] {
  const override = parseDawnOptions(env[DAWN_OPTIONS_ENV]);
  if (override.length > 0) return [attemptFor(override, env, platform)];
  const attempts = [attemptFor([], env, platform)];
  if (platform === 'linux' && !isGlBackend(attempts[0].backend)) attempts.push(attemptFor(['backend=opengles'], env, platform));
  return attempts;
}

/**
 * Creates Dawn's `GPU` object for these options (after installing WebGPU's globals such as
 * GPUBufferUsage on globalThis). The caller must not store the result globally: while it is
 * reachable Dawn keeps the process alive. Loaded lazily so a missing or broken dawn.node only
 * fails the GPU backend, not every importer. Dawn's native stderr goes through `stderr`.
 */
export async function createNodeGpu(
  dawnOptions: readonly string[] = parseDawnOptions(process.env[DAWN_OPTIONS_ENV]),
  stderr: NativeStderrFilter = nativeStderrFilter(),
): Promise<GPU> {
  let webgpu: typeof import('webgpu');
  try {
    webgpu = await import('webgpu');
  } catch (cause) {
    throw new GpuUnavailableError(`cannot load Dawn (npm package 'webgpu'): ${(cause as Error)?.message ?? String(cause)}`, { cause });
  }
  Object.assign(globalThis, webgpu.globals);
  // Dawn's GL backend on a headless box needs Mesa's surfaceless EGL platform (no X/Wayland).
  if (process.platform === 'linux' && isGlBackend(dawnBackendOf(dawnOptions)) && !process.env.EGL_PLATFORM) {
    process.env.EGL_PLATFORM = 'surfaceless';
  }
  return stderr.around(() => webgpu.create([...dawnOptions]));
}

export interface AcquireNodeGpuDeviceOptions extends Omit<AcquireGpuDeviceOptions, 'backend' | 'featureLevel' | 'aroundNativeCall'> {
  /** Dawn options for a single attempt; default: nodeGpuAttempts() (env override or the fallback chain). */
  dawnOptions?: string[];
  /** Overrides the feature level the attempt would use. */
  featureLevel?: GpuFeatureLevel;
}

export interface AcquiredNodeGpuDevice extends AcquiredGpuDevice {
  /** The Dawn options of the attempt that succeeded. */
  dawnOptions: string[];
  /** The Dawn instance, held until release() (see acquireNodeGpuDevice). */
  keepAlive: () => GPU | undefined;
  /** Dawn's benign stderr warnings hidden while acquiring (see nativeStderr.ts). */
  hiddenDawnWarnings: number;
}

/** Each acquired device's Dawn instance, reachable for as long as the device is. */
const instanceOfDevice = new WeakMap<GPUDevice, GPU>();

/**
 * Acquires a WebGPU device from Dawn, trying each attempt in turn (see the module comment).
 * Throws GpuUnavailableError listing every attempt when none gives a device.
 */
export async function acquireNodeGpuDevice(options: AcquireNodeGpuDeviceOptions = {}): Promise<AcquiredNodeGpuDevice> {
  const { dawnOptions, featureLevel, ...rest } = options;
  const attempts = dawnOptions ? [attemptFor(dawnOptions, process.env)] : nodeGpuAttempts();
  const failures: string[] = [];
  const stderr = nativeStderrFilter();
  for (const attempt of attempts) {
    try {
      const gpu = await createNodeGpu(attempt.dawnOptions, stderr);
      const acquired = await acquireGpuDevice(gpu, {
        ...rest,
        backend: attempt.backend,
        featureLevel: featureLevel ?? attempt.featureLevel,
        aroundNativeCall: (call) => stderr.around(call),
      });
      // The Dawn instance must outlive its device: if `gpu` is garbage-collected while the
      // device works, Dawn crashes (futex / std::system_error aborts, seen on lavapipe) or
      // never settles its promises. The device holds it (so a caller that keeps only
      // `device` is safe) until release() destroys the device, and no longer.
      let instance: GPU | undefined = gpu;
      instanceOfDevice.set(acquired.device, gpu);
      return {
        ...acquired,
        dawnOptions: attempt.dawnOptions,
        release() {
          acquired.release();
          instanceOfDevice.delete(acquired.device);
          instance = undefined;
        },
        keepAlive: () => instance,
        hiddenDawnWarnings: stderr.dropped,
      };
    } catch (error) {
      if (!(error instanceof GpuUnavailableError)) throw error;
      failures.push(`[${attempt.dawnOptions.join(',') || 'default options'}] ${error.message}`);
    }
  }
  throw new GpuUnavailableError(`no WebGPU device from Dawn:\n  ${failures.join('\n  ')}\n${INSTALL_HINT}`);
}

/** One adapter as seen by listNodeAdapters. */
export interface NodeAdapterListing {
  backend: string;
  featureLevel: GpuFeatureLevel;
  dawnOptions: string[];
  /** The requestAdapter options that returned this adapter ('high-performance', 'low-power', 'fallback'). */
  requestedWith: string[];
  info: GpuAdapterSummary;
  limits: GpuKeyLimits;
  features: string[];
}

export interface NodeAdapterList {
  adapters: NodeAdapterListing[];
  /** Backends/requests that failed outright (not merely "no adapter"). */
  errors: string[];
}

function backendsToList(env: Env, platform: string): NodeGpuAttempt[] {
  const override = parseDawnOptions(env[DAWN_OPTIONS_ENV]);
  if (override.length > 0) return [attemptFor(override, env, platform)];
  const backends = platform === 'win32' ? ['d3d12', 'd3d11', 'vulkan'] : platform === 'darwin' ? ['metal'] : ['vulkan', 'opengles'];
  return backends.map((b) => attemptFor([`backend=${b}`], env, platform));
}

/**
 * Every adapter Dawn offers here, per backend, for each of requestAdapter's preferences
 * (high-performance, low-power, forceFallbackAdapter), with key limits and features: the data for
 * a `margin devices` command. Creates no device. Does not keep the GPU objects it creates.
 */
export async function listNodeAdapters(env: Env = process.env, platform: string = process.platform): Promise<NodeAdapterList> {
  const adapters = new Map<string, NodeAdapterListing>();
  const errors: string[] = [];
  const stderr = nativeStderrFilter();
  const requests: [string, GPURequestAdapterOptions][] = [
    ['high-performance', { powerPreference: 'high-performance' }],
    ['low-power', { powerPreference: 'low-power' }],
    ['fallback', { forceFallbackAdapter: true }],
  ];
  for (const attempt of backendsToList(env, platform)) {
    let gpu: GPU;
    try {
      gpu = await createNodeGpu(attempt.dawnOptions, stderr);
    } catch (error) {
      errors.push(`[${attempt.dawnOptions.join(',')}] ${(error as Error).message}`);
      continue;
    }
    for (const [name, request] of requests) {
      const options: GPURequestAdapterOptions = attempt.featureLevel === 'core' ? request : { ...request, featureLevel: attempt.featureLevel };
      let adapter: GPUAdapter | null;
      try {
        adapter = await stderr.around(() => gpu.requestAdapter(options));
      } catch (error) {
        errors.push(`[${attempt.dawnOptions.join(',')}] ${name}: ${(error as Error)?.message ?? String(error)}`);
        continue;
      }
      if (!adapter) continue;
      const info = summarizeAdapterInfo(adapter.info, attempt.backend);
      const key = [attempt.backend, attempt.featureLevel, info.vendor, info.device, info.description].join('\u0000');
      const seen = adapters.get(key);
      if (seen) {
        seen.requestedWith.push(name);
        continue;
      }
      adapters.set(key, {
        backend: attempt.backend,
        featureLevel: attempt.featureLevel,
        dawnOptions: attempt.dawnOptions,
        requestedWith: [name],
        info,
        limits: readKeyLimits(adapter.limits),
        features: [...adapter.features].map(String).sort(),
      });
    }
  }
  return { adapters: [...adapters.values()], errors };
}
