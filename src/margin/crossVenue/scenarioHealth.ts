import { generateMoves, mergeTails, type RiskPlan, selectTail, type Tail } from '../../engine/index.js';
import type { LendingVenue } from '../../model/crossVenueSchemas.js';

/**
 * The health factor of a lending position in the run's own scenarios: every supplied and
 * borrowed asset at its scenario price, S·exp(spot move of its underlying) (the move the
 * engine revalues a spot holding of it with), assets without a scenario factor (stablecoins)
 * flat. The protocol liquidates below 1 whatever the rest of the account does, so this is the
 * risk that unified margin does not see: a lending leg can be liquidated in a crash that the
 * account as a whole survives.
 */
export interface LendingScenarioHealth {
  /** In the unified account's tail (its k worst scenarios). */
  accountTail: {
    /** At the account's VaR scenario (the k-th worst). */
    atValueAtRisk: number | null;
    /** Mean over the ES tail. */
    mean: number | null;
    /** Lowest over the ES tail. */
    min: number | null;
  };
  /** Over every scenario. */
  distribution: {
    /** The k-th lowest health factor: its (1 − confidence) quantile, by the VaR convention. */
    quantile: number | null;
    /** Share of the scenarios in which the health factor ends below 1 (the protocol liquidates). */
    probabilityBelowOne: number;
  };
  /** On the stress grid (every spot moved together). */
  stressGrid: {
    /** At the grid point where the unified account loses most. */
    atAccountWorst: { point: string; healthFactor: number | null };
    /** At the point lowest for the lending position itself. */
    worst: { point: string; healthFactor: number | null };
  };
}

/** One lending position to follow through the scenarios, with the unified account's tail and worst grid point. */
export interface LendingFollow {
  venue: LendingVenue;
  balances: Readonly<Record<string, number>>;
  accountTail: Tail;
  /** Name of the unified account's worst stress-grid point ('none': it gains everywhere). */
  accountWorstPoint: string;
}

/** A position as the hot loop reads it: per balance its factor (−1: flat), units × price, and LT (supplied) or −1 (borrowed). */
interface Terms {
  factor: Int32Array;
  value: Float64Array;
  threshold: Float64Array;
}

const CHUNK = 4096;

/** Health factors of every position in `follows`, in the plan's Monte Carlo scenarios and on its stress grid. */
export function lendingScenarioHealth(plan: RiskPlan, prices: (asset: string) => number, follows: readonly LendingFollow[]): LendingScenarioHealth[] {
  const terms = follows.map((f) => termsOf(plan, f, prices));
  const k = plan.tailCount;
  const running: Tail[] = follows.map(() => ({ losses: new Float64Array(0), scenarios: new Uint32Array(0) }));
  const below = new Float64Array(follows.length);
  const f = plan.factorCount;
  const moves = new Float64Array(Math.min(CHUNK, plan.scenarioCount) * f);
  const losses = new Float64Array(Math.min(CHUNK, plan.scenarioCount));
  for (let start = 0; start < plan.scenarioCount; start += CHUNK) {
    const count = Math.min(CHUNK, plan.scenarioCount - start);
    generateMoves(plan, start, count, moves);
    const indices = Uint32Array.from({ length: count }, (_, j) => start + j);
    terms.forEach((t, v) => {
      if (!t) return;
      for (let j = 0; j < count; j++) {
        const hf = healthIn(t, (factor) => Math.exp(moves[j * f + factor]));
        losses[j] = -hf;
        if (hf < 1) below[v]++;
      }
      // The lowest health factors are the largest "losses" −HF: the engine's exact tail selection.
      running[v] = mergeTails([running[v], selectTail(losses.subarray(0, count), indices, k)], k);
    });
  }
  return follows.map((follow, v) => {
    const t = terms[v];
    return {
      accountTail: tailHealth(plan, t, follow.accountTail),
      distribution: {
        quantile: t ? -running[v].losses[running[v].losses.length - 1] : null,
        probabilityBelowOne: below[v] / plan.scenarioCount,
      },
      stressGrid: gridHealth(plan, t, follow.accountWorstPoint),
    };
  });
}

function termsOf(plan: RiskPlan, follow: LendingFollow, prices: (asset: string) => number): Terms | undefined {
  const entries = Object.entries(follow.balances).filter(([, amount]) => amount !== 0);
  if (!entries.some(([, amount]) => amount < 0)) return undefined; // no debt: no health factor
  return {
    factor: Int32Array.from(entries, ([asset]) => {
      const u = plan.underlyings.indexOf(asset);
      return u < 0 ? -1 : 2 * u;
    }),
    value: Float64Array.from(entries, ([asset, amount]) => amount * prices(asset)),
    threshold: Float64Array.from(entries, ([asset, amount]) => (amount > 0 ? follow.venue.assets[asset].liquidationThreshold : -1)),
  };
}

/** HF with every balance's price × growth(its factor) (1 for the flat ones). */
function healthIn(t: Terms, growth: (factor: number) => number): number {
  let capacity = 0;
  let debt = 0;
  for (let j = 0; j < t.value.length; j++) {
    const value = t.value[j] * (t.factor[j] < 0 ? 1 : growth(t.factor[j]));
    if (t.threshold[j] >= 0) capacity += value * t.threshold[j];
    else debt -= value;
  }
  return capacity / debt;
}

/** The health factor in each scenario of the unified account's tail (regenerated from its counter). */
function tailHealth(plan: RiskPlan, t: Terms | undefined, tail: Tail): LendingScenarioHealth['accountTail'] {
  const n = tail.scenarios.length;
  if (!t || n === 0) return { atValueAtRisk: null, mean: null, min: null };
  const f = plan.factorCount;
  const move = new Float64Array(f);
  let sum = 0;
  let min = Infinity;
  let atValueAtRisk = NaN;
  // The VaR scenario is the last in tail order (smallest loss, ties by highest index): found, not assumed sorted.
  let varLoss = Infinity;
  let varScenario = -1;
  for (let j = 0; j < n; j++) {
    generateMoves(plan, tail.scenarios[j], 1, move);
    const hf = healthIn(t, (factor) => Math.exp(move[factor]));
    sum += hf;
    min = Math.min(min, hf);
    const loss = tail.losses[j];
    if (loss < varLoss || (loss === varLoss && tail.scenarios[j] > varScenario)) {
      varLoss = loss;
      varScenario = tail.scenarios[j];
      atValueAtRisk = hf;
    }
  }
  return { atValueAtRisk, mean: sum / n, min };
}

/** The health factor at the account's worst grid point and at the grid's lowest point for the position. */
function gridHealth(plan: RiskPlan, t: Terms | undefined, accountWorst: string): LendingScenarioHealth['stressGrid'] {
  if (!t) return { atAccountWorst: { point: accountWorst, healthFactor: null }, worst: { point: 'none', healthFactor: null } };
  let worst = { point: 'none', healthFactor: Infinity };
  let atAccountWorst: number | null = null;
  for (const g of plan.stress) {
    const hf = healthIn(t, () => 1 + g.spotMove);
    if (hf < worst.healthFactor) worst = { point: g.name, healthFactor: hf };
    if (g.name === accountWorst) atAccountWorst = hf;
  }
  return { atAccountWorst: { point: accountWorst, healthFactor: atAccountWorst }, worst };
}
