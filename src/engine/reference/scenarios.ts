import { historicalDays, scenarioNormals, studentTScale } from '../../random/stream.js';
import type { HistoricalDraws } from '../historicalDraws.js';
import type { RiskPlan } from '../plan.js';

/**
 * Monte Carlo scenario moves for scenarios [start, start + count): row s of `out` (length
 * factorCount) holds, per underlying, the spot log-return and the vol log-change:
 *   normal, Student-t:  moves = moveScale ⊙ (L · z) · t-scale
 *   fhs:                moves = moveScale ⊙ (mixing · x)   (engine/historicalDraws.ts)
 * with z the scenario's standard normals from the Philox stream (counter = scenario index, so
 * any chunking gives the same numbers) and L the lower Cholesky factor of the correlation.
 * Under Student-t every factor of a scenario shares one chi-square mixing draw; under fhs the
 * historical factors add the residuals of the days the scenario draws.
 */
export function generateMoves(plan: RiskPlan, start: number, count: number, out: Float64Array): void {
  if (plan.historical) {
    generateHistoricalMoves(plan, plan.historical, start, count, out);
    return;
  }
  const f = plan.factorCount;
  const dof = plan.distribution.type === 'student-t' ? plan.distribution.dof : 0;
  const { normals, scales } = standardShocks(plan.seed, start, count, f, dof);
  const lower = sparseLower(plan);
  let row = 0;
  for (; row + 4 <= count; row += 4) correlateFour(plan, lower, normals, scales, row, out);
  for (; row < count; row++) {
    const scale = scales ? scales[row] : 1;
    const base = row * f;
    for (let r = 0; r < f; r++) {
      let correlated = 0;
      for (let e = lower.offsets[r]; e < lower.offsets[r + 1]; e++) correlated += lower.values[e] * normals[base + lower.columns[e]];
      out[base + r] = plan.moveScale[r] * correlated * scale;
    }
  }
}

/**
 * L · z for four consecutive scenarios at once: each entry of L is loaded once for the four, and
 * the four independent sums keep the core's adders busy (a wide book's factor is dense: 180,000
 * products a scenario at 600 factors). Each scenario's sum runs over the same entries in the
 * same order as one at a time, so the moves are the same bit for bit.
 */
function correlateFour(plan: RiskPlan, lower: SparseLower, normals: Float64Array, scales: Float64Array | undefined, row: number, out: Float64Array): void {
  const f = plan.factorCount;
  const { offsets, columns, values } = lower;
  const b0 = row * f;
  const b1 = b0 + f;
  const b2 = b1 + f;
  const b3 = b2 + f;
  for (let r = 0; r < f; r++) {
    let c0 = 0;
    let c1 = 0;
    let c2 = 0;
    let c3 = 0;
    for (let e = offsets[r]; e < offsets[r + 1]; e++) {
      const value = values[e];
      const column = columns[e];
      c0 += value * normals[b0 + column];
      c1 += value * normals[b1 + column];
      c2 += value * normals[b2 + column];
      c3 += value * normals[b3 + column];
    }
    const scale = plan.moveScale[r];
    out[b0 + r] = scale * c0 * (scales ? scales[row] : 1);
    out[b1 + r] = scale * c1 * (scales ? scales[row + 1] : 1);
    out[b2 + r] = scale * c2 * (scales ? scales[row + 2] : 1);
    out[b3 + r] = scale * c3 * (scales ? scales[row + 3] : 1);
  }
}

interface SparseLower {
  offsets: Uint32Array;
  columns: Uint32Array;
  values: Float64Array;
}

/**
 * The Cholesky factor's non-zero entries row by row, in column order (the order of the dense
 * sum, so the products are added in the same order and give the same numbers): a book whose
 * vol factors are uncorrelated with the spots (no options, or none listed in the correlation)
 * has half its factors on a diagonal, and a factor whose move is scaled by 0 (vol of vol 0) is
 * skipped altogether. Built once per plan.
 */
function sparseLower(plan: RiskPlan): SparseLower {
  const cached = sparseLowers.get(plan);
  if (cached) return cached;
  const f = plan.factorCount;
  const offsets = new Uint32Array(f + 1);
  const columns: number[] = [];
  const values: number[] = [];
  for (let r = 0; r < f; r++) {
    if (plan.moveScale[r] !== 0) {
      for (let c = 0; c <= r; c++) {
        const value = plan.choleskyLower[r * f + c];
        if (value !== 0) {
          columns.push(c);
          values.push(value);
        }
      }
    }
    offsets[r + 1] = columns.length;
  }
  const sparse = { offsets, columns: Uint32Array.from(columns), values: Float64Array.from(values) };
  sparseLowers.set(plan, sparse);
  return sparse;
}

/** Keyed by the plan: its sparsity depends on both its factor and its scales (a stressed plan has its own). */
const sparseLowers = new WeakMap<RiskPlan, SparseLower>();

/**
 * The standard normals (and Student-t scales) of scenarios [start, start + count): they depend
 * on the seed, the range, the factor count and the degrees of freedom only, not on the vols or
 * the correlation. A walk-forward backtest re-simulates the same scenarios with new parameters
 * every day, so the last few ranges are kept (at most CACHE_BYTES); the numbers are the same
 * whether they come from the cache or not.
 */
function standardShocks(seed: number, start: number, count: number, factors: number, dof: number): { normals: Float64Array; scales?: Float64Array } {
  const key = `${seed}:${start}:${count}:${factors}:${dof}`;
  const cached = shockCache.get(key);
  if (cached) {
    shockCache.delete(key);
    shockCache.set(key, cached); // most recently used last
    return cached;
  }
  const normals = new Float64Array(count * factors);
  for (let row = 0; row < count; row++) scenarioNormals(seed, start + row, factors, normals, row * factors);
  const scales = dof > 0 ? Float64Array.from({ length: count }, (_, row) => studentTScale(seed, start + row, dof)) : undefined;
  const entry = { normals, scales };
  shockCache.set(key, entry);
  cachedBytes += normals.byteLength + (scales?.byteLength ?? 0);
  for (const [oldKey, old] of shockCache) {
    if (cachedBytes <= CACHE_BYTES || shockCache.size === 1) break;
    shockCache.delete(oldKey);
    cachedBytes -= old.normals.byteLength + (old.scales?.byteLength ?? 0);
  }
  return entry;
}

const CACHE_BYTES = 64 * 2 ** 20;
const shockCache = new Map<string, { normals: Float64Array; scales?: Float64Array }>();
let cachedBytes = 0;

function generateHistoricalMoves(plan: RiskPlan, draws: HistoricalDraws, start: number, count: number, out: Float64Array): void {
  const f = plan.factorCount;
  const n = draws.daysPerScenario;
  const x = new Float64Array(f);
  const days = new Uint32Array(n);
  const inverseRootN = 1 / Math.sqrt(n);
  for (let row = 0; row < count; row++) {
    const scenario = start + row;
    scenarioNormals(plan.seed, scenario, f, x, 0);
    historicalDays(plan.seed, scenario, draws.days, n, days);
    for (let k = 0; k < f; k++) {
      if (!draws.historical[k]) continue;
      let sum = 0;
      for (let j = 0; j < n; j++) sum += draws.table[days[j] * f + k];
      x[k] = sum * inverseRootN;
    }
    const base = row * f;
    for (let r = 0; r < f; r++) {
      let mixed = 0;
      for (let c = 0; c < f; c++) mixed += draws.mixing[r * f + c] * x[c];
      out[base + r] = plan.moveScale[r] * mixed;
    }
  }
}
