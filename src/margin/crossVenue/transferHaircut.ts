import { DAYS_PER_YEAR } from '../../model/time.js';
import { normalInverseCdf } from '../../pricing/normal.js';

/**
 * Moving collateral between venues takes time: a withdrawal is processed, the chain confirms,
 * the other venue credits the deposit. Unified margin counts collateral on one venue against
 * risk on another, so it relies on such transfers, and for as long as one takes the collateral
 * in flight moves with its market. The transfer haircut is that price risk: the loss of a
 * holding's value over the delay d at the margin confidence α, the same lognormal quantile the
 * collateral haircut's volatility part takes over the margin period and the scenarios' move of
 * a spot holding over a horizon of d:
 *
 *   h(d) = 1 − exp(−z_α · σ · √(d / (24 · 365.25)))        (d in hours, σ annual)
 *
 * A stablecoin has no scenario move (σ = 0, flat in the scenarios; its depeg stays in the
 * collateral haircut), so its transfers cost nothing here.
 */
export function transferHaircut(vol: number, confidence: number, hours: number): number {
  if (!(vol > 0 && hours > 0)) return 0;
  return -Math.expm1(-normalInverseCdf(confidence) * vol * Math.sqrt(hours / (24 * DAYS_PER_YEAR)));
}

/** One collateral holding that unified margin may move: its value (USD) and its transfer haircut. */
export interface MovableHolding {
  asset: string;
  venue: string;
  value: number;
  haircut: number;
}

export interface TransferCharge {
  /**
   * The capital unified margin relies on moving: siloed initial margin − unified initial margin
   * before the charge (0 when unified needs as much as the venues apart).
   */
  reliedOn: number;
  /** Value-weighted transfer haircut of the account's collateral (the share in-flight collateral can lose). */
  haircut: number;
  /** reliedOn × haircut: added to the unified initial and maintenance margins. */
  charge: number;
}

/**
 * The transfer charge of an account. What unified margin frees is exactly the collateral the
 * venues would each hold on their own and the account now holds once: when a venue calls for
 * it, that much must arrive from the other venues, so it is charged its price risk over the
 * transfer delay. Which holding moves is not known in advance: each positive holding counts in
 * proportion to its value (a single-asset account: charge = reliedOn × h(d) exactly). With
 * instant transfers the charge is 0 (pure netting); as the delay grows h → 1 and unified margin
 * tends to the siloed sum, never above it.
 */
export function transferCharge(siloedInitial: number, unifiedInitial: number, holdings: readonly MovableHolding[]): TransferCharge {
  const reliedOn = Math.max(0, siloedInitial - unifiedInitial);
  let value = 0;
  let weighted = 0;
  for (const h of holdings) {
    if (!(h.value > 0)) continue;
    value += h.value;
    weighted += h.value * h.haircut;
  }
  const haircut = value > 0 ? weighted / value : 0;
  return { reliedOn, haircut, charge: reliedOn * haircut };
}
