/**
 * A RiskPlan as content-addressed blobs: what a run sends to its workers, once per run (each
 * worker fetches each blob once and caches the plan), never once per shard.
 *
 * The manifest is the plan's JSON in which every typed array is replaced by a reference to a
 * blob of its raw bytes ({"$typed": "Float64Array", "blob": sha256, "length": n}), each large
 * top-level field (account ids, balances, the residual table's JSON, ...) by a reference to a
 * blob of its own JSON ({"$json": sha256}), and the numbers JSON cannot carry (−0, NaN, ±∞) by
 * {"$num": "-0"}: decoding gives back the same plan bit for bit. A run's plans share blobs: the
 * anti-procyclicality floor's stressed plan differs from the base plan only in `moveScale`, so
 * only its manifest and that array are new. The plan's id is the SHA-256 of its manifest.
 */
import type { RiskPlan } from '../engine/index.js';
import { sha256Hex } from './blobs.js';
import { bytesOf, typedArrayFrom, type TypedArrayName, typedArrayName } from './bundle.js';

const FORMAT = 'margin-plan/1';
/** A top-level field whose JSON is longer goes into its own blob. */
const INLINE_JSON_BYTES = 16 * 1024;

export interface EncodedPlan {
  /** SHA-256 of the manifest: the plan's id. */
  hash: string;
  manifest: Uint8Array;
  /** Every blob the manifest refers to (directly or through a JSON blob), by hash. */
  blobs: Map<string, Uint8Array>;
}

type TypedRef = { $typed: TypedArrayName; blob: string; length: number };
type JsonRef = { $json: string };
type NumRef = { $num: '-0' | 'NaN' | 'Infinity' | '-Infinity' };

function specialNumber(value: number): NumRef | undefined {
  if (Object.is(value, -0)) return { $num: '-0' };
  if (Number.isNaN(value)) return { $num: 'NaN' };
  if (value === Infinity) return { $num: 'Infinity' };
  if (value === -Infinity) return { $num: '-Infinity' };
  return undefined;
}

export function encodePlan(plan: RiskPlan): EncodedPlan {
  const blobs = new Map<string, Uint8Array>();
  const addBlob = (bytes: Uint8Array): string => {
    const hash = sha256Hex(bytes);
    if (!blobs.has(hash)) blobs.set(hash, bytes);
    return hash;
  };
  // JSON.stringify calls toJSON-less typed arrays as objects; the replacer sees them first.
  const replacer = function (this: unknown, _key: string, value: unknown): unknown {
    if (typeof value === 'number') return specialNumber(value) ?? value;
    const type = typedArrayName(value);
    if (type) {
      const array = value as Parameters<typeof bytesOf>[0];
      const ref: TypedRef = { $typed: type, blob: addBlob(new Uint8Array(bytesOf(array))), length: array.length };
      return ref;
    }
    if (value instanceof Map || value instanceof Set) throw new TypeError('encodePlan: a plan holds no Map or Set');
    return value;
  };
  const fields: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(plan)) {
    if (value === undefined) continue;
    const json = JSON.stringify(value, replacer);
    if (json.length > INLINE_JSON_BYTES) {
      const ref: JsonRef = { $json: addBlob(Buffer.from(json, 'utf8')) };
      fields[key] = ref;
    } else {
      fields[key] = JSON.parse(json);
    }
  }
  const manifest = Buffer.from(JSON.stringify({ format: FORMAT, plan: fields }), 'utf8');
  return { hash: sha256Hex(manifest), manifest, blobs };
}

/** Fetches the bytes of blob `hash`, checked against it (BlobStore.get). */
export type FetchBlob = (hash: string) => Promise<Uint8Array>;

/** The blob hashes a JSON text refers to ($typed and $json). */
function referencedBlobs(json: string): { typed: string[]; json: string[] } {
  const typed: string[] = [];
  const nested: string[] = [];
  JSON.parse(json, (_key, value) => {
    if (value && typeof value === 'object') {
      if (typeof (value as TypedRef).$typed === 'string') typed.push((value as TypedRef).blob);
      else if (typeof (value as JsonRef).$json === 'string') nested.push((value as JsonRef).$json);
    }
    return value;
  });
  return { typed, json: nested };
}

/** The plan a manifest describes, its blobs fetched (each once) through `fetch`. */
export async function decodePlan(manifest: Uint8Array, fetch: FetchBlob): Promise<RiskPlan> {
  const text = Buffer.from(manifest.buffer, manifest.byteOffset, manifest.byteLength).toString('utf8');
  const jsonBlobs = new Map<string, string>();
  const typedBlobs = new Map<string, Uint8Array>();
  const pending = [text];
  while (pending.length > 0) {
    const refs = referencedBlobs(pending.pop()!);
    for (const hash of refs.typed) if (!typedBlobs.has(hash)) typedBlobs.set(hash, await fetch(hash));
    for (const hash of refs.json) {
      if (jsonBlobs.has(hash)) continue;
      const bytes = await fetch(hash);
      const nested = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
      jsonBlobs.set(hash, nested);
      pending.push(nested);
    }
  }
  const reviver = (_key: string, value: unknown): unknown => {
    if (!value || typeof value !== 'object') return value;
    const typed = value as TypedRef;
    if (typeof typed.$typed === 'string') {
      const array = typedArrayFrom(typed.$typed, typedBlobs.get(typed.blob)!);
      if (array.length !== typed.length) throw new RangeError(`plan blob ${typed.blob.slice(0, 12)}: ${array.length} elements, the manifest says ${typed.length}`);
      return array;
    }
    const num = value as NumRef;
    if (typeof num.$num === 'string') return Number(num.$num === '-0' ? '-0' : num.$num);
    const ref = value as JsonRef;
    if (typeof ref.$json === 'string') return JSON.parse(jsonBlobs.get(ref.$json)!, reviver);
    return value;
  };
  const parsed = JSON.parse(text, reviver) as { format: string; plan: RiskPlan };
  if (parsed.format !== FORMAT) throw new RangeError(`plan manifest format ${parsed.format}, this build reads ${FORMAT}`);
  return parsed.plan;
}
