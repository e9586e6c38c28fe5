/**
 * The spells between exceptions that Christoffersen & Pelletier's duration test models
 * (Christoffersen & Pelletier 2004, "Backtesting value-at-risk: a duration-based approach",
 * J. Financial Econometrics 2(1), §2), with their censoring, as rugarch's VaRDurTest builds them:
 * - between consecutive exceptions on days t_{i−1} < t_i (1-based): D = t_i − t_{i−1}, complete
 *   (two exceptions on consecutive days give D = 1);
 * - when day 1 is not an exception, a first spell D = t_1 (the days up to and including the
 *   first exception), censored: all we know is that the spell began on or before day 1;
 * - when day T is not an exception, a last spell D = T − t_N (the days after the last exception),
 *   censored: the spell had not ended when the sample did.
 */

export interface DurationSpells {
  /** Spell lengths in days, in time order, each ≥ 1. */
  durations: Float64Array;
  /** censored[i] is true for an incomplete first or last spell (it enters through the survival function). */
  censored: boolean[];
  /** Complete spells: one fewer than the exceptions (0 with fewer than two). */
  completeCount: number;
}

export function durationSpells(hits: readonly boolean[]): DurationSpells {
  const exceptionDays: number[] = [];
  hits.forEach((hit, index) => {
    if (hit) exceptionDays.push(index + 1);
  });
  const durations: number[] = [];
  const censored: boolean[] = [];
  if (exceptionDays.length === 0) return { durations: new Float64Array(0), censored, completeCount: 0 };
  if (!hits[0]) {
    durations.push(exceptionDays[0]);
    censored.push(true);
  }
  for (let i = 1; i < exceptionDays.length; i++) {
    durations.push(exceptionDays[i] - exceptionDays[i - 1]);
    censored.push(false);
  }
  if (!hits[hits.length - 1]) {
    durations.push(hits.length - exceptionDays[exceptionDays.length - 1]);
    censored.push(true);
  }
  return { durations: Float64Array.from(durations), censored, completeCount: exceptionDays.length - 1 };
}
