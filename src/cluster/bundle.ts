/**
 * A binary bundle: JSON metadata plus named typed arrays, in one buffer that travels through
 * Redis as is (no base64, no JSON of numbers):
 *
 *   "MRGB" | u32 version | u32 header bytes | header JSON (utf-8) | padding to 8 | sections
 *
 * Each section starts on an 8-byte boundary, raw little-endian (every platform Node runs the
 * engine on; others are refused), so a decoded array is a view, not a parse.
 */
import { endianness } from 'node:os';

export type TypedArray = Float64Array | Float32Array | Uint32Array | Int32Array | Uint8Array | Uint16Array | Int16Array | Int8Array;

const CONSTRUCTORS = { Float64Array, Float32Array, Uint32Array, Int32Array, Uint8Array, Uint16Array, Int16Array, Int8Array } as const;
export type TypedArrayName = keyof typeof CONSTRUCTORS;

const MAGIC = 0x4247524d; // "MRGB" read as a little-endian u32
const VERSION = 1;

if (endianness() !== 'LE') throw new Error('the cluster transports raw little-endian arrays: this machine is big-endian');

export function typedArrayName(array: unknown): TypedArrayName | undefined {
  if (!ArrayBuffer.isView(array) || array instanceof DataView) return undefined;
  const name = array.constructor.name;
  return name in CONSTRUCTORS ? (name as TypedArrayName) : undefined;
}

/** A typed array of `name` over a copy of `bytes` (copied so that it is aligned and owned). */
export function typedArrayFrom(name: TypedArrayName, bytes: Uint8Array): TypedArray {
  const ctor = CONSTRUCTORS[name];
  if (bytes.byteLength % ctor.BYTES_PER_ELEMENT !== 0) throw new RangeError(`${bytes.byteLength} bytes are not a whole number of ${name} elements`);
  const copy = new Uint8Array(bytes.byteLength);
  copy.set(bytes);
  return new ctor(copy.buffer, 0, bytes.byteLength / ctor.BYTES_PER_ELEMENT);
}

/** The bytes of a typed array (a view, no copy). */
export function bytesOf(array: TypedArray): Uint8Array {
  return new Uint8Array(array.buffer, array.byteOffset, array.byteLength);
}

interface SectionEntry {
  name: string;
  type: TypedArrayName;
  offset: number;
  length: number;
}

const align8 = (n: number) => Math.ceil(n / 8) * 8;

export function encodeBundle(meta: unknown, sections: Record<string, TypedArray>): Buffer {
  const entries: SectionEntry[] = [];
  let offset = 0;
  for (const [name, array] of Object.entries(sections)) {
    const type = typedArrayName(array);
    if (!type) throw new TypeError(`bundle section ${name} is not a typed array`);
    entries.push({ name, type, offset, length: array.length });
    offset = align8(offset + array.byteLength);
  }
  const header = Buffer.from(JSON.stringify({ meta, sections: entries }), 'utf8');
  const start = align8(12 + header.length);
  const out = Buffer.alloc(start + offset);
  out.writeUInt32LE(MAGIC, 0);
  out.writeUInt32LE(VERSION, 4);
  out.writeUInt32LE(header.length, 8);
  header.copy(out, 12);
  for (const entry of entries) out.set(bytesOf(sections[entry.name]), start + entry.offset);
  return out;
}

export interface DecodedBundle<M> {
  meta: M;
  sections: Record<string, TypedArray>;
}

/** Decodes a bundle; the sections are views into one aligned copy of `buffer` (or into it, when aligned). */
export function decodeBundle<M = unknown>(buffer: Uint8Array): DecodedBundle<M> {
  let bytes = Buffer.from(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  if (bytes.byteOffset % 8 !== 0) {
    const copy = new Uint8Array(bytes); // a fresh, aligned ArrayBuffer
    bytes = Buffer.from(copy.buffer, 0, copy.byteLength);
  }
  if (bytes.length < 12 || bytes.readUInt32LE(0) !== MAGIC) throw new RangeError('not a margin bundle (bad magic)');
  const version = bytes.readUInt32LE(4);
  if (version !== VERSION) throw new RangeError(`margin bundle version ${version}, this build reads ${VERSION}`);
  const headerLength = bytes.readUInt32LE(8);
  const header = JSON.parse(bytes.subarray(12, 12 + headerLength).toString('utf8')) as { meta: M; sections: SectionEntry[] };
  const start = align8(12 + headerLength);
  const sections: Record<string, TypedArray> = {};
  for (const entry of header.sections) {
    const size = entry.length * CONSTRUCTORS[entry.type].BYTES_PER_ELEMENT;
    const from = start + entry.offset;
    if (from + size > bytes.length) throw new RangeError(`margin bundle section ${entry.name} runs past the end`);
    sections[entry.name] = new CONSTRUCTORS[entry.type](bytes.buffer as ArrayBuffer, bytes.byteOffset + from, entry.length);
  }
  return { meta: header.meta, sections };
}
