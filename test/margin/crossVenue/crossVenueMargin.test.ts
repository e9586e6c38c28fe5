/**
 * Margin across venues on the cross-venue sample: accounts whose venues' risks offset need
 * less unified than siloed margin; the lending legs' health factors in the run's scenarios
 * match an independent revaluation and the closed form of a one-asset position; accounts that
 * name no venue get exactly the numbers they get in a book without venues.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { computeInstrumentBlock } from '../../../src/engine/index.js';
import type { CrossVenueMargin } from '../../../src/margin/crossVenue/crossVenueReport.js';
import { type MarginRun, runMargin } from '../../../src/margin/runMargin.js';
import { type MarginSetup, prepareMargin } from '../../../src/margin/setup.js';
import { normalCdf } from '../../../src/pricing/normal.js';
import { crossVenueAccounts, crossVenueBook, crossVenueMarket, crossVenueParams } from '../../../src/sample/crossVenueSample.js';
import { sampleBook, sampleMarket, sampleParams } from '../../../src/sample/sampleVenue.js';
import { expectClose, expectRelClose } from '../../helpers/expectClose.js';

const SCENARIOS = 4000;
const SEED = 11;

let setup: MarginSetup;
let run: MarginRun;
const cross = (id: string): CrossVenueMargin => run.margin.accounts.find((a) => a.account === id)!.crossVenue!;

beforeAll(async () => {
  setup = prepareMargin({ market: crossVenueMarket(), book: { accounts: crossVenueAccounts() }, params: crossVenueParams() }, { scenarios: SCENARIOS, seed: SEED });
  run = await runMargin(setup, { attribution: false });
});

describe('siloed against unified margin', () => {
  it('reports the book accounts only, each cross-venue one with its venues', () => {
    expect(run.risk.accounts.map((a) => a.account)).toEqual(crossVenueAccounts().map((a) => a.id));
    expect(run.margin.accounts.every((a) => a.crossVenue !== undefined)).toBe(true);
    expect(cross('xv-07').venues.map((v) => v.venue)).toEqual(['home', 'deribit', 'aave']);
    for (const a of run.margin.accounts) {
      const x = a.crossVenue!;
      expectRelClose(x.siloed.initial, x.venues.reduce((s, v) => s + v.initial, 0), 1e-12, `${a.account} siloed sum`);
      expectRelClose(x.frees, x.siloed.initial - x.unified.initial, 1e-12, `${a.account} frees`);
    }
  });

  it('accounts whose venues offset need far less unified margin than the venues apart', () => {
    // Hedges split across venues: the ETH or BTC delta supplied on Aave against a short on a
    // derivatives venue (xv-01, xv-02), the same perpetual long and short (xv-04), spot against perpetual (xv-10).
    for (const id of ['xv-01', 'xv-02', 'xv-04', 'xv-10']) {
      const x = cross(id);
      expect(x.siloed.initial, id).toBeGreaterThan(2 * x.unified.initial);
      expect(x.unified.transfer.charge, id).toBeLessThanOrEqual(x.unified.transfer.reliedOn);
    }
    // +10 and −10 of one perpetual: nothing left to margin across venues, everything on each.
    expect(cross('xv-04').unified.initial).toBe(0);
    expect(cross('xv-04').venues.every((v) => v.initial > 0)).toBe(true);
  });

  it('the book summary adds the accounts up', () => {
    const s = run.margin.summary.crossVenue!;
    const all = run.margin.accounts.map((a) => a.crossVenue!);
    expect(s.accounts).toBe(all.length);
    expectRelClose(s.siloedInitial, all.reduce((t, x) => t + x.siloed.initial, 0), 1e-12, 'siloed');
    expectRelClose(s.unifiedInitial, all.reduce((t, x) => t + x.unified.initial, 0), 1e-12, 'unified');
    expect(s.lendingPositions).toBe(all.flatMap((x) => x.venues).filter((v) => v.kind === 'lending' && v.healthFactor !== null).length);
  });
});

describe('lending health factors in the scenarios', () => {
  // xv-06: 30 ETH supplied on Aave (LT 0.83) against 80,000 USDC borrowed; nothing else.
  const units = 30;
  const debt = 80_000;
  const lt = 0.83;
  const spot = 3412;
  const aaveOf = (id: string) => cross(id).venues.find((v) => v.venue === 'aave')!;

  it('today, by hand: 30 × 3,412 × 0.83 / 80,000', () => {
    expectRelClose(aaveOf('xv-06').healthFactor!, (units * spot * lt) / debt, 1e-12, 'HF now');
  });

  it("in the account's tail scenarios: the same as an independent revaluation of ETH in those scenarios", () => {
    // The instrument block revalues the collateral:ETH spot holding in every scenario (P&L per
    // unit = S′ − S); the report computes S·exp(move) from regenerated moves: two paths, same
    // scenarios. 1e-12: both are one exp and a few products of the same f64 numbers.
    const block = computeInstrumentBlock(setup.plan);
    const row = setup.plan.instrumentIds.indexOf('collateral:ETH');
    const a = setup.plan.accountIds.indexOf('xv-06');
    // The tail of the unified account (xv-06 holds only its Aave leg): recomputed from the block.
    const losses = Array.from({ length: SCENARIOS }, (_, s) => ({ s, loss: -(units * block.pnl[row * SCENARIOS + s]) }));
    losses.sort((x, y) => y.loss - x.loss || x.s - y.s);
    const tail = losses.slice(0, setup.plan.tailCount);
    const hf = (s: number) => (units * (spot + block.pnl[row * SCENARIOS + s]) * lt) / debt;
    const reported = aaveOf('xv-06').lending!.scenarios.accountTail;
    expect(a).toBeGreaterThanOrEqual(0);
    expectRelClose(reported.atValueAtRisk!, hf(tail[tail.length - 1].s), 1e-12, 'HF at VaR');
    expectRelClose(reported.min!, hf(tail[0].s), 1e-12, 'lowest HF in the tail');
    expectRelClose(reported.mean!, tail.reduce((t, x) => t + hf(x.s), 0) / tail.length, 1e-12, 'mean HF over the tail');
  });

  it('the share of scenarios below HF 1 against the lognormal closed form', () => {
    // HF < 1 ⇔ ETH < 80,000 / (30 × 0.83) ⇔ move < ln(P*/S); the move is N(0, σ√h), σ = 0.7, h = 2 d.
    // Binomial Monte Carlo error √(p(1 − p)/n) ≈ 0.0052 at p ≈ 0.125, n = 4000: 4 sd = 0.021.
    const trigger = debt / (units * lt);
    const p = normalCdf(Math.log(trigger / spot) / (0.7 * Math.sqrt(2 / 365.25)));
    expectClose(aaveOf('xv-06').lending!.scenarios.distribution.probabilityBelowOne, p, 4 * Math.sqrt((p * (1 - p)) / SCENARIOS), 'P(HF < 1)');
  });

  it("at the stress grid's −50% point: half of today's health factor (stablecoin debt is flat)", () => {
    const s = aaveOf('xv-06').lending!.scenarios.stressGrid;
    expect(s.worst.point).toMatch(/^spot -50%/);
    expectRelClose(s.worst.healthFactor!, 0.5 * aaveOf('xv-06').healthFactor!, 1e-12, 'HF at −50%');
  });
});

describe('accounts that name no venue', () => {
  it('get bit for bit the numbers of the sample venue without the cross-venue accounts', async () => {
    const options = { scenarios: 1000, seed: 3 };
    const plain = await runMargin(prepareMargin({ market: sampleMarket(), book: sampleBook(), params: sampleParams() }, options), { attribution: false });
    const mixed = await runMargin(prepareMargin({ market: crossVenueMarket(), book: crossVenueBook(), params: crossVenueParams() }, options), { attribution: false });
    expect(mixed.margin.accounts.length).toBe(plain.margin.accounts.length + crossVenueAccounts().length);
    plain.margin.accounts.forEach((m, a) => {
      expect(mixed.margin.accounts[a].account).toBe(m.account);
      expect(mixed.margin.accounts[a].crossVenue).toBeUndefined();
      expect(mixed.margin.accounts[a].margin).toEqual(m.margin);
      expect(mixed.risk.accounts[a].expectedShortfall).toBe(plain.risk.accounts[a].expectedShortfall);
    });
  });
});
