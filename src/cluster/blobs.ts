import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';

/** SHA-256 of bytes, hex: the name of a content-addressed blob. */
export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Redis caps a value at 512 MiB (proto-max-bulk-len); blobs go in parts well below it. */
export const BLOB_PART_BYTES = 64 * 2 ** 20;

/**
 * A blob whose bytes do not hash to its name: corrupted or tampered with in Redis. A worker
 * refuses to compute on it (the shard fails at once, without retries: another try would read
 * the same bytes).
 */
export class BlobIntegrityError extends Error {
  override readonly name = 'BlobIntegrityError';
}

/** A blob named in a job that is not (or no longer) in Redis: expired, evicted or never written. */
export class BlobMissingError extends Error {
  override readonly name = 'BlobMissingError';
}

interface BlobMeta {
  bytes: number;
  parts: number;
}

/**
 * Blobs in Redis under a key base: meta `base` = {bytes, parts} and the parts `base:i`, the
 * meta written last, so a blob is either whole or absent (a writer killed halfway leaves parts
 * without meta, which expire). Every read is checked against the SHA-256 the caller expects.
 */
export class BlobStore {
  constructor(
    private readonly redis: Redis,
    private readonly ttlSeconds: number,
  ) {}

  /** Writes `bytes` under `base` unless a complete blob is there already; returns whether it wrote. */
  async put(base: string, bytes: Uint8Array): Promise<boolean> {
    if (await this.redis.exists(base)) {
      await this.touch(base);
      return false;
    }
    const parts = Math.max(1, Math.ceil(bytes.byteLength / BLOB_PART_BYTES));
    for (let i = 0; i < parts; i++) {
      const part = Buffer.from(bytes.buffer, bytes.byteOffset + i * BLOB_PART_BYTES, Math.min(BLOB_PART_BYTES, bytes.byteLength - i * BLOB_PART_BYTES));
      await this.redis.set(`${base}:${i}`, part, 'EX', this.ttlSeconds);
    }
    const meta: BlobMeta = { bytes: bytes.byteLength, parts };
    await this.redis.set(base, JSON.stringify(meta), 'EX', this.ttlSeconds);
    return true;
  }

  /** Pushes the expiry of a blob (meta and parts) to a full TTL from now. */
  async touch(base: string): Promise<void> {
    const meta = await this.meta(base);
    if (!meta) return;
    const pipeline = this.redis.pipeline().expire(base, this.ttlSeconds);
    for (let i = 0; i < meta.parts; i++) pipeline.expire(`${base}:${i}`, this.ttlSeconds);
    await pipeline.exec();
  }

  async has(base: string): Promise<boolean> {
    return (await this.redis.exists(base)) === 1;
  }

  /** The blob's bytes, checked against `hash`; BlobMissingError or BlobIntegrityError otherwise. */
  async get(base: string, hash: string, what: string): Promise<Buffer> {
    const meta = await this.meta(base);
    if (!meta) throw new BlobMissingError(`${what} ${hash.slice(0, 12)} is not in Redis (expired, evicted or never written)`);
    const parts: Buffer[] = [];
    for (let i = 0; i < meta.parts; i++) {
      const part = await this.redis.getBuffer(`${base}:${i}`);
      if (!part) throw new BlobMissingError(`${what} ${hash.slice(0, 12)}: part ${i} of ${meta.parts} is missing from Redis`);
      parts.push(part);
    }
    const bytes = parts.length === 1 ? parts[0] : Buffer.concat(parts);
    const actual = sha256Hex(bytes);
    if (bytes.length !== meta.bytes || actual !== hash) {
      throw new BlobIntegrityError(
        `${what} ${hash.slice(0, 12)} does not match its content hash (${bytes.length} bytes hashing to ${actual.slice(0, 12)}): refused. ` +
          `It was corrupted or altered in Redis; delete the key ${base} (and ${base}:*) and rerun`,
      );
    }
    return bytes;
  }

  async delete(base: string): Promise<void> {
    const meta = await this.meta(base);
    const keys = [base, ...Array.from({ length: meta?.parts ?? 0 }, (_, i) => `${base}:${i}`)];
    await this.redis.del(...keys);
  }

  private async meta(base: string): Promise<BlobMeta | undefined> {
    const text = await this.redis.get(base);
    if (text === null) return undefined;
    const meta = JSON.parse(text) as BlobMeta;
    if (!(Number.isInteger(meta.bytes) && Number.isInteger(meta.parts) && meta.parts >= 1)) throw new BlobIntegrityError(`blob meta at ${base} is malformed: refused`);
    return meta;
  }
}
