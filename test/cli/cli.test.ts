/**
 * The `margin` CLI end to end, in a child process: output formats, atomic output, and bad
 * input exiting non-zero with no output file.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { margin, marginInProcess as cli } from '../helpers/marginCli.js';



describe('margin CLI', () => {
  it('run on the embedded sample: JSON has one record per account', async () => {
    const result = await margin(['run', '--scenarios', '2000', '--format', 'json', '--quiet', '--workers', '0']);
    expect(result.code).toBe(0);
    const parsed = JSON.parse(result.stdout);
    expect(parsed.accounts.length).toBeGreaterThanOrEqual(200);
    for (const record of parsed.accounts) {
      expect(record.expectedShortfall).toBeGreaterThanOrEqual(record.valueAtRisk);
    }
    expect(parsed.run.scenarios).toBe(2000);
  });

  it('generate, then run the generated CSV book to a CSV file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'margin-'));
    const gen = await margin(['generate', '--accounts', '50', '--instruments', '40', '--seed', '3', '--out', dir]);
    expect(gen.code).toBe(0);
    const out = join(dir, 'risk.csv');
    const args = ['run', '--market', join(dir, 'market.json'), '--book', join(dir, 'book.csv'), '--params', join(dir, 'params.json')];
    const result = await margin([...args, '--scenarios', '500', '--format', 'csv', '--out', out, '--workers', '2']);
    expect(result.code).toBe(0);
    const lines = readFileSync(out, 'utf8').trim().split('\n');
    expect(lines[0]).toMatch(/^account,positions,marketValue,valueAtRisk,expectedShortfall,stressLoss,worstStress/);
    expect(lines.length).toBe(51);
  });

  it('bad input: names file, field and value; exits non-zero; writes nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'margin-bad-'));
    await margin(['sample', '--out', dir]);
    const params = JSON.parse(readFileSync(join(dir, 'params.json'), 'utf8'));
    params.underlyings.BTC.vol = -0.5;
    writeFileSync(join(dir, 'params.json'), JSON.stringify(params));
    const out = join(dir, 'out.json');
    const files = ['--market', join(dir, 'market.json'), '--book', join(dir, 'book.json'), '--params', join(dir, 'params.json')];
    const result = await cli(['run', ...files, '--format', 'json', '--out', out]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`${join(dir, 'params.json')}: underlyings.BTC.vol = -0.5`);
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(dir).filter((f) => f.includes('.tmp'))).toEqual([]);

    writeFileSync(join(dir, 'broken.json'), '{ "accounts": [ ');
    const broken = await cli(['run', '--book', join(dir, 'broken.json'), '--out', out]);
    expect(broken.code).toBe(2);
    expect(broken.stderr).toContain('broken.json: (json)');
    expect(existsSync(out)).toBe(false);

    const missing = await cli(['run', '--market', join(dir, 'nope.json')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('nope.json: (file)');
  });

  it('schema writes JSON Schemas of all three inputs', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'margin-schema-'));
    expect((await margin(['schema', '--out', dir])).code).toBe(0);
    const market = JSON.parse(readFileSync(join(dir, 'market.schema.json'), 'utf8'));
    expect(market.properties.underlyings).toBeDefined();
    expect(readdirSync(dir).sort()).toEqual(['book.schema.json', 'market.schema.json', 'params.schema.json']);
  });

  it('without an adapter: auto falls back to the CPU and says why; --backend gpu fails and writes nothing', async () => {
    // Dawn on Linux has no Metal backend: a reliable "no adapter" on any machine.
    const noAdapter = { MARGIN_DAWN_OPTIONS: 'backend=metal' };
    const dir = mkdtempSync(join(tmpdir(), 'margin-backend-'));
    const auto = await margin(['run', '--scenarios', '500', '--format', 'csv', '--out', join(dir, 'auto.csv'), '--no-attribution'], noAdapter);
    expect(auto.code).toBe(0);
    expect(auto.stderr).toMatch(/backend: CPU \(no WebGPU device from Dawn: \[backend=metal\]/);
    expect(existsSync(join(dir, 'auto.csv'))).toBe(true);
    const gpu = await margin(['run', '--scenarios', '500', '--backend', 'gpu', '--out', join(dir, 'gpu.csv')], noAdapter);
    expect(gpu.code).toBe(1);
    expect(gpu.stderr).toContain('--backend gpu, but no WebGPU device from Dawn');
    expect(existsSync(join(dir, 'gpu.csv'))).toBe(false);
  });

  it('usage errors exit non-zero', async () => {
    const result = await cli(['run', '--scenarios', '-5']);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/positive integer/);
  });
});
