/**
 * `margin import deribit-chain | ccxt | deribit` through the CLI (in-process, plus one child
 * process end to end): the files written, what a refused record says (its file, index and
 * field) with exit code 2 and nothing written, and the imported account run by `margin run`
 * in coin and USD on the converted market.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { fixtureCsv, fixtureRows } from '../helpers/deribitChainFixture.js';
import { CCXT_BALANCES, CCXT_POSITIONS, DERIBIT_POSITIONS, DERIBIT_SUMMARY, EXPECTED_ACCOUNT } from '../helpers/importExamples.js';
import { margin, marginInProcess as cli } from '../helpers/marginCli.js';

let dir: string;
const path = (name: string) => join(dir, name);
const write = (name: string, value: unknown) => writeFileSync(path(name), typeof value === 'string' ? value : JSON.stringify(value));

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'margin-import-'));
  write('chain.csv', fixtureCsv());
  write('deribit-positions.json', DERIBIT_POSITIONS);
  write('deribit-summary.json', DERIBIT_SUMMARY);
  write('ccxt-positions.json', CCXT_POSITIONS);
  write('ccxt-balances.json', CCXT_BALANCES);
});

describe('margin import', () => {
  it('deribit-chain writes a market.json and says what it read', async () => {
    const result = await cli(['import', 'deribit-chain', '--snapshot', path('chain.csv'), '--out', path('market')]);
    expect(result.code).toBe(0);
    const market = JSON.parse(readFileSync(path('market/market.json'), 'utf8'));
    expect(market.underlyings.BTC.spot).toBe(93_650);
    expect(market.instruments.find((i: { id: string }) => i.id === 'BTC-PERPETUAL')).toEqual({ id: 'BTC-PERPETUAL', settlement: 'inverse', multiplier: 10 });
    expect(result.stderr).toContain('wrote');
    expect(result.stderr).toMatch(/BTC: index 93650, 3 expiries \(2 listed futures/);
    expect(result.stderr).toMatch(/reproduces the marks: median \|difference\| \d/);
  });

  it('deribit and ccxt write the same book; without --market, the instruments too', async () => {
    await cli(['import', 'deribit-chain', '--snapshot', path('chain.csv'), '--out', path('market'), '--quiet']);
    const deribit = await cli(['import', 'deribit', '--positions', path('deribit-positions.json'), '--summary', path('deribit-summary.json'), '--market', path('market/market.json'), '--out', path('from-deribit')]);
    const ccxt = await cli(['import', 'ccxt', '--positions', path('ccxt-positions.json'), '--balances', path('ccxt-balances.json'), '--market', path('market/market.json'), '--account', 'deribit', '--out', path('from-ccxt')]);
    expect([deribit.code, ccxt.code]).toEqual([0, 0]);
    const read = (name: string) => JSON.parse(readFileSync(path(name), 'utf8'));
    expect(read('from-deribit/book.json').accounts[0].positions).toEqual(EXPECTED_ACCOUNT.positions);
    expect(read('from-ccxt/book.json')).toEqual(read('from-deribit/book.json'));
    expect(readdirSync(path('from-ccxt'))).toEqual(['book.json']);
    const unchecked = await cli(['import', 'ccxt', '--positions', path('ccxt-positions.json'), '--balances', path('ccxt-balances.json'), '--out', path('unchecked')]);
    expect(unchecked.code).toBe(0);
    expect(readdirSync(path('unchecked')).sort()).toEqual(['book.json', 'instruments.json']);
    expect(read('unchecked/instruments.json')[0]).toEqual({ id: 'BTC-PERPETUAL', settlement: 'inverse', multiplier: 10 });
    expect(unchecked.stderr).toContain('no --market given, so the instruments were not checked');
  });

  it('refuses a record with its index and field, exit code 2, nothing written', async () => {
    const positions = JSON.parse(JSON.stringify(CCXT_POSITIONS));
    positions[2].symbol = 'BTC/USD:BTC-260327-150000-C';
    write('bad-positions.json', positions);
    await cli(['import', 'deribit-chain', '--snapshot', path('chain.csv'), '--out', path('market'), '--quiet']);
    const result = await cli(['import', 'ccxt', '--positions', path('bad-positions.json'), '--balances', path('ccxt-balances.json'), '--market', path('market/market.json'), '--out', path('refused')]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`${path('bad-positions.json')}: [2].symbol = "BTC/USD:BTC-260327-150000-C": BTC-27MAR26-150000-C is not in the market`);
    expect(existsSync(path('refused'))).toBe(false);
    const rows = fixtureRows();
    rows[3][5] = '1e999';
    write('bad-chain.csv', fixtureCsv(rows));
    const chain = await cli(['import', 'deribit-chain', '--snapshot', path('bad-chain.csv'), '--out', path('refused')]);
    expect(chain.code).toBe(2);
    expect(chain.stderr).toContain('line 5.strike = "1e999": expected a positive decimal number');
    expect(existsSync(path('refused'))).toBe(false);
    const face = await cli(['import', 'deribit-chain', '--snapshot', path('chain.csv'), '--face', 'BTC=ten', '--out', path('refused')]);
    expect(face.code).toBe(2);
    expect(face.stderr).toContain('--face');
  });

  it('end to end: the imported account runs on the converted market, in coin and in USD', async () => {
    const steps = [
      ['import', 'deribit-chain', '--snapshot', path('chain.csv'), '--out', path('e2e'), '--quiet'],
      ['import', 'deribit', '--positions', path('deribit-positions.json'), '--summary', path('deribit-summary.json'), '--market', path('e2e/market.json'), '--out', path('e2e'), '--quiet'],
    ];
    for (const args of steps) expect((await margin(args)).code).toBe(0);
    const run = await margin(['run', '--market', path('e2e/market.json'), '--book', path('e2e/book.json'), '--backend', 'cpu', '--scenarios', '2000', '--format', 'json', '--quiet']);
    expect(run.code).toBe(0);
    const account = JSON.parse(run.stdout).accounts[0];
    expect(account.coin[0].asset).toBe('BTC');
    expect(account.coin[0].margin.portfolio.initial).toBeCloseTo(account.margin.portfolio.initial / 93_650, 12);
  });
});
