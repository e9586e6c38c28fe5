/**
 * A crash where lending and derivatives liquidations interact (the cross-venue sample's accounts,
 * the built-in flash crash): the protocol's liquidators sell the ETH they seize into the market
 * the derivatives accounts are marked at, and the derivatives liquidations' ETH sales lower the
 * price the protocol's health factors read. Run three ways, the outcome of each side changes
 * with the other present:
 *   both       the cross-venue accounts as they are
 *   derivatives alone   their lending balances removed
 *   lending alone       their lending balances only
 * Each comparison is a direction, not a tuned number: it fails if either channel is cut.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { type CascadeResult, runCascade } from '../../src/liquidation/cascade.js';
import { flashCrash } from '../../src/liquidation/scenarios.js';
import { prepareMargin } from '../../src/margin/setup.js';
import type { BookInput } from '../../src/model/schemas.js';
import { crossVenueAccounts, crossVenueMarket, crossVenueParams } from '../../src/sample/crossVenueSample.js';

type Account = BookInput['accounts'][number];
const withoutLending = (a: Account): Account => ({ ...a, venueBalances: Object.fromEntries(Object.entries(a.venueBalances ?? {}).filter(([venue]) => venue !== 'aave')) });
const lendingOnly = (a: Account): Account => ({ id: a.id, balances: {}, venueBalances: { aave: a.venueBalances!.aave }, positions: [] });

const crash = (accounts: Account[]) =>
  runCascade(prepareMargin({ market: crossVenueMarket(), book: { accounts }, params: crossVenueParams() }, { scenarios: 1000, seed: 42 }), flashCrash());
const trough = (r: CascadeResult) => Math.min(...r.steps.map((s) => s.prices.ETH.market));
const ethSeized = (r: CascadeResult) => r.events.reduce((sum, e) => sum + (e.kind === 'lending' && e.collateralAsset === 'ETH' ? e.seized : 0), 0);

let both: CascadeResult;
let derivativesAlone: CascadeResult;
let lendingAlone: CascadeResult;

beforeAll(async () => {
  const accounts = crossVenueAccounts();
  both = await crash(accounts);
  derivativesAlone = await crash(accounts.map(withoutLending));
  lendingAlone = await crash(accounts.filter((a) => a.venueBalances?.aave).map(lendingOnly));
});

describe('lending and derivatives liquidations in one crash', () => {
  it('each venue liquidates its own part: the lending whale loses its Aave leg while its hedge on home is never liquidated', () => {
    const lendingEvents = both.events.filter((e) => e.kind === 'lending');
    expect(lendingEvents.some((e) => e.account === 'xv-08@aave')).toBe(true);
    expect(both.events.some((e) => e.kind === 'start' && e.account === 'xv-08@home')).toBe(false);
    expect(both.lending!.liquidatedLegs).toBeGreaterThan(0);
    expect(both.lending!.repaid).toBeGreaterThan(1e8); // the whale's 145 M USD of debt, repaid once its HF fell below 0.95
  });

  it('the protocol liquidations push ETH lower than either side alone', () => {
    expect(trough(both)).toBeLessThan(trough(derivativesAlone));
    expect(trough(both)).toBeLessThan(trough(lendingAlone));
  });

  it('with the lending liquidations, the derivatives accounts lose more to liquidation', () => {
    expect(both.liquidatedNotional).toBeGreaterThan(derivativesAlone.liquidatedNotional);
  });

  it('with the derivatives liquidations, the protocol seizes more ETH for the same debt (a lower price)', () => {
    expect(both.lending!.repaid).toBeGreaterThan(0.99 * lendingAlone.lending!.repaid);
    expect(ethSeized(both)).toBeGreaterThan(ethSeized(lendingAlone));
  });

  it('every run conserves value (the liquidators\' bonus counted where it went)', () => {
    for (const r of [both, derivativesAlone, lendingAlone]) expect(r.conservationError).toBeLessThan(1e-9);
  });
});
