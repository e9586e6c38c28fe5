import type { StressGrid } from '../model/schemas.js';

/** One deterministic stress scenario: every underlying's spot and ATM vol moved together. */
export interface StressScenario {
  name: string;
  spotMove: number; // relative: −0.3 = −30%
  volMove: number; // relative ATM move: 0.5 = vol × 1.5 (an option's vol × 1.5^w: term-weighted in revaluation)
}

/**
 * SPAN / Deribit-style grid: every spot move crossed with every vol move. The scenarios run
 * through the same revaluation as Monte Carlo ones, as log moves ln(1 + move): time advances
 * by the horizon and each option's vol move is scaled by its term weight w, so its vol becomes
 * vol × (1 + volMove)^w (README, "Stress grid").
 */
export function buildStressGrid(grid: StressGrid): StressScenario[] {
  const scenarios: StressScenario[] = [];
  for (const spotMove of grid.spotMoves) {
    for (const volMove of grid.volMoves) {
      scenarios.push({ name: `spot ${formatMove(spotMove)} vol ${formatMove(volMove)}`, spotMove, volMove });
    }
  }
  return scenarios;
}

function formatMove(move: number): string {
  const percent = Math.round(move * 1000) / 10;
  return `${percent >= 0 ? '+' : ''}${percent}%`;
}
