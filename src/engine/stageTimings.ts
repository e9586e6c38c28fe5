/** Milliseconds spent per pipeline stage, summed over chunks (and workers: CPU time, not wall). */
export interface StageTimings {
  scenarios: number;
  revaluation: number;
  aggregation: number;
  reduction: number;
  transfers: number;
}

export function emptyTimings(): StageTimings {
  return { scenarios: 0, revaluation: 0, aggregation: 0, reduction: 0, transfers: 0 };
}

export function addTimings(into: StageTimings, more: StageTimings): void {
  for (const key of Object.keys(into) as (keyof StageTimings)[]) into[key] += more[key];
}
