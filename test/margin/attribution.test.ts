/**
 * Euler attribution of ES: each position's contribution, from the account's tail scenarios
 * regenerated alone, sums to the account's ES; and it equals a direct recomputation of
 * −q·pnl over the tail from the full instrument P&L block.
 */
import { describe, expect, it } from 'vitest';
import { CpuEngine } from '../../src/engine/cpu/cpuEngine.js';
import type { RiskEngine } from '../../src/engine/engine.js';
import { computeInstrumentBlock } from '../../src/engine/reference/instrumentBlock.js';
import { nodeWorkerExecutor } from '../../src/engine/cpu/nodeWorkerExecutor.js';
import { eulerContributions } from '../../src/margin/attribution.js';
import { runMargin } from '../../src/margin/runMargin.js';
import { expectClose } from '../helpers/expectClose.js';
import { hedgedBooks, runBook, sampleSetup } from './fixtures.js';

describe('Euler contributions to ES', () => {
  it('sum to every sample account’s ES', async () => {
    const { margin } = await runMargin(sampleSetup());
    for (const a of margin.accounts) {
      const sum = a.contributions!.reduce((s, c) => s + c.contribution, 0);
      const es = a.margin.portfolio.expectedShortfall;
      // Same f64 values summed in another order: a few ulp per position, 1e-9 relative is ample.
      expectClose(sum, es, 1e-9 * Math.max(Math.abs(es), 1), `${a.account} Σ contributions vs ES`);
      expect(a.contributions!.length).toBeGreaterThan(0);
    }
  });

  it('equal the mean of −q·pnl over the tail read from the full instrument block, in any chunking', async () => {
    const setup = sampleSetup({ scenarios: 3000 });
    const result = await new CpuEngine().simulate(setup.plan);
    const block = computeInstrumentBlock(setup.plan, { chunkSize: 777 });
    const { plan } = setup;
    const S = plan.scenarioCount;
    for (const chunkSize of [4096, 50]) {
      const contributions = await eulerContributions(plan, result.tails, new CpuEngine(), chunkSize);
      for (let a = 0; a < plan.accountIds.length; a += 7) {
        const tail = result.tails[a];
        contributions[a].forEach((c, j) => {
          const p = plan.accountOffsets[a] + j;
          const i = plan.positionInstrument[p];
          let sum = 0;
          for (const s of tail.scenarios) sum += -plan.positionQuantity[p] * block.pnl[i * S + s];
          // Bit-identical revaluation, summed in another scenario order: 1e-12 relative.
          const expected = sum / tail.scenarios.length;
          expectClose(c.contribution, expected, 1e-12 * Math.max(Math.abs(expected), 1), `${plan.accountIds[a]} ${c.instrument}`);
        });
      }
    }
    // And the block reproduces the engine's tail losses exactly (same stages, same sum order).
    for (let a = 0; a < plan.accountIds.length; a += 13) {
      const tail = result.tails[a];
      tail.scenarios.forEach((s, j) => {
        let pnl = 0;
        for (let p = plan.accountOffsets[a]; p < plan.accountOffsets[a + 1]; p++) pnl += plan.positionQuantity[p] * block.pnl[plan.positionInstrument[p] * S + s];
        expect(-pnl).toBe(tail.losses[j]);
      });
    }
  });

  it('are the same on worker threads as in this thread (bit for bit)', async () => {
    const setup = sampleSetup({ scenarios: 3000 });
    const { tails } = await new CpuEngine().simulate(setup.plan);
    const inThread = await eulerContributions(setup.plan, tails);
    const workers = new CpuEngine(nodeWorkerExecutor(2));
    try {
      // Chunks of 700 split into pieces across both workers.
      expect(await eulerContributions(setup.plan, tails, workers, 700)).toStrictEqual(inThread);
    } finally {
      await workers.dispose();
    }
  });

  it('summed on the workers (each its share of the instruments) or here from revalued blocks: the same bits', async () => {
    const setup = sampleSetup({ scenarios: 3000 });
    const { tails } = await new CpuEngine().simulate(setup.plan);
    const workers = new CpuEngine(nodeWorkerExecutor(3));
    try {
      expect(workers.positionTailSums).toBeTypeOf('function');
      const onWorkers = await eulerContributions(setup.plan, tails, workers);
      // The same engine seen through revalueScenarios only, as the GPU and the cluster are: this thread sums.
      const blocksOnly: RiskEngine = {
        backend: 'cpu',
        description: 'revalueScenarios only',
        simulate: (plan, options) => workers.simulate(plan, options),
        revalueScenarios: (plan, scenarios) => workers.revalueScenarios(plan, scenarios),
        dispose: async () => {},
      };
      for (const chunkSize of [333, 5000]) expect(await eulerContributions(setup.plan, tails, blocksOnly, chunkSize)).toStrictEqual(onWorkers);
    } finally {
      await workers.dispose();
    }
  });

  it('a hedge contributes negatively: the short call against the coin posted as collateral', async () => {
    const { margin } = await runBook({ accounts: hedgedBooks() });
    const covered = margin.accounts.find((a) => a.account === 'covered-call-coin-collateral')!;
    const contributions = Object.fromEntries(covered.contributions!.map((c) => [c.instrument, c.contribution]));
    // The tail is a fall of the coin: the coin loses, the short call gains.
    expect(contributions['collateral:BTC']).toBeGreaterThan(0);
    expect(contributions['BTC-29JAN27-100000-C']).toBeLessThan(0);
  });
});
