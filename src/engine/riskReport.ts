import { DAYS_PER_YEAR } from '../model/time.js';
import type { CorrelationRepair } from './factorCorrelation.js';
import type { BackendName, SimulationResult } from './engine.js';
import { accountGreeks, type Greeks } from './reference/greeks.js';
import type { RiskPlan } from './plan.js';
import type { StageTimings } from './stageTimings.js';
import { tailMeasures } from './tail.js';
import { positionMark } from './reference/valuation.js';

/** Risk of one account. Losses are positive numbers (loss = −P&L), in USD. */
export interface AccountRisk {
  account: string;
  positions: number;
  /**
   * Mark-to-market of the positions: spot holdings and option premiums at their value;
   * futures and perpetuals count 0 (their P&L settles as variation margin).
   */
  marketValue: number;
  valueAtRisk: number;
  expectedShortfall: number;
  /** Worst loss over the stress grid (0 if every grid point gains). */
  stressLoss: number;
  worstStress: string;
  greeks: Record<string, Greeks>;
}

export interface RiskReport {
  backend: BackendName;
  engine: string;
  scenarios: number;
  confidence: number;
  horizonDays: number;
  seed: number;
  distribution: DistributionSummary;
  /** k: the tail size; VaR is the k-th worst loss, ES the mean of the k worst. */
  tailCount: number;
  correlationRepair?: CorrelationRepair;
  accounts: AccountRisk[];
  timings: StageTimings & { wall: number };
  chunkCount: number;
}

/**
 * The distribution as a report states it: its type and parameters, and for filtered historical
 * simulation the size of the residual table and which factors it drew from history and which
 * from the Gaussian model, not the table itself.
 */
export type DistributionSummary =
  | { type: 'normal' }
  | { type: 'student-t'; dof: number }
  | { type: 'fhs'; days: number; daysPerScenario: number; historicalFactors: string[]; modelFactors: string[] };

function summarizeDistribution(plan: RiskPlan): DistributionSummary {
  const d = plan.distribution;
  if (d.type !== 'fhs' || !plan.historical) return d.type === 'student-t' ? { type: d.type, dof: d.dof } : { type: 'normal' };
  const names = plan.underlyings.flatMap((u) => [`${u}.spot`, `${u}.vol`]);
  return {
    type: 'fhs',
    days: plan.historical.days,
    daysPerScenario: plan.historical.daysPerScenario,
    historicalFactors: names.filter((_, k) => plan.historical!.historical[k] === 1),
    modelFactors: plan.historical.modelFactors,
  };
}

/** Turns a backend's tails and stress P&L into per-account risk (pure, backend-neutral). */
export function buildRiskReport(plan: RiskPlan, result: SimulationResult, backend: BackendName, engine: string): RiskReport {
  const greeks = accountGreeks(plan);
  const stressCount = plan.stress.length;
  const accounts = plan.accountIds.map((account, a): AccountRisk => {
    const { valueAtRisk, expectedShortfall } = tailMeasures(result.tails[a]);
    let stressLoss = 0;
    let worstStress = 'none';
    for (let g = 0; g < stressCount; g++) {
      const loss = -result.stressPnl[a * stressCount + g];
      if (loss > stressLoss) {
        stressLoss = loss;
        worstStress = plan.stress[g].name;
      }
    }
    let marketValue = 0;
    for (let p = plan.accountOffsets[a]; p < plan.accountOffsets[a + 1]; p++) {
      const i = plan.positionInstrument[p];
      marketValue += positionMark(plan, i, plan.positionQuantity[p], plan.basePrice[i], plan.basePrice[i]);
    }
    return {
      account,
      positions: plan.accountOffsets[a + 1] - plan.accountOffsets[a],
      marketValue,
      valueAtRisk,
      expectedShortfall,
      stressLoss,
      worstStress,
      greeks: greeks[a],
    };
  });
  return {
    backend,
    engine,
    scenarios: plan.scenarioCount,
    confidence: plan.confidence,
    horizonDays: plan.horizonYears * DAYS_PER_YEAR,
    seed: plan.seed,
    distribution: summarizeDistribution(plan),
    tailCount: plan.tailCount,
    correlationRepair: plan.correlationRepair,
    accounts,
    timings: { ...result.timings, wall: result.wallMs },
    chunkCount: result.chunkCount,
  };
}
