import { PayoffCode } from '../engine/index.js';
import type { MarginContext } from './context.js';

/**
 * The per-position rate schedule of isolated margin (cross margin charges options by it too):
 * - futures, perpetuals, spot: a share of notional |q|·m·mark;
 * - long options: their premium q·m·mark (the most a long option can lose; its value in
 *   equity pays for it);
 * - short options: |q|·m·(max(a·F − OTM, b·F) + mark), F the option's underlying price
 *   (spot or future, carried to the option's forward), OTM the out-of-the-money amount
 *   (K − F for calls, F − K for puts, floored at 0), a the underlying share, b the minimum
 *   share. The Deribit/CME shape: a deep out-of-the-money short still pays b·F.
 */
export function linearRate(ctx: MarginContext, i: number): number {
  const schedule = ctx.params.isolated;
  switch (ctx.plan.instrumentKinds[i]) {
    case 'future':
      return schedule.futureRate;
    case 'perpetual':
      return schedule.perpetualRate;
    default:
      return schedule.spotRate;
  }
}

/** Signed notional of a linear position at its mark: q·m·price. */
export function linearNotional(ctx: MarginContext, i: number, quantity: number): number {
  return quantity * ctx.plan.multiplier[i] * ctx.plan.basePrice[i];
}

export function isOption(ctx: MarginContext, i: number): boolean {
  return ctx.plan.payoff[i] !== PayoffCode.linear;
}

/** Initial margin of one option position by the rule above. */
export function optionCharge(ctx: MarginContext, i: number, quantity: number): number {
  const { plan } = ctx;
  const mark = plan.multiplier[i] * plan.basePrice[i];
  if (quantity >= 0) return quantity * mark;
  const schedule = ctx.params.isolated;
  const f = ctx.underlyingPrice[i];
  const k = plan.strike[i];
  const outOfTheMoney = Math.max(plan.payoff[i] === PayoffCode.call ? k - f : f - k, 0);
  const perUnit = Math.max(schedule.shortOptionUnderlyingShare * f - outOfTheMoney, schedule.shortOptionMinimumShare * f);
  return -quantity * (plan.multiplier[i] * perUnit + mark);
}

/** Initial margin of one position charged alone. */
export function positionCharge(ctx: MarginContext, i: number, quantity: number): number {
  if (isOption(ctx, i)) return optionCharge(ctx, i, quantity);
  return linearRate(ctx, i) * Math.abs(linearNotional(ctx, i, quantity));
}
