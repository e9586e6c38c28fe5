import type { LendingVenue } from '../../model/crossVenueSchemas.js';

/**
 * A lending protocol's own rules (Aave v3), at given prices. Balances are units of each asset:
 * positive supplied, negative borrowed. The protocol knows no scenarios and no haircut beyond
 * its per-asset parameters:
 *
 *   health factor  HF = Σ supplied·price·LT / Σ debt·price           (liquidatable below 1)
 *   borrow limit   Σ debt·price ≤ Σ supplied·price·LTV               (new borrowing stops beyond)
 *
 * Written as margin on the venue's equity E = S − D (S = Σ supplied·price, D = Σ debt·price):
 * with L̄T = Σ supplied·price·LT / S the supplied collateral's weighted-average threshold (the
 * "weighted average liquidation threshold" of Aave's formula) and L̄TV likewise,
 *   maintenance = D·(1 − L̄T)/L̄T,   initial = D·(1 − L̄TV)/L̄TV,
 * HF ≥ 1 ⇔ S·L̄T ≥ D ⇔ E ≥ maintenance, and the borrow limit holds ⇔ E ≥ initial: the equity
 * a lending venue requires is exactly what keeps its health factor at or above 1, and nothing
 * without debt (supplied collateral alone backs no loan; the protocol never liquidates it).
 */
export interface LendingPosition {
  /** Σ supplied·price (USD). */
  supplied: number;
  /** Σ debt·price (USD, positive). */
  debt: number;
  /** Σ supplied·price·LT: the debt the supplied collateral backs before liquidation. */
  liquidationCapacity: number;
  /** Σ supplied·price·LTV: the debt it may back when borrowing. */
  borrowCapacity: number;
  /** supplied − debt. */
  equity: number;
  /** D·(1 − L̄TV)/L̄TV: the equity the borrow limit requires (0 without debt). */
  initial: number;
  /** D·(1 − L̄T)/L̄T: the equity that keeps HF ≥ 1 (0 without debt). */
  maintenance: number;
  /** liquidation capacity / debt; null without debt (Aave reports none: nothing to liquidate). */
  healthFactor: number | null;
}

/** The lending position of `balances` at `price(asset)`. */
export function lendingPosition(venue: LendingVenue, balances: Readonly<Record<string, number>>, price: (asset: string) => number): LendingPosition {
  let supplied = 0;
  let debt = 0;
  let liquidationCapacity = 0;
  let borrowCapacity = 0;
  for (const [asset, amount] of Object.entries(balances)) {
    if (amount === 0) continue;
    const value = amount * price(asset);
    if (amount < 0) {
      debt -= value;
      continue;
    }
    const rules = venue.assets[asset];
    supplied += value;
    liquidationCapacity += value * rules.liquidationThreshold;
    borrowCapacity += value * rules.ltv;
  }
  return {
    supplied,
    debt,
    liquidationCapacity,
    borrowCapacity,
    equity: supplied - debt,
    initial: requiredEquity(debt, supplied, borrowCapacity),
    maintenance: requiredEquity(debt, supplied, liquidationCapacity),
    healthFactor: debt > 0 ? liquidationCapacity / debt : null,
  };
}

/**
 * The equity that lets `capacity` (Σ supplied·price·share) cover `debt`: the least collateral
 * that backs it is debt / sharē (sharē = capacity / supplied), of which debt is borrowed:
 * debt·(1/sharē − 1) = debt·(supplied − capacity)/capacity. With debt but nothing that backs it,
 * the debt itself (the venue then shows health ≤ 0).
 */
function requiredEquity(debt: number, supplied: number, capacity: number): number {
  if (!(debt > 0)) return 0;
  return capacity > 0 ? (debt * (supplied - capacity)) / capacity : debt;
}

/** Σ supplied·price·LT / Σ debt·price, or null without debt (the hot loop of the scenario health factors). */
export function healthFactorAt(venue: LendingVenue, balances: Readonly<Record<string, number>>, price: (asset: string) => number): number | null {
  let capacity = 0;
  let debt = 0;
  for (const [asset, amount] of Object.entries(balances)) {
    if (amount > 0) capacity += amount * price(asset) * venue.assets[asset].liquidationThreshold;
    else if (amount < 0) debt -= amount * price(asset);
  }
  return debt > 0 ? capacity / debt : null;
}

/**
 * Per supplied asset held on one side only: the price at which HF falls to 1 with every other
 * price fixed, (debt − other capacity) / (units × LT); null when no positive price does it
 * (the others cover the debt alone) or the asset is also borrowed.
 */
export function lendingLiquidationPrices(venue: LendingVenue, balances: Readonly<Record<string, number>>, price: (asset: string) => number): Record<string, number | null> {
  const position = lendingPosition(venue, balances, price);
  const out: Record<string, number | null> = {};
  if (position.debt <= 0) return out;
  for (const [asset, amount] of Object.entries(balances)) {
    if (!(amount > 0)) continue;
    const own = amount * price(asset) * venue.assets[asset].liquidationThreshold;
    const trigger = (position.debt - (position.liquidationCapacity - own)) / (amount * venue.assets[asset].liquidationThreshold);
    out[asset] = trigger > 0 ? trigger : null;
  }
  return out;
}
