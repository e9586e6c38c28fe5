import { type AntiProcyclicality, applyAntiProcyclicality } from './antiProcyclicality.js';
import type { Holding, MarginContext } from './context.js';
import { liquidityAddOn } from './liquidityAddOn.js';
import { isOption } from './rateSchedule.js';

/** The risk numbers portfolio margin reads for one account, from a backend or a cached block. */
export interface PortfolioRiskInputs {
  expectedShortfall: number;
  /** The account's P&L at each stress-grid point. */
  stressPnl: ArrayLike<number>;
  /** ES under the stressed calibration (the floor), when the floor is on. */
  stressedExpectedShortfall?: number;
}

export interface PortfolioMargin {
  initial: number;
  maintenance: number;
  /** ES at the confidence over the margin period (unified mode: positions and collateral together). */
  expectedShortfall: number;
  /** Worst stress-grid loss, extreme moves counted at their coverage. */
  stressLoss: number;
  worstStress: string;
  shortOptionMinimum: number;
  liquidityAddOn: number;
  /** max(ES, stress loss, short-option minimum) + liquidity add-on: the model before anti-procyclicality. */
  core: number;
  antiProcyclicality: AntiProcyclicality;
}

/**
 * Short-option minimum: a share of the underlying per net short option contract, so a book of
 * far out-of-the-money shorts, whose scenarios barely move it, still posts something.
 */
export function shortOptionMinimum(ctx: MarginContext, positions: readonly Holding[]): number {
  let sum = 0;
  for (const { instrument, quantity } of positions) {
    if (quantity < 0 && isOption(ctx, instrument)) {
      sum += -quantity * ctx.plan.multiplier[instrument] * ctx.underlyingPrice[instrument] * ctx.params.portfolio.shortOptionMinimumShare;
    }
  }
  return sum;
}

/** Worst weighted stress loss and its grid point; 0 and 'none' if every point gains. */
export function weightedStressLoss(ctx: MarginContext, stressPnl: ArrayLike<number>): { loss: number; scenario: string } {
  let loss = 0;
  let scenario = 'none';
  for (let g = 0; g < ctx.stressWeight.length; g++) {
    const weighted = -stressPnl[g] * ctx.stressWeight[g];
    if (weighted > loss) {
      loss = weighted;
      scenario = ctx.plan.stress[g].name;
    }
  }
  return { loss, scenario };
}

/**
 * Portfolio margin of one account:
 *   core = max(ES, worst stress-grid loss, short-option minimum) + liquidity add-on
 *   initial = anti-procyclicality(core): buffered, and floored at the core under the stressed
 *             calibration
 *   maintenance = ratio × initial.
 * Initial ≥ core ≥ ES always.
 */
export function portfolioMargin(ctx: MarginContext, positions: readonly Holding[], risk: PortfolioRiskInputs): PortfolioMargin {
  const stress = weightedStressLoss(ctx, risk.stressPnl);
  const minimum = shortOptionMinimum(ctx, positions);
  const addOn = liquidityAddOn(ctx, positions).total;
  const core = Math.max(risk.expectedShortfall, stress.loss, minimum, 0) + addOn;
  let stressedCore: number | null = null;
  if (risk.stressedExpectedShortfall !== undefined) {
    const stressedAddOn = liquidityAddOn(ctx, positions, ctx.stressedUnderlyingVol).total;
    stressedCore = Math.max(risk.stressedExpectedShortfall, stress.loss, minimum, 0) + stressedAddOn;
  }
  const { initial, ...antiProcyclicality } = applyAntiProcyclicality(core, stressedCore, ctx.params.antiProcyclicality);
  return {
    initial,
    maintenance: ctx.params.portfolio.maintenanceRatio * initial,
    expectedShortfall: risk.expectedShortfall,
    stressLoss: stress.loss,
    worstStress: stress.scenario,
    shortOptionMinimum: minimum,
    liquidityAddOn: addOn,
    core,
    antiProcyclicality,
  };
}
