/**
 * The ArrayBuffers under the typed arrays of a message, each once: passed as the transfer list
 * of postMessage, a chunk's result moves between threads instead of being copied.
 */
export function transferablesOf(value: unknown, found = new Set<ArrayBuffer>(), depth = 0): ArrayBuffer[] {
  if (depth > 4 || value === null || typeof value !== 'object') return [...found];
  if (ArrayBuffer.isView(value)) {
    if (value.buffer instanceof ArrayBuffer) found.add(value.buffer);
    return [...found];
  }
  for (const child of Object.values(value)) transferablesOf(child, found, depth + 1);
  return [...found];
}
