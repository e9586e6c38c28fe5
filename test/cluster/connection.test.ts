/**
 * Redis URLs as the cluster reads them (no Redis needed): passwords and user names redacted
 * wherever a URL is shown, TLS for rediss:// (the CA from MARGIN_REDIS_CA, SNI only for host
 * names), the database from the path, MARGIN_REDIS_URL when the option comes without a URL,
 * and bad URLs refused naming the option, never echoing the password.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { redactRedisUrl, redisOptions, resolveRedisUrl } from '../../src/cluster/connection.js';
import { ClusterKeys } from '../../src/cluster/keys.js';

const saved = { url: process.env.MARGIN_REDIS_URL, ca: process.env.MARGIN_REDIS_CA };
afterEach(() => {
  for (const [name, value] of [['MARGIN_REDIS_URL', saved.url], ['MARGIN_REDIS_CA', saved.ca]] as const) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
});

describe('Redis URLs', () => {
  it('are shown with the password and user name redacted', () => {
    expect(redactRedisUrl('redis://:s3cret@10.0.0.5:6380')).toBe('redis://:***@10.0.0.5:6380');
    expect(redactRedisUrl('rediss://margin:s3cret@redis.internal:6380/2')).toBe('rediss://***:***@redis.internal:6380/2');
    expect(redactRedisUrl('redis://127.0.0.1:6379')).toBe('redis://127.0.0.1:6379');
    expect(redactRedisUrl('not a url with s3cret')).toBe('(unparseable Redis URL)');
  });

  it('give ioredis its options: credentials, database, TLS with the CA and SNI for names only', () => {
    expect(redisOptions('redis://:p%40ss@127.0.0.1:6390/3')).toEqual({ host: '127.0.0.1', port: 6390, db: 3, password: 'p@ss' });
    expect(redisOptions('redis://localhost')).toEqual({ host: 'localhost', port: 6379, db: 0 });
    const dir = mkdtempSync(join(tmpdir(), 'margin-ca-'));
    writeFileSync(join(dir, 'ca.pem'), 'PEM');
    process.env.MARGIN_REDIS_CA = join(dir, 'ca.pem');
    const tls = redisOptions('rediss://user:pw@redis.internal:6380');
    expect(tls).toMatchObject({ host: 'redis.internal', port: 6380, username: 'user', password: 'pw', tls: { servername: 'redis.internal' } });
    expect(String((tls.tls as { ca: Buffer }).ca)).toBe('PEM');
    expect(redisOptions('rediss://:pw@127.0.0.1:6380').tls).not.toHaveProperty('servername');
  });

  it('come from MARGIN_REDIS_URL when the option has none; bad ones are refused without the password', () => {
    process.env.MARGIN_REDIS_URL = 'redis://:envpw@127.0.0.1:7000';
    expect(resolveRedisUrl(true, '--redis')).toBe('redis://:envpw@127.0.0.1:7000');
    expect(resolveRedisUrl('redis://other:1', '--redis')).toBe('redis://other:1');
    delete process.env.MARGIN_REDIS_URL;
    expect(() => resolveRedisUrl(true, '--cluster')).toThrow(/a Redis URL is required: --cluster redis:\/\/host:port, or MARGIN_REDIS_URL/);
    expect(() => resolveRedisUrl('http://:s3cret@host', '--cluster')).toThrow(/scheme http: is not redis: or rediss:/);
    try {
      resolveRedisUrl('redis://:s3cret@host/x', '--cluster');
      expect.unreachable();
    } catch (error) {
      expect((error as Error).message).toMatch(/the database \(path\) must be a non-negative integer/);
      expect((error as Error).message).not.toContain('s3cret');
    }
  });

  it('key prefixes are plain names', () => {
    expect(new ClusterKeys('margin').results('r1', 'abc')).toBe('margin:run:r1:stage:abc:results');
    expect(() => new ClusterKeys('a b')).toThrow(/cluster prefix/);
    expect(() => new ClusterKeys('x:y')).toThrow(/cluster prefix/);
  });
});
