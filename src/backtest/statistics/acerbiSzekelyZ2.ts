/**
 * Acerbi & Szekely's second ES backtest, Z2 (Acerbi & Szekely 2014, "Backtesting expected
 * shortfall", Risk, December), "testing ES directly", with losses positive:
 *
 *   Z2 = Σ_t L_t·I_t / (T·(1 − coverage)·ES_t) − 1,   I_t = 1 if L_t > VaR_t.
 *
 * This is −1 times their Z2 (they write P&L X_t = −L_t): here E[Z2] = 0 under H0 and Z2 > 0 when
 * the realized tail losses outrun the ES or the exceptions are too many (H1: ES understated).
 * Acerbi & Szekely found its 5% and 0.01% critical values at T = 250 and 97.5% stable across
 * distributions, about 0.70 and 1.8 in this sign (their −0.70 and −1.8).
 *
 * The p-value is by simulation under the model, as they prescribe: M paths, each drawing every
 * day's loss from that day's predictive distribution through its quantile function
 * `lossQuantile(t, u)` (an engine's scenario losses give it as an order statistic), with the
 * day's VaR and ES held fixed; p = (1 + #{Z2* ≥ Z2})/(M + 1). Deterministic for a given seed.
 */
import { createPrng } from '../../random/prng.js';
import { checkEsSeries, type EsBacktestSeries } from './esInputs.js';
import { assertCount, BacktestInputError } from './validate.js';

export interface AcerbiSzekelyOptions {
  /**
   * The model's loss quantile function for day t: the loss L with P(L_t ≤ L) = u, u in (0, 1).
   * Without it only the statistic is returned.
   */
  lossQuantile?: (day: number, u: number) => number;
  /** Simulated paths M; default 9999. */
  simulations?: number;
  /** Seed of the simulation; default 1. */
  seed?: number;
}

export interface AcerbiSzekelyTest {
  /** Z2, positive when the ES looks understated. */
  statistic: number;
  /** P(Z2* ≥ Z2) under the model by simulation; null without `lossQuantile`. */
  pValue: number | null;
  exceptions: number;
  observations: number;
}

export function acerbiSzekelyZ2(series: EsBacktestSeries, opts: AcerbiSzekelyOptions = {}): AcerbiSzekelyTest {
  const { losses, valueAtRisk, expectedShortfall, coverage } = checkEsSeries(series, 'acerbiSzekelyZ2');
  const { lossQuantile, simulations = 9999, seed = 1 } = opts;
  if (lossQuantile !== undefined && typeof lossQuantile !== 'function') {
    throw new BacktestInputError('acerbiSzekelyZ2', 'lossQuantile', 'must be a function (day, u) => loss');
  }
  assertCount(simulations, 1, 'acerbiSzekelyZ2', 'simulations');
  if (!Number.isSafeInteger(seed)) throw new BacktestInputError('acerbiSzekelyZ2', 'seed', `is ${seed}: must be a safe integer`);
  const tail = 1 - coverage;
  let exceptions = 0;
  for (let t = 0; t < losses.length; t++) if (losses[t] > valueAtRisk[t]) exceptions++;
  const statistic = z2(losses, valueAtRisk, expectedShortfall, tail);
  const pValue = lossQuantile === undefined ? null : simulatedPValue(statistic, series, tail, lossQuantile, simulations, seed);
  return { statistic, pValue, exceptions, observations: losses.length };
}

function z2(losses: ArrayLike<number>, valueAtRisk: ArrayLike<number>, expectedShortfall: ArrayLike<number>, tail: number): number {
  const T = losses.length;
  let sum = 0;
  for (let t = 0; t < T; t++) if (losses[t] > valueAtRisk[t]) sum += losses[t] / expectedShortfall[t];
  return sum / (T * tail) - 1;
}

function simulatedPValue(
  observed: number,
  { valueAtRisk, expectedShortfall }: EsBacktestSeries,
  tail: number,
  lossQuantile: (day: number, u: number) => number,
  simulations: number,
  seed: number,
): number {
  const prng = createPrng(seed);
  const T = valueAtRisk.length;
  const path = new Float64Array(T);
  let atLeast = 0;
  for (let m = 0; m < simulations; m++) {
    for (let t = 0; t < T; t++) {
      // u in (0, 1): mulberry32's uniform is in [0, 1); 0 would ask for the distribution's infimum.
      const u = (prng.uniform() * 4294967296 + 0.5) / 4294967296;
      const loss = lossQuantile(t, u);
      if (!Number.isFinite(loss)) {
        throw new BacktestInputError('acerbiSzekelyZ2', 'lossQuantile', `returned ${loss} for day ${t} at u = ${u}: must be finite`);
      }
      path[t] = loss;
    }
    if (z2(path, valueAtRisk, expectedShortfall, tail) >= observed) atLeast++;
  }
  return (1 + atLeast) / (simulations + 1);
}
