/**
 * `margin run --models`: the venue models (deribit-pm, derive-pm) as further margin columns in
 * JSON, CSV and the table, the book summary comparing them, and the option's errors. In-process
 * (cli/program.ts) on the sample venue.
 */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { sampleParams } from '../../src/sample/sampleVenue.js';
import { marginInProcess as cli } from '../helpers/marginCli.js';
import { expectClose } from '../helpers/expectClose.js';

const RUN = ['run', '--scenarios', '1000', '--seed', '3', '--quiet', '--workers', '0', '--backend', 'cpu', '--no-attribution'];
const ALL = 'isolated,cross,portfolio,deribit-pm,derive-pm';

interface AccountRecord {
  account: string;
  equity: number;
  margin: Record<string, { initial: number; maintenance: number; healthFactor: number | null; underlyings?: Record<string, unknown> }>;
}

describe('margin run --models', () => {
  let all: { run: { margin: Record<string, any> }; accounts: AccountRecord[] };
  let defaults: { run: { margin: Record<string, any> }; accounts: AccountRecord[] };

  beforeAll(async () => {
    const withVenues = await cli([...RUN, '--format', 'json', '--models', ALL]);
    expect(withVenues.code, withVenues.stderr).toBe(0);
    all = JSON.parse(withVenues.stdout);
    const plain = await cli([...RUN, '--format', 'json']);
    expect(plain.code, plain.stderr).toBe(0);
    defaults = JSON.parse(plain.stdout);
  });

  it('JSON: every account carries both venue models, with maintenance ≤ initial and health = equity / maintenance', () => {
    expect(all.accounts.length).toBe(254);
    for (const record of all.accounts) {
      for (const model of ['deribit-pm', 'derive-pm']) {
        const m = record.margin[model];
        expect(m, `${record.account} ${model}`).toBeDefined();
        expect(m.initial).toBeGreaterThanOrEqual(0);
        expect(m.maintenance).toBeGreaterThanOrEqual(0);
        expect(m.maintenance).toBeLessThanOrEqual(m.initial + 1e-9);
        if (m.maintenance > 0) expectClose(m.healthFactor!, record.equity / m.maintenance, 1e-12 * Math.abs(record.equity / m.maintenance), `${record.account} ${model} health`);
        expect(Object.keys(m.underlyings ?? {}).length).toBeGreaterThan(0);
      }
    }
  });

  it('JSON: the book summary totals each model and its saving against isolated', () => {
    const summary = all.run.margin;
    for (const model of ['deribit-pm', 'derive-pm']) {
      const total = all.accounts.reduce((s, a) => s + a.margin[model].initial, 0);
      expectClose(summary.initial[model], total, 1e-9 * total, `${model} total`); // summation order only
      expectClose(summary.savingVsIsolatedPercent[model], (100 * (summary.initial.isolated - total)) / summary.initial.isolated, 1e-9, `${model} saving`);
    }
  });

  it('leaves the engine\'s three models as they are, and the default output without venue models', () => {
    expect(Object.keys(defaults.accounts[0].margin).sort()).toEqual(['cross', 'isolated', 'portfolio']);
    expect(defaults.run.margin.savingVsIsolatedPercent).toBeUndefined();
    all.accounts.forEach((record, a) => {
      for (const model of ['isolated', 'cross', 'portfolio']) expect(record.margin[model]).toEqual(defaults.accounts[a].margin[model]);
    });
  });

  it('CSV and JSON carry only the chosen models: portfolio,derive-pm', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'margin-models-'));
    const out = join(dir, 'margin.csv');
    const csv = await cli([...RUN, '--format', 'csv', '--models', 'portfolio,derive-pm', '--out', out, '--account', 'acct-001?']);
    expect(csv.code, csv.stderr).toBe(0);
    const [header, firstRow] = readFileSync(out, 'utf8').split('\n');
    expect(header).toContain('portfolio.initial,portfolio.maintenance');
    expect(header).toContain('derive-pm.initial,derive-pm.maintenance,derive-pm.worstLoss,derive-pm.worstScenario');
    expect(header).not.toContain('isolated.initial');
    expect(header).not.toContain('deribit-pm');
    expect(firstRow).toMatch(/ETH: [-+]?\d/); // acct-0010 trades ETH: its worst scenario is named per underlying

    const json = await cli([...RUN, '--format', 'json', '--models', 'portfolio,derive-pm', '--account', 'acct-0013']);
    const parsed = JSON.parse(json.stdout);
    expect(Object.keys(parsed.accounts[0].margin).sort()).toEqual(['derive-pm', 'portfolio']);
    expect(Object.keys(parsed.run.margin.initial).sort()).toEqual(['derive-pm', 'portfolio']);
    expect(parsed.run.margin.portfolioSavingVsIsolatedPercent).toBeUndefined();
  });

  it('the table shows a column per venue model and compares them with isolated margin', async () => {
    const table = await cli([...RUN, '--models', ALL, '--account', 'acct-0013']);
    expect(table.code, table.stderr).toBe(0);
    expect(table.stdout).toContain('IM deribit-pm');
    expect(table.stdout).toContain('IM derive-pm');
    expect(table.stdout).toMatch(/initial margin, 1 accounts: isolated [\d,]+ \| cross [\d,]+ \| portfolio [\d,]+ \| deribit-pm [\d,]+ \| derive-pm [\d,]+/);
    expect(table.stdout).toMatch(/venue models against isolated margin: deribit-pm frees [\d,]+ \(\d+\.\d% below isolated\); derive-pm frees/);
  });

  it('refuses an unknown model, a repeated one, and a list without the enforced model: exit 2, nothing written', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'margin-models-bad-'));
    const out = join(dir, 'out.json');
    const unknown = await cli([...RUN, '--models', 'isolated,deribit', '--out', out]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("option '--models <list>' argument 'isolated,deribit' is invalid");
    expect(unknown.stderr).toContain('unknown margin model "deribit"');
    const twice = await cli([...RUN, '--models', 'portfolio,portfolio', '--out', out]);
    expect(twice.code).toBe(2);
    expect(twice.stderr).toContain('"portfolio" is listed twice');
    const noEnforced = await cli([...RUN, '--models', 'isolated,deribit-pm', '--out', out]);
    expect(noEnforced.code).toBe(2);
    expect(noEnforced.stderr).toContain('--models: (root) = "isolated,deribit-pm": must include portfolio, the enforced model');
    expect(existsSync(out)).toBe(false);
  });

  it('reports a venue model beside another enforced model, with its parameters from params.json', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'margin-models-params-'));
    const params = join(dir, 'params.json');
    writeFileSync(params, JSON.stringify({ ...sampleParams(), margin: { enforced: 'isolated', deribitPm: { optionContingency: 0, minAnnualisedMove: 0.02 } } }));
    const result = await cli([...RUN, '--format', 'json', '--models', 'isolated,deribit-pm', '--params', params, '--account', 'acct-0013']);
    expect(result.code, result.stderr).toBe(0);
    const btc = JSON.parse(result.stdout).accounts[0].margin['deribit-pm'].underlyings.BTC;
    expect(btc.optionContingency).toBe(0);
    const perp = all.accounts.find((a) => a.account === 'acct-0013')!.margin['deribit-pm'].underlyings!.BTC as { rollShock: number };
    expectClose(btc.rollShock, 2 * perp.rollShock, 1e-9 * perp.rollShock, 'roll shock doubles with min_annualised_move 0.02'); // a perpetual only
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ ...sampleParams(), margin: { derivePm: { volRangeDown: -1 } } }));
    const refused = await cli([...RUN, '--models', ALL, '--params', bad]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('margin.derivePm.volRangeDown = -1');
  });
});
