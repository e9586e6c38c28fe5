import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { Redis, type RedisOptions } from 'ioredis';
import { InputError } from '../model/errors.js';

/** Where `--redis` / `--cluster` given without a URL read it: keeps a password off the command line (and out of `ps`). */
export const REDIS_URL_ENV = 'MARGIN_REDIS_URL';
/** A PEM file of the certificate authorities a `rediss://` server's certificate is checked against (default: the system's). */
export const REDIS_CA_ENV = 'MARGIN_REDIS_CA';

/**
 * The Redis URL to use: the one given, or MARGIN_REDIS_URL when the option came without one.
 * Accepted: `redis://[[user]:password@]host[:port][/db]` and `rediss://` (TLS).
 */
export function resolveRedisUrl(given: string | true | undefined, option: string): string {
  const url = typeof given === 'string' ? given : process.env[REDIS_URL_ENV];
  if (!url) throw new InputError(option, '', undefined, `a Redis URL is required: ${option} redis://host:port, or ${REDIS_URL_ENV} in the environment`);
  redisOptions(url, option);
  return url;
}

/** The URL with its password (and user name) replaced by ***: what logs and errors may show. */
export function redactRedisUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    if (parsed.username) parsed.username = '***';
    return parsed.toString().replace(/\/$/, '');
  } catch {
    return '(unparseable Redis URL)';
  }
}

/** ioredis options from a URL; TLS for rediss:// (certificates checked, against MARGIN_REDIS_CA when set). */
export function redisOptions(url: string, option = 'Redis URL'): RedisOptions {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new InputError(option, '', redactRedisUrl(url), 'not a URL: expected redis://[:password@]host:port[/db] or rediss://... (TLS)');
  }
  if (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:') {
    throw new InputError(option, '', redactRedisUrl(url), `scheme ${parsed.protocol} is not redis: or rediss: (TLS)`);
  }
  const db = parsed.pathname && parsed.pathname !== '/' ? Number(parsed.pathname.slice(1)) : 0;
  if (!Number.isInteger(db) || db < 0) throw new InputError(option, '', redactRedisUrl(url), 'the database (path) must be a non-negative integer');
  const options: RedisOptions = {
    host: parsed.hostname.replace(/^\[|\]$/g, '') || '127.0.0.1',
    port: parsed.port ? Number(parsed.port) : 6379,
    db,
  };
  if (parsed.username) options.username = decodeURIComponent(parsed.username);
  if (parsed.password) options.password = decodeURIComponent(parsed.password);
  if (parsed.protocol === 'rediss:') {
    const caFile = process.env[REDIS_CA_ENV];
    // The certificate is checked against the host name (SNI only for names: RFC 6066 forbids IP addresses there).
    options.tls = { ...(isIP(options.host!) ? {} : { servername: options.host }), ...(caFile ? { ca: readFileSync(caFile) } : {}) };
  }
  return options;
}

/** Redis did not answer (or refused the credentials): the cluster cannot be used. */
export class ClusterConnectionError extends Error {
  override readonly name = 'ClusterConnectionError';
}

export interface ConnectOptions {
  /** Names the connection in Redis's CLIENT LIST (no secret in it). */
  name: string;
  /** How long the first connection may take before giving up (ms). Default 10 s. */
  timeoutMs?: number;
}

/**
 * A connected client (BullMQ's requirements: no per-request retry limit, so blocking commands
 * wait out a reconnect). Fails, with the URL redacted, when Redis does not answer a PING within
 * the timeout; later disconnections are retried by ioredis.
 */
export async function connectRedis(url: string, options: ConnectOptions): Promise<Redis> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const client = new Redis({
    ...redisOptions(url),
    connectionName: options.name,
    lazyConnect: true,
    maxRetriesPerRequest: null,
    enableReadyCheck: true,
    connectTimeout: timeoutMs,
  });
  // Errors surface through the calls that fail; without a listener ioredis prints each reconnect attempt.
  let lastError: Error | undefined;
  client.on('error', (error: Error) => {
    lastError = error;
  });
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      client.connect().then(() => client.ping()),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
      }),
    ]);
  } catch (error) {
    client.disconnect();
    const reason = (lastError ?? (error as Error)).message;
    throw new ClusterConnectionError(`cannot reach Redis at ${redactRedisUrl(url)}: ${reason}`, { cause: error });
  } finally {
    clearTimeout(timer);
  }
  return client;
}
