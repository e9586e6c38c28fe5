/**
 * Margin across venues on the GPU backend against the CPU on the cross-venue sample's accounts:
 * every venue view and unified account is an account of the same plan, so the engine's parity
 * carries over. Tolerances, as in marginBackends.test.ts: portfolio-based figures (a derivatives
 * venue's margin, the unified margin, what it frees) within 1e-4 relative, floored at 1e-6 of
 * the account's gross notional (the f32 resolution of its P&L); rule-based figures (a lending
 * venue's requirement and health factor today) and the health-factor distribution (computed in
 * f64 from the regenerated scenario moves, whatever the backend) equal; the health factor in the
 * account's tail within 1e-4 relative (the same scenarios, unless f32 reorders a near tie at the
 * tail's edge, which moves a mean of k = 80 values by far less). Skips without a WebGPU adapter
 * unless REQUIRE_WEBGPU=1.
 */
import { describe, expect, it } from 'vitest';
import { GpuEngine } from '../../src/engine/gpu/gpuEngine.js';
import type { RiskPlan } from '../../src/engine/index.js';
import { runMargin } from '../../src/margin/runMargin.js';
import { prepareMargin } from '../../src/margin/setup.js';
import { crossVenueAccounts, crossVenueMarket, crossVenueParams } from '../../src/sample/crossVenueSample.js';
import { useGpuTestDevice } from './gpuTestDevice.js';

const gpu = useGpuTestDevice();

function grossNotional(plan: RiskPlan, a: number): number {
  let sum = 0;
  for (let p = plan.accountOffsets[a]; p < plan.accountOffsets[a + 1]; p++) {
    const i = plan.positionInstrument[p];
    sum += Math.abs(plan.positionQuantity[p]) * plan.multiplier[i] * plan.basePrice[i];
  }
  return sum;
}

describe('margin across venues on the GPU backend', () => {
  it('matches the CPU backend on the cross-venue accounts', async (ctx) => {
    const engine = GpuEngine.on(gpu.use(ctx), false);
    const setup = prepareMargin({ market: crossVenueMarket(), book: { accounts: crossVenueAccounts() }, params: crossVenueParams() }, { scenarios: 8000, seed: 9 });
    const onGpu = await runMargin(setup, { engine, attribution: false });
    const onCpu = await runMargin(setup, { attribution: false });
    expect(onGpu.risk.backend).toBe('gpu');
    const failures: string[] = [];
    const close = (label: string, got: number | null, want: number | null, notional: number, relative = 1e-4) => {
      if (got === null || want === null) {
        if (got !== want) failures.push(`${label}: ${got} vs ${want}`);
        return;
      }
      const tolerance = Math.max(relative * Math.abs(want), 1e-6 * notional);
      if (!(Math.abs(got - want) <= tolerance)) failures.push(`${label}: computed ${got}, expected ${want}, error ${Math.abs(got - want)}, tolerance ${tolerance}`);
    };
    let compared = 0;
    onCpu.margin.accounts.forEach((cpu, a) => {
      const want = cpu.crossVenue!;
      const got = onGpu.margin.accounts[a].crossVenue!;
      const layout = setup.crossVenue!.accounts.find((x) => x.bookIndex === a)!;
      const notional = grossNotional(setup.plan, a);
      close(`${cpu.account} unified initial`, got.unified.initial, want.unified.initial, notional);
      close(`${cpu.account} siloed initial`, got.siloed.initial, want.siloed.initial, notional);
      want.venues.forEach((v, j) => {
        const g = got.venues[j];
        const label = `${cpu.account}@${v.venue}`;
        compared++;
        if (v.kind === 'lending') {
          expect(g.initial, label).toBe(v.initial);
          expect(g.healthFactor, label).toBe(v.healthFactor);
          expect(g.lending!.scenarios.distribution, label).toEqual(v.lending!.scenarios.distribution);
          expect(g.lending!.scenarios.stressGrid, label).toEqual(v.lending!.scenarios.stressGrid);
          const [tg, tw] = [g.lending!.scenarios.accountTail, v.lending!.scenarios.accountTail];
          close(`${label} HF tail mean`, tg.mean, tw.mean, 0);
          close(`${label} HF at VaR`, tg.atValueAtRisk, tw.atValueAtRisk, 0, 2e-3);
        } else {
          close(`${label} initial`, g.initial, v.initial, grossNotional(setup.plan, layout.venues[j].planIndex));
        }
      });
    });
    expect(compared).toBe(20); // every venue view of the ten accounts
    expect(failures).toEqual([]);
  });
});
