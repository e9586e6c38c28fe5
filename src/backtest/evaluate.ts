import {
  christoffersen, durationTest, kupiecPof, mcneilFreyTest, procyclicality, trafficLight,
  type ChristoffersenTest, type DurationTest, type LikelihoodRatioTest, type McNeilFreyTest, type Procyclicality, type TrafficLightZone,
} from './statistics/index.js';
import type { WalkForwardResult } from './walkForward.js';

/** One month of an auth.066 CCP backtesting result report (ISO 20022 MonthlyResult1). */
export interface MonthlyResult {
  /** The month, YYYY-MM (the report's period; not an auth.066 element). */
  Month: string;
  NumberOfObservations: number;
  /** Days on which the realized loss exceeded the margin. */
  NumberOfExceptions: number;
  /** Share of observations the margin covered, as a base-one rate. */
  Coverage: number;
  /** The largest loss beyond the margin (USD), 0 without an exception. */
  LargestException: number;
  /** The mean loss beyond the margin over the exceptions (USD), 0 without one. */
  AverageException: number;
  LargestExceptionIdentification?: { Identification: string; Description: string };
}

/** Everything the backtest says of one portfolio under one model. */
export interface PortfolioModelResult {
  portfolio: string;
  model: string;
  /** The whole window in auth.066 form (all observations, overlapping when horizon > 1). */
  total: MonthlyResult;
  monthly: MonthlyResult[];
  /** Mean margin over the window (USD): what the model costs in collateral. */
  averageMargin: number;
  /**
   * Tests of the VaR (the quantile at the confidence) on non-overlapping observations (every
   * horizon-th day: overlapping windows make exceptions dependent by construction).
   */
  varTests: {
    observations: number;
    exceptions: number;
    kupiec: LikelihoodRatioTest;
    christoffersen: ChristoffersenTest;
    zone: TrafficLightZone;
    duration: DurationTest;
  };
  /** McNeil–Frey's test of the ES on the VaR exceptions (same non-overlapping days). */
  esTest: McNeilFreyTest;
  procyclicality: Procyclicality;
}

/**
 * The statistics of a walk-forward, per portfolio and model. The margin is the ES: its exceptions
 * (loss > margin) fill the auth.066 fields. The coverage tests (Kupiec, Christoffersen, the Basel
 * traffic light, the duration test) test what a confidence level promises, the VaR: a loss above
 * the VaR on 1 − confidence of the days, independently; McNeil–Frey tests the ES on the days the
 * VaR was exceeded.
 */
export function evaluateWalkForward(result: WalkForwardResult): PortfolioModelResult[] {
  const out: PortfolioModelResult[] = [];
  for (const { name: model } of result.models) {
    result.portfolios.forEach((portfolio, p) => {
      const days = [...result.dates.keys()].filter((d) => Number.isFinite(result.losses[p][d]) && Number.isFinite(result.margins[model][p][d]));
      if (days.length === 0) return;
      const losses = days.map((d) => result.losses[p][d]);
      const margins = days.map((d) => result.margins[model][p][d]);
      const dates = days.map((d) => result.dates[d]);
      const sample = days.filter((_, j) => j % result.horizon === 0);
      const varHits = sample.map((d) => result.losses[p][d] > result.valueAtRisk[model][p][d]);
      const exceptions = varHits.filter(Boolean).length;
      const counts = { exceptions, observations: sample.length, coverage: result.confidence };
      out.push({
        portfolio: portfolio.id,
        model,
        total: monthlyResult('total', losses, margins, dates),
        monthly: byMonth(dates).map(([month, range]) => monthlyResult(month, losses.slice(...range), margins.slice(...range), dates.slice(...range))),
        averageMargin: margins.reduce((s, m) => s + m, 0) / margins.length,
        varTests: { observations: sample.length, exceptions, kupiec: kupiecPof(counts), christoffersen: christoffersen(varHits, result.confidence), zone: trafficLight(counts), duration: durationTest(varHits, { simulations: 999 }) },
        esTest: mcneilFreyTest(
          {
            losses: sample.map((d) => result.losses[p][d]),
            valueAtRisk: sample.map((d) => result.valueAtRisk[model][p][d]),
            expectedShortfall: sample.map((d) => result.margins[model][p][d]),
            coverage: result.confidence,
          },
          { bootstrapSamples: 999 },
        ),
        procyclicality: procyclicality(margins, { dates }),
      });
    });
  }
  return out;
}

function monthlyResult(month: string, losses: readonly number[], margins: readonly number[], dates: readonly string[]): MonthlyResult {
  let exceptions = 0;
  let sum = 0;
  let largest = 0;
  let largestAt = -1;
  losses.forEach((loss, j) => {
    const excess = loss - margins[j];
    if (excess <= 0) return;
    exceptions++;
    sum += excess;
    if (excess > largest) [largest, largestAt] = [excess, j];
  });
  return {
    Month: month,
    NumberOfObservations: losses.length,
    NumberOfExceptions: exceptions,
    Coverage: 1 - exceptions / losses.length,
    LargestException: largest,
    AverageException: exceptions === 0 ? 0 : sum / exceptions,
    LargestExceptionIdentification: largestAt < 0 ? undefined : { Identification: dates[largestAt], Description: `loss ${losses[largestAt].toFixed(2)} against margin ${margins[largestAt].toFixed(2)}` },
  };
}

/** Consecutive runs of the same month: [month, [start, end)]. */
function byMonth(dates: readonly string[]): [string, [number, number]][] {
  const out: [string, [number, number]][] = [];
  dates.forEach((date, j) => {
    const month = date.slice(0, 7);
    if (out.length === 0 || out[out.length - 1][0] !== month) out.push([month, [j, j + 1]]);
    else out[out.length - 1][1][1] = j + 1;
  });
  return out;
}
