import { healthFactorAt, lendingPosition } from '../margin/crossVenue/lendingRules.js';
import type { LendingVenue } from '../model/crossVenueSchemas.js';
import type { CascadeAccount } from './accounts.js';
import type { CascadeState } from './state.js';

/**
 * A lending protocol's part of a cross-venue account in a cascade: a cascade account with no
 * positions whose balances are its supplied (> 0) and borrowed (< 0) assets. The protocol does
 * not know the account's other venues: it liquidates on its own health factor.
 */
export interface LendingLeg {
  account: CascadeAccount;
  venue: LendingVenue;
}

/** Liquidation calls per leg and step at most: enough to restore any position a close factor of ½ can restore (2^-10 of the debt left). */
const MAX_CALLS_PER_STEP = 10;

/**
 * Aave-style liquidations of every leg whose health factor at the oracle's prices is below 1,
 * worst first. A call (Aave v3 LiquidationLogic) repays a share of the largest debt (the close
 * factor, or all of it below `fullCloseHealthFactor`) and seizes
 *   collateral = repaid value × (1 + bonus) / collateral price
 * of the largest supplied asset, capped at what is supplied (the repayment then shrinks to
 * match). The liquidator sells the seized collateral into the market (and buys the repaid debt
 * asset when it is not a stablecoin): those flows pay the market's impact and move the next
 * step's price like any liquidation's, which is how a lending liquidation reaches the
 * derivatives accounts marked at that price. Calls repeat while the leg stays below 1.
 */
export function liquidateLending(state: CascadeState, legs: readonly LendingLeg[], price: (asset: string) => number, tradable: (asset: string) => boolean): void {
  const queue = legs
    .map((leg) => ({ leg, health: healthFactorAt(leg.venue, leg.account.balances, price) }))
    .filter((q): q is { leg: LendingLeg; health: number } => q.health !== null && q.health < 1)
    .sort((x, y) => x.health - y.health || x.leg.account.index - y.leg.account.index);
  for (const { leg } of queue) {
    for (let call = 0; call < MAX_CALLS_PER_STEP; call++) {
      const health = healthFactorAt(leg.venue, leg.account.balances, price);
      if (health === null || health >= 1 || !liquidationCall(state, leg, health, price, tradable)) break;
    }
  }
}

/** One liquidation call on a leg below health 1; false when nothing is left to seize. */
function liquidationCall(state: CascadeState, leg: LendingLeg, health: number, price: (asset: string) => number, tradable: (asset: string) => boolean): boolean {
  const { account, venue } = leg;
  const debtAsset = largest(account.balances, price, -1);
  const collateralAsset = largest(account.balances, price, 1);
  if (debtAsset === undefined || collateralAsset === undefined) return false;
  const closeFactor = health < venue.fullCloseHealthFactor ? 1 : venue.closeFactor;
  const bonus = venue.assets[collateralAsset].liquidationBonus;
  const debtPrice = price(debtAsset);
  const collateralPrice = price(collateralAsset);
  let repaid = -account.balances[debtAsset] * closeFactor;
  let seized = (repaid * debtPrice * (1 + bonus)) / collateralPrice;
  if (seized > account.balances[collateralAsset]) {
    seized = account.balances[collateralAsset];
    repaid = (seized * collateralPrice) / (debtPrice * (1 + bonus));
  }
  const before = state.markValue(account);
  account.balances[debtAsset] += repaid;
  account.balances[collateralAsset] -= seized;
  // What left the account (the bonus, at market prices) went to the liquidator: the ledger counts it.
  state.tally.lendingLiquidatorGain += before - state.markValue(account);
  state.tally.lendingCalls++;
  state.tally.lendingRepaid += repaid * debtPrice;
  state.tally.lendingSeized += seized * collateralPrice;
  // The liquidator's trades: its costs are its own (outside the accounts), its flows move the market.
  if (tradable(collateralAsset)) state.market.execute(collateralAsset, -seized * state.prices.asset[collateralAsset]);
  if (tradable(debtAsset)) state.market.execute(debtAsset, repaid * state.prices.asset[debtAsset]);
  state.events.push({
    step: state.step,
    kind: 'lending',
    account: account.id,
    debtAsset,
    repaid,
    repaidValue: repaid * debtPrice,
    collateralAsset,
    seized,
    seizedValue: seized * collateralPrice,
    healthBefore: health,
    healthAfter: lendingPosition(venue, account.balances, price).healthFactor,
  });
  return seized > 0;
}

/** The balance of largest value on one side (sign 1: supplied, −1: borrowed), or undefined. */
function largest(balances: Readonly<Record<string, number>>, price: (asset: string) => number, sign: 1 | -1): string | undefined {
  let best: string | undefined;
  let bestValue = 0;
  for (const [asset, amount] of Object.entries(balances)) {
    const value = sign * amount * price(asset);
    if (value > bestValue) {
      best = asset;
      bestValue = value;
    }
  }
  return best;
}
