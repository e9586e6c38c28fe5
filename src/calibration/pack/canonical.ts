/**
 * The byte form of a parameter pack: JSON with object keys sorted at every level, indented by
 * two spaces, a final newline. The same pack is always the same bytes (and so the same hash),
 * whatever order its objects were built in. Numbers are JSON's shortest round-trip form, so a
 * pack read back parses to the same doubles.
 */
export function canonicalJson(value: unknown): string {
  return `${JSON.stringify(sortKeys(value), null, 2)}\n`;
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const item = (value as Record<string, unknown>)[key];
      if (item !== undefined) out[key] = sortKeys(item);
    }
    return out;
  }
  if (typeof value === 'number' && !Number.isFinite(value)) throw new RangeError(`canonicalJson: a non-finite number (${value}) cannot be written to a pack`);
  return value;
}

/** SHA-256 of a text's UTF-8 bytes, lowercase hex (WebCrypto: Node and browsers alike). */
export async function sha256Hex(text: string): Promise<string> {
  const digest = await globalThis.crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}
