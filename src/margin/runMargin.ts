import { buildRiskReport, type EngineSource, type RiskReport, type SimulateOptions, withEngine } from '../engine/index.js';
import { attachContributions, buildMarginReport, type MarginReport, type MarginReportOptions } from './marginReport.js';
import { positionsValue } from './markToMarket.js';
import { eulerContributions } from './attribution.js';
import { accountState } from './context.js';
import type { MarginSetup } from './setup.js';

export interface RunMarginOptions extends SimulateOptions, MarginReportOptions {
  /** An engine (borrowed), a factory (opened and disposed here) or, by default, the CPU backend in this thread. */
  engine?: EngineSource;
}

export interface MarginRun {
  risk: RiskReport;
  margin: MarginReport;
}

/**
 * Simulates the margin plan on a backend (and, with the anti-procyclicality floor on, the
 * same scenarios under the stressed calibration), then turns the results into risk and margin
 * per account. Progress counts both runs.
 */
export async function runMargin(setup: MarginSetup, options: RunMarginOptions = {}): Promise<MarginRun> {
  const runs = setup.stressedPlan ? 2 : 1;
  const total = setup.plan.scenarioCount * runs;
  return withEngine(options.engine, async (engine) => {
    const result = await engine.simulate(setup.plan, {
      chunkSize: options.chunkSize,
      stageTimings: options.stageTimings,
      onProgress: options.onProgress && ((done) => options.onProgress!(done, total)),
    });
    const stressed = setup.stressedPlan
      ? await engine.simulate(setup.stressedPlan, {
          chunkSize: options.chunkSize,
          stageTimings: options.stageTimings,
          onProgress: options.onProgress && ((done) => options.onProgress!(setup.plan.scenarioCount + done, total)),
        })
      : undefined;
    const risk = buildRiskReport(setup.plan, result, engine.backend, engine.description);
    if (stressed) risk.timings.wall += stressed.wallMs;
    // Venue views of cross-venue accounts (after the book's accounts) are reported inside their account's margin.
    risk.accounts.length = setup.ctx.bookAccounts;
    // In unified mode the plan carries collateral as positions: report trading positions only
    // here (collateral is reported by margin); VaR, ES and Greeks stay those of the whole account.
    risk.accounts.forEach((account, a) => {
      const state = accountState(setup.ctx, a);
      account.positions = state.positions.length;
      account.marketValue = positionsValue(setup.plan, state.positions);
    });
    // The attribution's revaluation runs on the engine's workers while this thread builds the
    // margins (the liquidation-price scans most of it); its sums are attached after.
    const attributing = options.attribution === false ? undefined : eulerContributions(setup.plan, result.tails, engine);
    // One turn of the event loop: the attribution's requests (a few awaits deep) reach the
    // workers before this thread goes busy.
    if (attributing) await new Promise((resolve) => setTimeout(resolve, 0));
    let margin: MarginReport;
    try {
      margin = buildMarginReport(setup.ctx, result, stressed, options.venueModels);
    } catch (error) {
      attributing?.catch(() => {}); // the margins' error is the one to report; the engine is disposed next
      throw error;
    }
    if (attributing) attachContributions(margin, await attributing);
    return { risk, margin };
  });
}
