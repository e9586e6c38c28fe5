import { selectTail, tailMeasures } from '../engine/index.js';
import { crossMargin } from '../margin/cross.js';
import type { Holding, MarginContext } from '../margin/context.js';
import { isolatedMargin } from '../margin/isolated.js';
import { portfolioMargin } from '../margin/portfolio.js';
import type { MarginCache } from '../margin/whatIf.js';
import type { ModelRequirement } from '../margin/health.js';

/**
 * The enforced model's margin of an account's current holdings at a step's prices, without a
 * new simulation. Portfolio margin re-aggregates the cached instrument P&L block (the what-if
 * machinery, src/margin/whatIf.ts): the account's scenario P&L is Σ q·r_u·row_i(s), where r_u is
 * the step's price of instrument i's underlying over today's. For spot, perpetuals and futures
 * this is exact: their scenario P&L is price × (e^x − 1) on the same log-return x. For options it
 * is a sticky-moneyness approximation (the P&L profile scales with the price level). The stress
 * grid's rows are scaled the same way; the short-option minimum and liquidity add-on keep
 * today's inputs. Isolated and cross margin keep today's rule inputs.
 */
export class StepMarginModel {
  readonly ctx: MarginContext;
  private readonly cache: MarginCache;
  private readonly losses: Float64Array<ArrayBuffer>;
  private readonly scratch: Float64Array<ArrayBuffer>;
  private readonly stressPnl: Float64Array;
  /** Block row of each scenario-revalued collateral asset (unified mode), by asset. */
  private readonly collateralRow = new Map<string, number>();
  evaluations = 0;

  constructor(cache: MarginCache) {
    this.cache = cache;
    this.ctx = cache.ctx;
    const S = cache.block.scenarioCount;
    this.losses = new Float64Array(S);
    this.scratch = new Float64Array(S);
    this.stressPnl = new Float64Array(cache.ctx.plan.stress.length);
    cache.ctx.collateralAssetOf.forEach((asset, i) => {
      if (asset !== undefined) this.collateralRow.set(asset, i);
    });
  }

  /**
   * Initial and maintenance margin of `positions` plus the scenario-revalued collateral in
   * `balances`, with every underlying's price at `ratio[u]` × today's. `collateralCharge` is the
   * account's rule-model charge for collateral price risk (unified mode), from today.
   */
  requirement(positions: readonly Holding[], balances: Readonly<Record<string, number>>, ratio: Float64Array, collateralCharge: number): ModelRequirement {
    const enforced = this.ctx.params.enforced;
    if (enforced === 'isolated') return isolatedMargin(this.ctx, positions, collateralCharge);
    if (enforced === 'cross') return crossMargin(this.ctx, positions, collateralCharge);
    this.evaluations++;
    const { plan } = this.ctx;
    const block = this.cache.block;
    const S = block.scenarioCount;
    const g = plan.stress.length;
    const losses = this.losses;
    const stress = this.stressPnl;
    losses.fill(0);
    stress.fill(0);
    const add = (instrument: number, weight: number) => {
      if (weight === 0) return;
      const row = instrument * S;
      for (let s = 0; s < S; s++) losses[s] -= weight * block.pnl[row + s];
      for (let k = 0; k < g; k++) stress[k] += weight * this.cache.stressBlock[instrument * g + k];
    };
    for (const { instrument, quantity } of positions) add(instrument, quantity * ratio[plan.underlyingIndex[instrument]]);
    for (const [asset, amount] of Object.entries(balances)) {
      const i = this.collateralRow.get(asset);
      if (i !== undefined && amount !== 0) add(i, amount * ratio[plan.underlyingIndex[i]]);
    }
    const tail = selectTail(losses, this.cache.scenarioIndex, plan.tailCount, this.scratch, 'unordered');
    const expectedShortfall = tailMeasures(tail).expectedShortfall;
    const pm = portfolioMargin(this.ctx, positions, { expectedShortfall, stressPnl: stress });
    return { initial: pm.initial, maintenance: pm.maintenance };
  }

  /**
   * Per position: its Euler contribution to the ES of the holdings at the step's prices, the
   * mean over the tail scenarios of −q·r·row_i(s). Ranks positions by the risk they carry
   * (positive: closing it lowers the ES).
   */
  contributions(positions: readonly Holding[], balances: Readonly<Record<string, number>>, ratio: Float64Array): Float64Array {
    const { plan } = this.ctx;
    const block = this.cache.block;
    const S = block.scenarioCount;
    const losses = this.losses;
    losses.fill(0);
    const weights = positions.map((h) => h.quantity * ratio[plan.underlyingIndex[h.instrument]]);
    positions.forEach((h, j) => {
      const row = h.instrument * S;
      for (let s = 0; s < S; s++) losses[s] -= weights[j] * block.pnl[row + s];
    });
    for (const [asset, amount] of Object.entries(balances)) {
      const i = this.collateralRow.get(asset);
      if (i === undefined || amount === 0) continue;
      const w = amount * ratio[plan.underlyingIndex[i]];
      for (let s = 0; s < S; s++) losses[s] -= w * block.pnl[i * S + s];
    }
    const tail = selectTail(losses, this.cache.scenarioIndex, plan.tailCount, this.scratch, 'unordered');
    const out = new Float64Array(positions.length);
    positions.forEach((h, j) => {
      let sum = 0;
      for (const s of tail.scenarios) sum -= weights[j] * block.pnl[h.instrument * S + s];
      out[j] = tail.scenarios.length > 0 ? sum / tail.scenarios.length : 0;
    });
    return out;
  }
}
