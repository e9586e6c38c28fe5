/**
 * What the embedded WebAssembly kernels (aggregateWasm.ts, revalueWasm.ts) share: compiling a
 * module shipped as base64, and growing an instance's memory to a layout the host computes.
 */

const PAGE = 65_536;
/** WebAssembly's 32-bit memories end at 4 GiB (65,536 pages). */
const MAX_BYTES = 2 ** 32;

/**
 * The exports of the module in `base64`, instantiated synchronously without imports (the same in
 * Node, a page and a Web Worker), or null where WebAssembly, or a feature the module needs
 * (SIMD: without it the module does not validate), is missing, or compiling is refused (a page
 * whose Content-Security-Policy forbids it).
 */
export function instantiateEmbedded<Exports>(base64: string): Exports | null {
  try {
    if (typeof WebAssembly !== 'object' || typeof atob !== 'function') return null;
    const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
    if (!WebAssembly.validate(bytes)) return null;
    return new WebAssembly.Instance(new WebAssembly.Module(bytes), {}).exports as unknown as Exports;
  } catch {
    return null;
  }
}

/**
 * Grows `memory` to hold `bytes` at least; false where it cannot (past 4 GiB, or the grow is
 * refused). Growing detaches the previous buffer: take views after.
 */
export function reserveMemory(memory: WebAssembly.Memory, bytes: number): boolean {
  if (bytes > MAX_BYTES) return false;
  if (bytes <= memory.buffer.byteLength) return true;
  try {
    memory.grow(Math.ceil((bytes - memory.buffer.byteLength) / PAGE));
    return true;
  } catch {
    return false;
  }
}

/** `bytes` rounded up to a multiple of `to`. */
export function align(bytes: number, to: number): number {
  return Math.ceil(bytes / to) * to;
}
