import type { RiskParamsInput } from '../model/schemas.js';
import { estimateCorrelation, repairCorrelation } from './estimators/index.js';
import type { FactorChanges } from './factorSeries.js';
import type { Provenance } from './pack/types.js';

/**
 * The factor correlation of a pack, over [u.spot, u.vol] for every calibrated underlying: the
 * pairs the data estimates (every spot–spot pair; with an implied-vol history the vol factors'
 * pairs too), the other pairs kept from the base params (0 where they say nothing: the engine's
 * default), then repaired to the nearest correlation matrix when the mix is not positive
 * semidefinite, the repair reported.
 */
export function correlationBlock(
  assets: readonly string[],
  changes: FactorChanges,
  base: RiskParamsInput['correlation'],
  options: { method: 'sample' | 'ewma'; shrinkage: 'none' | 'ledoit-wolf'; lambda: number },
): { correlation: { factors: string[]; matrix: number[][] }; provenance: Provenance['correlation'] } {
  const estimate = estimateCorrelation(
    { names: changes.factors, returns: changes.changes, dates: changes.dates },
    { method: options.method, lambda: options.lambda, shrinkage: options.method === 'sample' ? options.shrinkage : 'none' },
  );
  const factors = assets.flatMap((a) => [`${a}.spot`, `${a}.vol`]);
  const estimated = new Map(changes.factors.map((f, k) => [f, k]));
  const baseIndex = new Map((base?.factors ?? []).map((f, k) => [f, k]));
  const keptFromBase: string[] = [];
  const matrix = factors.map((row, r) =>
    factors.map((col, c) => {
      if (r === c) return 1;
      const [er, ec] = [estimated.get(row), estimated.get(col)];
      if (er !== undefined && ec !== undefined) return estimate.matrix[er][ec];
      const [br, bc] = [baseIndex.get(row), baseIndex.get(col)];
      if (br === undefined || bc === undefined) return 0;
      if (r < c) keptFromBase.push(`${row}~${col}`);
      return base!.matrix[br][bc];
    }),
  );
  const repaired = repairCorrelation(matrix);
  return {
    correlation: { factors, matrix: repaired.matrix },
    provenance: {
      factors: changes.factors,
      observations: estimate.observations,
      from: changes.dates[0],
      to: changes.dates[changes.dates.length - 1],
      shrinkageIntensity: estimate.shrinkageIntensity,
      keptFromBase,
      repair: repaired.repair ? { distance: repaired.repair.distance, iterations: repaired.repair.iterations } : undefined,
    },
  };
}
