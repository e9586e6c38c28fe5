import type { CascadeAccount } from './accounts.js';
import { closeOut } from './closeOut.js';
import { meetsTarget, partiallyLiquidate } from './partialLiquidation.js';
import type { CascadeState } from './state.js';
import type { StepHealth } from './stepHealth.js';

/**
 * The liquidations of one step, after the market moved and the oracle observed it: every account
 * below health 1 at the oracle's prices, worst first, is liquidated (liquidateAccount).
 */
export function liquidateStep(state: CascadeState, health: StepHealth): void {
  const queue = unhealthyAccounts(state, health);
  state.tally.unhealthy = queue.length;
  for (const account of queue) liquidateAccount(state, health, account);
  // An unhealthy account whose positions ADL took before its turn counts as liquidated too.
  for (const account of queue) if (account.positions.length === 0 && !account.closedOut) state.liquidatedEver.add(account.index);
}

/** Accounts with positions below health 1 at the oracle's prices, worst first (ties by index). */
function unhealthyAccounts(state: CascadeState, health: StepHealth): CascadeAccount[] {
  const queue: { account: CascadeAccount; health: number }[] = [];
  for (const account of state.accounts) {
    if (account.positions.length === 0) continue;
    const view = health.view(account);
    const requirement = health.requirement(account, view);
    if (!(requirement.maintenance > 0)) continue;
    const factor = health.equity(account, view) / requirement.maintenance;
    if (factor < 1) queue.push({ account, health: factor });
  }
  queue.sort((x, y) => x.health - y.health || x.account.index - y.account.index);
  return queue.map((q) => q.account);
}

/**
 * Liquidates one account if it is still below health 1 (an earlier account's ADL may have
 * changed it): frozen while a feed it is exposed to is halted; closed out when its equity is
 * ≤ 0; otherwise partially liquidated, then closed out if that left it at equity ≤ 0 or stuck
 * below health 1, or else logged as `stopped` if short of the target (the next step retries).
 */
export function liquidateAccount(state: CascadeState, health: StepHealth, account: CascadeAccount): void {
  if (account.positions.length === 0) return;
  const view = health.view(account);
  const frozen = [...view.exposure.keys()].filter((asset) => health.oracle.frozen(asset));
  const gauge = health.gauge(view);
  const requirement = gauge.requirement(account);
  const equity = gauge.equity(account);
  const factor = equity / requirement.maintenance;
  if (!(factor < 1)) return;
  const step = state.step;
  if (frozen.length > 0) {
    state.tally.frozen++;
    state.events.push({ step, kind: 'frozen', account: account.id, assets: frozen, health: factor });
    return;
  }
  const marketHealth = health.marketHealth(account);
  const { initial, maintenance } = requirement;
  state.events.push({ step, kind: 'start', account: account.id, health: factor, marketHealth, equity, initial, maintenance, grossNotional: state.grossNotional(account) });
  if (equity <= 0) {
    closeOut(state, account, view.exposure, 'equity negative', marketHealth);
    return;
  }
  state.liquidatedEver.add(account.index);
  state.tally.liquidated.add(account.index);
  const end = partiallyLiquidate(state, account, gauge, marketHealth, { equity, requirement });
  if (end.equity <= 0 || (end.stuck && end.equity < end.requirement.maintenance)) {
    closeOut(state, account, view.exposure, end.equity <= 0 ? 'equity negative' : 'partial close cannot restore health', marketHealth);
  } else if (!meetsTarget(state.params, end.equity, end.requirement)) {
    // Not closed out, short of the target: no remaining close lowers the shortfall (what is left
    // hedges, or costs more than it frees), only collateral risk is left, or the iteration bound.
    const reason =
      account.positions.length === 0 ? 'all positions closed: the rest of the requirement is collateral risk' : end.stuck ? 'no partial close reduces the shortfall to the target' : 'iteration limit';
    state.events.push({ step, kind: 'stopped', account: account.id, health: end.equity / end.requirement.maintenance, reason });
  }
}
