/**
 * What-if from the cached instrument P&L block: its "before" is the full run's account, a
 * risk-reducing trade lowers portfolio margin, and a full rerun with the trade in the book
 * (premium paid from the settlement asset) gives the same margins: same scenarios, same
 * revaluation, same summation order.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { AccountMargin } from '../../src/margin/accountMargin.js';
import { runMargin } from '../../src/margin/runMargin.js';
import { planMargin, type MarginSetup } from '../../src/margin/setup.js';
import { parseTrades } from '../../src/margin/trades.js';
import { buildMarginCache, type MarginCache, type Trade, whatIf } from '../../src/margin/whatIf.js';
import type { MarginParamsInput } from '../../src/model/schemas.js';
import { expectClose } from '../helpers/expectClose.js';
import { sampleSetup } from './fixtures.js';

const MODELS = ['isolated', 'cross', 'portfolio'] as const;

/** The book with `trades` added to `account` and the premium taken from its balances, rerun in full. */
async function rerun(setup: MarginSetup, account: string, trades: Trade[], balancesAfter: Record<string, number>): Promise<AccountMargin> {
  const book = {
    accounts: setup.inputs.book.accounts.map((a) =>
      a.id === account ? { ...a, balances: balancesAfter, positions: [...a.positions, ...trades] } : a,
    ),
  };
  const rerunSetup = planMargin({ ...setup.inputs, book }, setup.sources);
  const { margin } = await runMargin(rerunSetup, { attribution: false });
  return margin.accounts.find((a) => a.account === account)!;
}

/** Same f64 numbers; only the rerun's plan order of a new instrument may differ: 1e-9 relative. */
function expectSameMargins(whatIfMargin: AccountMargin, full: AccountMargin, label: string): void {
  for (const m of MODELS) {
    const expected = full.margin[m].initial;
    expectClose(whatIfMargin.margin[m].initial, expected, 1e-9 * Math.max(expected, 1), `${label} ${m} initial, what-if vs rerun`);
  }
  expectClose(whatIfMargin.margin.portfolio.expectedShortfall, full.margin.portfolio.expectedShortfall, 1e-9 * full.margin.portfolio.expectedShortfall, `${label} ES`);
  expectClose(whatIfMargin.equity, full.equity, 1e-9 * full.equity, `${label} equity`);
  expect(whatIfMargin.healthFactor === null).toBe(full.healthFactor === null);
}

describe.each<[string, MarginParamsInput]>([
  ['default (unified) margin params', {}],
  ['collateral outside the scenarios', { collateral: { unified: false } }],
])('what-if with %s', (_, margin) => {
  let setup: MarginSetup;
  let cache: MarginCache;
  let run: Awaited<ReturnType<typeof runMargin>>;
  beforeAll(async () => {
    setup = sampleSetup({ margin, scenarios: 2000 });
    run = await runMargin(setup, { attribution: false });
    cache = buildMarginCache(setup, { chunkSize: 1000 });
  });

  it('before the trade, equals the full run exactly', () => {
    for (const account of ['acct-0003', 'acct-0073', 'acct-0211']) {
      const result = whatIf(cache, account, [{ instrument: 'BTC-PERPETUAL', quantity: 0.1 }]);
      const full = run.margin.accounts.find((a) => a.account === account)!;
      for (const m of MODELS) expect(result.before.margin[m].initial).toBe(full.margin[m].initial);
      expect(result.before.equity).toBe(full.equity);
    }
  });

  it('a risk-reducing trade lowers portfolio margin, in what-if and in a full rerun alike', async () => {
    // acct-0073 is long 12.1 BTC perpetuals with a far put: selling 6 halves the exposure.
    const trades = parseTrades('BTC-PERPETUAL:-6');
    const result = whatIf(cache, 'acct-0073', trades);
    expect(result.incrementalInitial.portfolio).toBeLessThan(0);
    expect(result.after.margin.portfolio.initial).toBeLessThan(result.before.margin.portfolio.initial);
    const full = await rerun(setup, 'acct-0073', trades, result.balancesAfter);
    expect(full.margin.portfolio.initial).toBeLessThan(result.before.margin.portfolio.initial);
    expectSameMargins(result.after, full, 'sell perpetuals');
    // Contributions of the new position set still sum to its ES.
    const sum = result.after.contributions!.reduce((s, c) => s + c.contribution, 0);
    expectClose(sum, result.after.margin.portfolio.expectedShortfall, 1e-9 * result.after.margin.portfolio.expectedShortfall, 'Σ contributions after');
  });

  it('a premium-paying trade in an instrument nobody holds matches a full rerun', async () => {
    const held = new Set(setup.plan.instrumentIds);
    const fresh = setup.inputs.market.instruments.map((i) => i.id).find((id) => id.startsWith('BTC-') && id.endsWith('-P') && !held.has(id))!;
    expect(fresh).toBeDefined();
    const trades: Trade[] = [{ instrument: fresh, quantity: 3 }, { instrument: 'BTC-PERPETUAL', quantity: -1 }];
    const result = whatIf(cache, 'acct-0013', trades);
    expect(result.premium).toBeGreaterThan(0);
    expectClose(result.balancesAfter.USDC, (setup.inputs.book.accounts[12].balances.USDC ?? 0) - result.premium, 1e-9, 'premium paid in USDC');
    const full = await rerun(setup, 'acct-0013', trades, result.balancesAfter);
    expectSameMargins(result.after, full, `buy ${fresh}`);
  });

  it('refuses an unknown account or instrument, naming it', () => {
    // The library names its own sources by default; a caller (the CLI) passes its option names.
    expect(() => whatIf(cache, 'nobody', [{ instrument: 'BTC-PERPETUAL', quantity: 1 }])).toThrow('what-if: account = "nobody": no such account');
    expect(() => whatIf(cache, 'nobody', [{ instrument: 'BTC-PERPETUAL', quantity: 1 }], { account: '--account' })).toThrow('--account: account = "nobody"');
    expect(() => whatIf(cache, 'acct-0001', [{ instrument: 'BTC-PERPETUAL', quantity: 1 }, { instrument: 'XRP-PERPETUAL', quantity: 1 }])).toThrow(
      'what-if: trades[1].instrument = "XRP-PERPETUAL": unknown instrument',
    );
  });
});

describe('trade parsing', () => {
  it('reads INSTRUMENT:QTY lists and refuses malformed ones', () => {
    expect(parseTrades('BTC-PERPETUAL:-0.5, ETH-25DEC26-3400-C:2')).toEqual([
      { instrument: 'BTC-PERPETUAL', quantity: -0.5 },
      { instrument: 'ETH-25DEC26-3400-C', quantity: 2 },
    ]);
    // Decimal quantities only: 0x10 and 0b11 are not 16 and 3 contracts.
    for (const bad of ['', 'BTC-PERPETUAL', 'BTC-PERPETUAL:', 'BTC-PERPETUAL:0', ':1', 'BTC-PERPETUAL:abc', 'BTC-PERPETUAL:Infinity', 'BTC-PERPETUAL:0x10', 'BTC-PERPETUAL:0b11', 'BTC-PERPETUAL:1_0']) {
      expect(() => parseTrades(bad), bad).toThrow('trades');
      expect(() => parseTrades(bad, '--trade'), bad).toThrow('--trade');
    }
  });
});
