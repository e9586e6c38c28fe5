/**
 * Reports are written record by record: a 200,000-account JSON document is longer than the
 * longest string V8 can hold (`RangeError: Invalid string length` at the end of a four-minute
 * run). The pieces must join to exactly the document one JSON.stringify would give.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import { CpuEngine } from '../../src/engine/cpu/cpuEngine.js';
import { inThreadExecutor } from '../../src/engine/cpu/chunkExecutor.js';
import type { RiskReport } from '../../src/engine/riskReport.js';
import type { MarginReport } from '../../src/margin/marginReport.js';
import { runMargin } from '../../src/margin/runMargin.js';
import { prepareMargin } from '../../src/margin/setup.js';
import { sampleBook, sampleMarket, sampleParams } from '../../src/sample/sampleVenue.js';
import { csvPieces, jsonPieces, runSummary } from '../../cli/format.js';
import { writeOutput } from '../../cli/output.js';

let risk: RiskReport;
let margin: MarginReport;

beforeAll(async () => {
  const setup = prepareMargin({ market: sampleMarket(), book: sampleBook(), params: sampleParams() }, { scenarios: 500 });
  const engine = new CpuEngine(inThreadExecutor());
  ({ risk, margin } = await runMargin(setup, { engine }));
  await engine.dispose();
}, 60_000);

describe('streamed reports', () => {
  it('JSON: one piece per account, joined equal to JSON.stringify of the whole document', () => {
    const pieces = [...jsonPieces(risk, margin)];
    expect(pieces.length).toBe(risk.accounts.length + 2);
    const whole = `${JSON.stringify({ run: { ...runSummary(risk), margin: margin.summary }, accounts: risk.accounts.map((a, i) => ({ ...a, ...margin.accounts[i] })) }, null, 2)}\n`;
    expect(pieces.join('')).toBe(whole);
    expect(Math.max(...pieces.map((p) => p.length))).toBeLessThan(whole.length / 50);
  });

  it('CSV: a header and batches of rows, one row per account, every account once', () => {
    const text = [...csvPieces(risk, margin)].join('');
    const rows = parse(text) as string[][];
    expect(rows.length).toBe(risk.accounts.length + 1);
    expect(rows.slice(1).map((r) => r[0])).toEqual(risk.accounts.map((a) => a.account));
    expect(rows[0]).toContain('portfolio.initial');
  });

  it('writeOutput writes the pieces to a file atomically, and a failing piece leaves nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'margin-out-'));
    const file = join(dir, 'r.json');
    await writeOutput(file, jsonPieces(risk, margin));
    expect(JSON.parse(readFileSync(file, 'utf8')).accounts.length).toBe(risk.accounts.length);
    function* failing() {
      yield 'x'.repeat(2 << 20);
      throw new Error('formatter failed');
    }
    await expect(writeOutput(join(dir, 'broken.json'), failing())).rejects.toThrow('formatter failed');
    const { readdirSync } = await import('node:fs');
    expect(readdirSync(dir)).toEqual(['r.json']);
  });
});
