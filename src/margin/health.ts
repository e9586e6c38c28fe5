export interface ModelRequirement {
  initial: number;
  maintenance: number;
}

export interface Health {
  /** Collateral after haircuts plus the mark-to-market of the positions. */
  equity: number;
  /** equity − initial margin of the enforced model: what the account may still commit. */
  freeCollateral: number;
  /** equity / maintenance margin of the enforced model; null when nothing is required (unbounded). */
  healthFactor: number | null;
  /** Health factor below 1: the venue may liquidate. */
  liquidatable: boolean;
}

/** equity / maintenance, or null (unbounded) when the maintenance margin is not positive. */
export function healthFactor(equity: number, maintenance: number): number | null {
  return maintenance > 0 ? equity / maintenance : null;
}

export function accountHealth(equity: number, enforced: ModelRequirement): Health {
  const factor = healthFactor(equity, enforced.maintenance);
  return {
    equity,
    freeCollateral: equity - enforced.initial,
    healthFactor: factor,
    liquidatable: factor !== null && factor < 1,
  };
}
