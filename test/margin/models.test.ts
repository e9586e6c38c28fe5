/**
 * The three margin models side by side: the rule-based ones against hand computation from the
 * rate schedule, portfolio margin's structure, and the orderings the issue requires:
 * portfolio ≤ cross ≤ isolated on hedged books, portfolio initial ≥ ES always.
 */
import { describe, expect, it } from 'vitest';
import { accountState } from '../../src/margin/context.js';
import { crossMargin } from '../../src/margin/cross.js';
import { isolatedMargin } from '../../src/margin/isolated.js';
import { liquidityAddOn } from '../../src/margin/liquidityAddOn.js';
import { runMargin } from '../../src/margin/runMargin.js';
import { shortOptionMinimum } from '../../src/margin/portfolio.js';
import { expectClose } from '../helpers/expectClose.js';
import { hedgedBooks, runBook, sampleSetup, setupFor } from './fixtures.js';

/** Sums of a handful of products in f64: 1e-9 relative is far above rounding, far below any rule error. */
const REL = 1e-9;

describe('isolated and cross margin by the rate schedule', () => {
  const book = {
    accounts: [
      { id: 'short-call', balances: {}, positions: [{ instrument: 'BTC-29JAN27-100000-C', quantity: -5 }] },
      { id: 'short-itm-put', balances: {}, positions: [{ instrument: 'BTC-29JAN27-100000-P', quantity: -2 }] },
      { id: 'long-put', balances: {}, positions: [{ instrument: 'ETH-26MAR27-3500-P', quantity: 7 }] },
      { id: 'basis', balances: {}, positions: [{ instrument: 'BTC_USDC', quantity: 2 }, { instrument: 'BTC-26MAR27', quantity: -2 }] },
      { id: 'perp-vs-spot', balances: {}, positions: [{ instrument: 'BTC_USDC', quantity: 3 }, { instrument: 'BTC-PERPETUAL', quantity: -1 }] },
    ],
  };
  const setup = setupFor(book, { scenarios: 10, margin: { collateral: { unified: false } } });
  const { ctx, plan } = setup;
  const index = (id: string) => plan.instrumentIds.indexOf(id);
  /** Underlying price of an option as the rule reads it: spot carried to the option's forward. */
  const forward = (id: string) => {
    const i = index(id);
    const u = plan.underlyingIndex[i];
    return plan.spot[u] * Math.exp((plan.rate - plan.carry[u]) * plan.carryYears[i]);
  };
  const margins = (a: number) => {
    const state = accountState(ctx, a);
    return { isolated: isolatedMargin(ctx, state.positions, 0), cross: crossMargin(ctx, state.positions, 0) };
  };

  it('short call: max(15%·F − OTM, 10%·F) + mark, per contract', () => {
    const id = 'BTC-29JAN27-100000-C';
    const f = forward(id);
    const expected = 5 * (Math.max(0.15 * f - Math.max(100_000 - f, 0), 0.1 * f) + plan.basePrice[index(id)]);
    const { isolated, cross } = margins(0);
    expectClose(isolated.initial, expected, REL * expected, 'isolated short call');
    expectClose(isolated.maintenance, 0.75 * expected, REL * expected, 'isolated maintenance = 0.75 × initial');
    expectClose(cross.initial, expected, REL * expected, 'cross charges options by the same rule');
  });

  it('short in-the-money put: no OTM deduction; long option: its premium', () => {
    const put = 'BTC-29JAN27-100000-P';
    const f = forward(put);
    expect(f).toBeLessThan(100_000); // in the money: nothing to deduct
    const expected = 2 * (0.15 * f + plan.basePrice[index(put)]);
    expectClose(margins(1).isolated.initial, expected, REL * expected, 'isolated short ITM put');
    const premium = 7 * plan.basePrice[index('ETH-26MAR27-3500-P')];
    expectClose(margins(2).isolated.initial, premium, REL * premium, 'isolated long put = premium');
  });

  it('linear positions: isolated charges each, cross nets per underlying', () => {
    const s = plan.spot[plan.underlyings.indexOf('BTC')];
    const future = plan.basePrice[index('BTC-26MAR27')];
    const basis = margins(3);
    expectClose(basis.isolated.initial, 0.1 * 2 * s + 0.1 * 2 * future, REL * s, 'isolated basis: both legs');
    expectClose(basis.cross.initial, 0.1 * Math.abs(2 * s - 2 * future), REL * s, 'cross basis: the net notional');
    const perp = margins(4);
    expectClose(perp.cross.initial, 0.1 * 2 * s, REL * s, 'cross: 3 long spot against 1 short perpetual');
  });

  it('cross with mixed rates charges the gross-weighted rate on the net, never more than isolated', () => {
    const mixed = setupFor(book, { scenarios: 10, margin: { isolated: { futureRate: 0.2 }, collateral: { unified: false } } });
    const state = accountState(mixed.ctx, 3);
    const s = plan.spot[plan.underlyings.indexOf('BTC')];
    const future = plan.basePrice[index('BTC-26MAR27')];
    const weighted = (0.1 * 2 * s + 0.2 * 2 * future) / (2 * s + 2 * future);
    const cross = crossMargin(mixed.ctx, state.positions, 0).initial;
    expectClose(cross, weighted * Math.abs(2 * s - 2 * future), REL * s, 'cross, mixed rates');
    expect(cross).toBeLessThanOrEqual(isolatedMargin(mixed.ctx, state.positions, 0).initial);
  });

  it('portfolio pieces: short-option minimum and the liquidity add-on', () => {
    const call = 'BTC-29JAN27-100000-C';
    const minimum = shortOptionMinimum(ctx, accountState(ctx, 0).positions);
    expectClose(minimum, 5 * 0.01 * forward(call), REL * minimum, 'short-option minimum: 1% of the underlying per contract');
    // Net delta of 3 spot − 1 perpetual = 2 BTC: X = 2·S, cost = X·(spread/2 + σ_d·√(X / volume)).
    const s = plan.spot[plan.underlyings.indexOf('BTC')];
    const x = 2 * s;
    const expected = x * (0.0002 / 2 + (0.54 / Math.sqrt(365.25)) * Math.sqrt(x / 2e9));
    const addOn = liquidityAddOn(ctx, accountState(ctx, 4).positions);
    expectClose(addOn.total, expected, REL * expected, 'liquidity add-on');
    expectClose(addOn.byUnderlying.BTC.exposure, x, REL * x, 'net exposure');
  });
});

describe('the three models side by side', () => {
  it('portfolio ≤ cross ≤ isolated on hedged books', async () => {
    const { margin } = await runBook({ accounts: hedgedBooks() });
    for (const a of margin.accounts) {
      const { isolated, cross, portfolio } = a.margin;
      const detail = `${a.account}: isolated ${isolated.initial}, cross ${cross.initial}, portfolio ${portfolio.initial}`;
      expect(cross.initial, detail).toBeLessThanOrEqual(isolated.initial);
      expect(portfolio.initial, detail).toBeLessThanOrEqual(cross.initial);
      // And by a margin worth migrating for: at least a quarter less than isolated.
      expect(portfolio.initial, detail).toBeLessThan(0.75 * isolated.initial);
    }
  });

  it('portfolio initial ≥ ES and ≥ its core, on every sample account, with and without anti-procyclicality', async () => {
    for (const margin of [{}, { antiProcyclicality: { buffer: { enabled: false }, floor: { enabled: false } } }]) {
      const { margin: report } = await runMargin(sampleSetup({ margin }), { attribution: false });
      for (const a of report.accounts) {
        const p = a.margin.portfolio;
        expect(p.initial, a.account).toBeGreaterThanOrEqual(p.expectedShortfall);
        expect(p.initial, a.account).toBeGreaterThanOrEqual(p.core);
        expect(p.core, a.account).toBeGreaterThanOrEqual(Math.max(p.expectedShortfall, p.stressLoss, p.shortOptionMinimum));
        expectClose(p.maintenance, 0.6 * p.initial, 1e-12 * p.initial, `${a.account} maintenance = 0.6 × initial`);
        expect(a.margin.cross.initial, a.account).toBeLessThanOrEqual(a.margin.isolated.initial * (1 + 1e-12));
      }
    }
  });

  it('the book summary adds the accounts up and reports the saving', async () => {
    const { margin } = await runMargin(sampleSetup(), { attribution: false });
    const total = (m: 'isolated' | 'cross' | 'portfolio') => margin.accounts.reduce((s, a) => s + a.margin[m].initial, 0);
    const s = margin.summary;
    expectClose(s.initial.isolated, total('isolated'), 1e-6, 'isolated total');
    expectClose(s.initial.portfolio, total('portfolio'), 1e-6, 'portfolio total');
    expectClose(s.portfolioSavingVsIsolatedPercent, (100 * (s.initial.isolated - s.initial.portfolio)) / s.initial.isolated, 1e-12, 'saving');
    expect(s.portfolioSavingVsIsolatedPercent).toBeGreaterThan(0);
  });
});

describe('unified collateral', () => {
  const puts = [{ instrument: 'BTC-29JAN27-95000-P', quantity: -5 }];
  const call = [{ instrument: 'BTC-29JAN27-100000-C', quantity: -5 }];
  const coin = { BTC: 5 };
  const cash = { USDC: 5 * 95_250 };

  it('short puts on the coin posted as collateral pay for the wrong-way risk', async () => {
    const { margin } = await runBook({ accounts: [{ id: 'coin', balances: coin, positions: puts }, { id: 'cash', balances: cash, positions: puts }] });
    const [withCoin, withCash] = margin.accounts;
    expect(withCoin.margin.portfolio.expectedShortfall).toBeGreaterThan(1.5 * withCash.margin.portfolio.expectedShortfall);
    expect(withCoin.margin.portfolio.initial).toBeGreaterThan(withCash.margin.portfolio.initial);
    // The coin's contribution to the ES is positive: it falls with the puts.
    const coinContribution = withCoin.contributions!.find((c) => c.instrument === 'collateral:BTC')!.contribution;
    expect(coinContribution).toBeGreaterThan(0);
  });

  it('unified mode recognizes a covered call on coin collateral and charges the wrong way', async () => {
    const free = (a: { equity: number; freeCollateral: number }) => a.freeCollateral;
    const book = { accounts: [{ id: 'covered', balances: coin, positions: call }, { id: 'wrong-way', balances: coin, positions: puts }] };
    const [coveredUnified, wrongWayUnified] = (await runBook(book)).margin.accounts;
    const [coveredSeparate, wrongWaySeparate] = (await runBook(book, { margin: { collateral: { unified: false } } })).margin.accounts;
    // Outside the scenarios the coin's price risk is a haircut; inside, it nets in the ES:
    // against short calls it frees collateral, under short puts it costs more.
    expect(coveredSeparate.equity).toBeLessThan(coveredUnified.equity);
    expect(free(coveredUnified)).toBeGreaterThan(free(coveredSeparate));
    expect(free(wrongWayUnified)).toBeLessThan(free(wrongWaySeparate));
    // Free collateral under the rule-based models does not depend on the mode: the haircut's
    // volatility part moves into their margin, one for one.
    for (const [unified, separate] of [[coveredUnified, coveredSeparate], [wrongWayUnified, wrongWaySeparate]]) {
      for (const model of ['isolated', 'cross'] as const) {
        const freeUnder = (a: typeof unified) => a.equity - a.margin[model].initial;
        expectClose(freeUnder(unified), freeUnder(separate), 1e-9 * unified.equity, `${unified.account} ${model} free collateral, unified vs not`);
      }
    }
  });
});
