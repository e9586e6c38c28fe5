/**
 * The cluster over TLS (rediss://, a server certificate from a test CA given in MARGIN_REDIS_CA,
 * a password), and on the GPU backend:
 *   - a run over TLS equals the local run; without the CA the certificate is refused and the
 *     error shows the URL redacted;
 *   - `margin worker --backend gpu` takes the GPU queue's shards; the merged run equals the local
 *     GPU run byte for byte when the book is not cut into account blocks (the GPU's results do
 *     not depend on how its scenarios are chunked), and within the parity tolerance when it is
 *     (a block revalues only its instruments, in other tiles).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { marginInProcess } from '../helpers/marginCli.js';
import { useGpuTestDevice } from '../gpu/gpuTestDevice.js';
import { comparableRun, MarginProcess, REQUIRE_REDIS, startRedisServer, startWorkers, stopWorkers, useRedis } from './redisFixture.js';

const dir = mkdtempSync(join(tmpdir(), 'margin-cluster-tls-'));

/** A CA and a server certificate for 127.0.0.1 signed by it (openssl). */
function makeCertificates(): { ca: string; cert: string; key: string } {
  const run = (args: string[]) => {
    const result = spawnSync('openssl', args, { cwd: dir, encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`openssl ${args.join(' ')}: ${result.stderr}`);
  };
  run(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '2', '-subj', '/CN=margin test CA']);
  run(['req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'server.key', '-out', 'server.csr', '-subj', '/CN=127.0.0.1']);
  writeFileSync(join(dir, 'ext.cnf'), 'subjectAltName=IP:127.0.0.1\n');
  run(['x509', '-req', '-in', 'server.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'server.pem', '-days', '2', '-extfile', 'ext.cnf']);
  return { ca: join(dir, 'ca.pem'), cert: join(dir, 'server.pem'), key: join(dir, 'server.key') };
}

describe('a cluster run over TLS', () => {
  it('rediss:// with a password and the CA in MARGIN_REDIS_CA equals the local run; without the CA the certificate is refused', async (ctx) => {
    const installed = spawnSync('redis-server', ['--version']).status === 0 && spawnSync('openssl', ['version']).status === 0;
    if (!installed) {
      if (REQUIRE_REDIS) throw new Error('REQUIRE_REDIS=1 but redis-server or openssl is not installed');
      ctx.skip('redis-server or openssl not installed');
    }
    const certs = makeCertificates();
    const server = await startRedisServer(['--tls-port', '$PORT', '--tls-cert-file', certs.cert, '--tls-key-file', certs.key, '--tls-ca-cert-file', certs.ca, '--tls-auth-clients', 'no']);
    const url = `rediss://:${server.password}@127.0.0.1:${server.port}`;
    const fixture = { url, prefix: 'tls', password: server.password };
    const env = { MARGIN_REDIS_CA: certs.ca };
    let workers: MarginProcess[] = [];
    try {
      // Without the CA: refused, and the URL in the error has no password.
      const refused = new MarginProcess(['run', '--cluster', '--quiet'], { MARGIN_REDIS_URL: url });
      expect(await refused.done()).toBe(1);
      expect(refused.stderr).toMatch(/margin: cannot reach Redis at rediss:\/\/:\*\*\*@127\.0\.0\.1:\d+: .*(self.signed|certificate)/i);
      expect(refused.stderr).not.toContain(server.password);

      workers = await startWorkers(fixture, 1, [], env);
      const args = ['run', '--backend', 'cpu', '--scenarios', '6000', '--seed', '3', '--format', 'json'];
      const local = await marginInProcess([...args, '--quiet']);
      expect(local.code, local.stderr).toBe(0);
      const out = join(dir, 'tls.json');
      const run = new MarginProcess([...args, '--cluster', '--cluster-prefix', 'tls', '--shards', '2', '--out', out], { MARGIN_REDIS_URL: url, ...env });
      expect(await run.done(), run.stderr).toBe(0);
      expect(run.stderr).toMatch(/cluster: run r-[\w-]+ on rediss:\/\/:\*\*\*@127\.0\.0\.1:\d+/);
      expect(comparableRun(readFileSync(out, 'utf8')) === comparableRun(local.stdout), 'the TLS cluster run differs from the local run').toBe(true);
      for (const text of [run.stderr, workers[0].stderr, readFileSync(out, 'utf8')]) expect(text).not.toContain(server.password);
    } finally {
      await stopWorkers(workers);
      await server.stop();
    }
  });
});

describe('a cluster run on the GPU backend', () => {
  const redis = useRedis();
  const gpu = useGpuTestDevice();

  it('equals the local GPU run byte for byte without account blocks, within 1e-4 relative with them', async (ctx) => {
    gpu.use(ctx); // an adapter exists here (or the test is skipped, or fails under REQUIRE_WEBGPU=1)
    const fixture = { ...redis.use(ctx), prefix: `${redis.current!.prefix}-gpu` };
    const workers = [new MarginProcess(['worker', '--prefix', fixture.prefix, '--backend', 'gpu'], { MARGIN_REDIS_URL: fixture.url })];
    await workers[0].waitFor(/taking gpu shards/, 120_000);
    try {
      const args = ['run', '--backend', 'gpu', '--scenarios', '20000', '--seed', '5', '--format', 'json'];
      const local = await marginInProcess([...args, '--quiet']);
      expect(local.code, local.stderr).toBe(0);
      const whole = join(dir, 'gpu.json');
      const run = new MarginProcess([...args, '--cluster', '--cluster-prefix', fixture.prefix, '--shards', '3', '--out', whole], { MARGIN_REDIS_URL: fixture.url });
      expect(await run.done(), run.stderr).toBe(0);
      expect(run.stderr).toMatch(/cluster: gpu backend; 1 live gpu workers/);
      expect(comparableRun(readFileSync(whole, 'utf8')) === comparableRun(local.stdout), 'the GPU cluster run differs from the local GPU run').toBe(true);

      const blocks = join(dir, 'gpu-blocks.json');
      const blocked = new MarginProcess([...args, '--cluster', '--cluster-prefix', fixture.prefix, '--shards', '2', '--account-block', '100', '--out', blocks], { MARGIN_REDIS_URL: fixture.url });
      expect(await blocked.done(), blocked.stderr).toBe(0);
      type Account = { account: string; valueAtRisk: number; expectedShortfall: number; stressLoss: number };
      const expected = (JSON.parse(local.stdout) as { accounts: Account[] }).accounts;
      const got = (JSON.parse(readFileSync(blocks, 'utf8')) as { accounts: Account[] }).accounts;
      let worst = 0;
      expected.forEach((e, a) => {
        for (const field of ['valueAtRisk', 'expectedShortfall', 'stressLoss'] as const) {
          const scale = Math.max(Math.abs(e[field]), 1e-6 * Math.abs(e.expectedShortfall), 1);
          worst = Math.max(worst, Math.abs(got[a][field] - e[field]) / scale);
        }
      });
      console.info(`GPU cluster run with account blocks: worst relative VaR/ES/stress difference from the local GPU run ${worst.toExponential(2)} (tolerance 1e-4, the GPU parity target)`);
      expect(worst).toBeLessThanOrEqual(1e-4);
    } finally {
      await stopWorkers(workers);
    }
  });
});
