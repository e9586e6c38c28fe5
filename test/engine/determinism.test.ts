/**
 * Same inputs and seed give the same bits, whatever the chunk size, the worker count or the
 * order in which chunks complete; a different seed gives different numbers.
 */
import { describe, expect, it } from 'vitest';
import { CpuEngine } from '../../src/engine/cpu/cpuEngine.js';
import { nodeWorkerExecutor } from '../../src/engine/cpu/nodeWorkerExecutor.js';
import type { RiskReport } from '../../src/engine/riskReport.js';
import { prepareRisk, runRisk } from '../../src/engine/risk.js';
import { sampleBook, sampleMarket, sampleParams } from '../../src/sample/sampleVenue.js';

const SCENARIOS = 3000;

function samplePlan(seed?: number) {
  return prepareRisk({ market: sampleMarket(), book: sampleBook(), params: sampleParams() }, { scenarios: SCENARIOS, seed });
}

/** Every number of every account, as bits (Object.is distinguishes −0 and NaN too). */
function fingerprint(report: RiskReport) {
  return report.accounts.map((a) => [a.account, a.valueAtRisk, a.expectedShortfall, a.stressLoss, a.greeks]);
}

describe('determinism of the CPU backend', () => {
  it('does not depend on chunk size or worker count', async () => {
    const reference = await runRisk(samplePlan(), { chunkSize: SCENARIOS });
    for (const chunkSize of [97, 1024]) {
      const report = await runRisk(samplePlan(), { chunkSize });
      expect(fingerprint(report)).toStrictEqual(fingerprint(reference));
    }
    const engine = new CpuEngine(nodeWorkerExecutor(2));
    try {
      const report = await runRisk(samplePlan(), { engine, chunkSize: 211 });
      expect(fingerprint(report)).toStrictEqual(fingerprint(reference));
    } finally {
      await engine.dispose();
    }
  });

  it('repeats run after run, and a different seed changes the numbers', async () => {
    const a = await runRisk(samplePlan());
    const b = await runRisk(samplePlan());
    expect(fingerprint(a)).toStrictEqual(fingerprint(b));
    const c = await runRisk(samplePlan(7));
    const changed = c.accounts.filter((acc, i) => acc.valueAtRisk !== a.accounts[i].valueAtRisk).length;
    expect(changed).toBeGreaterThan(a.accounts.length / 2);
  });
});
