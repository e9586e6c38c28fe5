import { describe, expect, it } from 'vitest';
import { runCascade } from '../../src/liquidation/cascade.js';
import { adlBook, pathScenario, setupFor } from '../helpers/cascadeBooks.js';
import { expectRelClose } from '../helpers/expectClose.js';

/** A 20% gap in one step: long-1 goes bankrupt (about 91k short), the shorts are in profit. */
const gap = pathScenario('gap', [1, 0.8]);
const setup = setupFor(adlBook(), 500);

describe('bad debt: insurance fund, then auto-deleveraging', () => {
  it('a large fund covers the whole shortfall and nobody is deleveraged', async () => {
    const run = await runCascade(setup, gap, { params: { insuranceFund: 1e6 } });
    expect(run.badDebt).toBeGreaterThan(50_000);
    expectRelClose(run.insurancePaid, run.badDebt, 1e-12, 'fund pays it all');
    expect(run.events.some((e) => e.kind === 'adl')).toBe(false);
    expect(run.uncoveredBadDebt).toBe(0);
  });

  it('the insurance fund pays first, to exhaustion, before any auto-deleveraging', async () => {
    const run = await runCascade(setup, gap, { params: { insuranceFund: 50_000 } });
    const kinds = run.events.filter((e) => e.kind === 'insurance' || e.kind === 'adl').map((e) => e.kind);
    expect(kinds[0]).toBe('insurance');
    expect(kinds.slice(1).every((k) => k === 'adl')).toBe(true);
    expect(kinds.length).toBeGreaterThan(1);
    const insurance = run.events.find((e) => e.kind === 'insurance')!;
    expect(insurance.kind === 'insurance' && insurance.fundAfter).toBe(0);
    expectRelClose(run.insurancePaid + run.adlAmount, run.badDebt, 1e-12, 'fund + ADL = bad debt');
    expect(run.insuranceFund).toBe(0);
    expect(run.conservationError).toBeLessThan(1e-9);
  });

  it('ADL takes the most profitable, most levered opposite positions first, at the bankruptcy price', async () => {
    const run = await runCascade(setup, gap, { params: { insuranceFund: 0 } });
    const adl = run.events.filter((e) => e.kind === 'adl');
    expect(adl.map((e) => e.counterparty)).toEqual(['short-C', 'short-A', 'short-B']);
    const scores = adl.map((e) => e.rankScore);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
    // The first two give up their whole profit (and position); the last only what is left.
    expect(adl[0].quantity).toBeCloseTo(1, 12);
    expect(adl[1].quantity).toBeCloseTo(2, 12);
    expect(adl[2].quantity).toBeGreaterThan(0);
    expect(adl[2].quantity).toBeLessThan(5);
    expectRelClose(run.adlAmount, run.badDebt, 1e-12, 'ADL covers it all');
    expect(run.uncoveredBadDebt).toBe(0);
    // The long, bankrupt, ends at zero: nothing owed, nothing left (1e-6 USD: the sums' rounding).
    const long = run.events.filter((e) => e.kind === 'closeout' && e.account === 'long-1');
    expect(long.length).toBe(1);
    expect(run.conservationError).toBeLessThan(1e-9);
  });

  it('without ADL the remainder stays uncovered and is reported', async () => {
    const run = await runCascade(setup, gap, { params: { insuranceFund: 10_000, adl: false } });
    expectRelClose(run.uncoveredBadDebt, run.badDebt - 10_000, 1e-12, 'uncovered = bad debt − fund');
    expect(run.conservationError).toBeLessThan(1e-9);
  });
});
