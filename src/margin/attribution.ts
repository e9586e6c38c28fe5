import { type EngineSource, type RiskEngine, type RiskPlan, sumRevaluedBlocks, type Tail, type TailRows, withEngine } from '../engine/index.js';

/** One position's share of its account's expected shortfall. */
export interface Contribution {
  instrument: string;
  quantity: number;
  /** USD; Σ over the account's positions = its ES. Negative: the position hedges the tail. */
  contribution: number;
}

/**
 * How many scenarios' instrument P&L one revaluation request holds (f64) where this thread sums
 * the engine's revalued blocks (engines without positionTailSums: the GPU, the cluster): 8 MiB.
 */
const LISTED_BLOCK_BYTES = 2 ** 23;

/**
 * Euler allocation of each account's ES over its positions. ES is the mean loss over the k
 * tail scenarios, L(s) = −Σ_p q_p·pnl_p(s), so it is homogeneous of degree 1 in the
 * quantities and its Euler allocation is exact and additive: position p contributes
 *   c_p = (1/k)·Σ_{s ∈ tail} −q_p·pnl_p(s),      Σ_p c_p = ES.
 * Only the tail scenarios are needed, and the engine's stream is counter-based: the union of
 * all accounts' tail scenarios is regenerated and revalued by the backend that chose the tails,
 * so each contribution uses the very P&L that backend summed into the account's losses. The CPU
 * backend sums on its workers (`engine.positionTailSums`: each revalues the union for its share
 * of the instruments, in f64); other backends revalue blocks (`engine.revalueScenarios`: f32 on
 * the GPU) that this thread sums, `chunkSize` scenarios a request (default: an 8 MiB block; two
 * are held while the next is revalued), so memory stays bounded whatever the union's size. Each
 * position's sum adds its account's tail scenarios in ascending order either way: results depend
 * neither on the blocks nor on where they were summed. In unified mode collateral positions get
 * contributions too (a coin posted against short calls on it shows a negative one).
 */
export async function eulerContributions(
  plan: RiskPlan,
  tails: readonly Tail[],
  engine: EngineSource = undefined,
  chunkSize = Math.max(1, Math.floor(LISTED_BLOCK_BYTES / (8 * Math.max(1, plan.instrumentIds.length)))),
): Promise<Contribution[][]> {
  return withEngine(engine, (opened) => contributionsOn(opened, plan, tails, chunkSize));
}

async function contributionsOn(engine: RiskEngine, plan: RiskPlan, tails: readonly Tail[], chunkSize: number): Promise<Contribution[][]> {
  const union = tailUnion(plan.scenarioCount, tails);
  // Summed where the P&L is when the engine can (the CPU's workers), else from its revalued blocks here.
  const sums = engine.positionTailSums
    ? await engine.positionTailSums(plan, union)
    : await sumRevaluedBlocks(plan, union, (scenarios) => engine.revalueScenarios(plan, scenarios), chunkSize);
  return tails.map((tail, a) => {
    const k = tail.scenarios.length;
    const out: Contribution[] = [];
    for (let p = plan.accountOffsets[a]; p < plan.accountOffsets[a + 1]; p++) {
      out.push({ instrument: plan.instrumentIds[plan.positionInstrument[p]], quantity: plan.positionQuantity[p], contribution: k > 0 ? sums[p] / k : 0 });
    }
    return out;
  });
}

/**
 * The union of the accounts' tail scenarios, ascending, and each account's tail as rows of it
 * (ascending): a scenario's row is its rank in the union. Marked in one array over the plan's
 * scenarios rather than a Map (a million tail entries on the benchmark book).
 */
function tailUnion(scenarioCount: number, tails: readonly Tail[]): TailRows {
  const rowOf = new Int32Array(scenarioCount).fill(-1);
  for (const tail of tails) for (const s of tail.scenarios) rowOf[s] = 0;
  let size = 0;
  for (let s = 0; s < scenarioCount; s++) if (rowOf[s] === 0) rowOf[s] = ++size; // rows 1-based while marking
  const scenarios = new Uint32Array(size);
  for (let s = 0; s < scenarioCount; s++) if (rowOf[s] > 0) scenarios[rowOf[s] - 1] = s;
  const rows = tails.map((tail) => {
    // Int32: V8 keeps small int32 indices in registers; a Uint32Array's elements may not fit one.
    const accountRows = new Int32Array(tail.scenarios.length);
    for (let j = 0; j < accountRows.length; j++) accountRows[j] = rowOf[tail.scenarios[j]] - 1;
    return accountRows.sort();
  });
  return { union: scenarios, rows };
}
