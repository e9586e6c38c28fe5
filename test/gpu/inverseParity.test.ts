/**
 * GPU/CPU parity on a coin-settled book (test/helpers/inverseVenue.ts: the sample venue with
 * its BTC and ETH contracts inverse, BTC on a rate curve, a third of the accounts margined in
 * BTC): per-account VaR, ES and stress loss, and the margin run's portfolio margin, within the
 * engine's parity tolerance of 1e-4 relative, floored at 1e-6 of the account's gross notional
 * (the f32 resolution of its P&L; test/gpu/parity.test.ts says why), with at most 5% of the
 * comparisons on the floor. The inverse contracts reach the kernel only through host-side f64
 * constants (src/engine/reference/settlement.ts), so this checks those constants end to end.
 */
import { describe, expect, it } from 'vitest';
import { GpuEngine } from '../../src/engine/gpu/gpuEngine.js';
import { prepareRisk, runRisk } from '../../src/engine/risk.js';
import { runMargin } from '../../src/margin/runMargin.js';
import { prepareMargin } from '../../src/margin/setup.js';
import { inverseSampleVenue } from '../helpers/inverseVenue.js';
import { useGpuTestDevice } from './gpuTestDevice.js';
import { grossNotional } from './notional.js';

const gpu = useGpuTestDevice();

function withinParity(label: string, computed: number, expected: number, notional: number, failures: string[]): boolean {
  const error = Math.abs(computed - expected);
  const tolerance = Math.max(1e-4 * Math.abs(expected), 1e-6 * notional);
  if (!(error <= tolerance)) failures.push(`${label}: computed ${computed}, expected ${expected}, error ${error}, tolerance ${tolerance}`);
  return error > 1e-4 * Math.abs(expected);
}

describe('GPU/CPU parity on an inverse (coin-settled) book', () => {
  it('VaR, ES and stress loss per account', async (ctx) => {
    const engine = GpuEngine.on(gpu.use(ctx), false);
    const plan = prepareRisk(inverseSampleVenue(), { scenarios: 8000 });
    expect(plan.settlement.filter((s) => s === 1).length).toBeGreaterThan(50);
    const onGpu = await runRisk(plan, { engine });
    const onCpu = await runRisk(plan);
    const notional = grossNotional(plan);
    const failures: string[] = [];
    let floored = 0;
    let worst = 0;
    onCpu.accounts.forEach((cpu, a) => {
      for (const key of ['valueAtRisk', 'expectedShortfall', 'stressLoss'] as const) {
        if (withinParity(`${cpu.account} ${key}`, onGpu.accounts[a][key], cpu[key], notional[a], failures)) floored++;
        else worst = Math.max(worst, Math.abs(onGpu.accounts[a][key] - cpu[key]) / Math.max(Math.abs(cpu[key]), Number.MIN_VALUE));
      }
    });
    console.info(`[parity] inverse sample: worst relative error ${worst.toExponential(2)}; ${floored}/${3 * onCpu.accounts.length} on the notional floor`);
    expect(failures).toEqual([]);
    expect(floored).toBeLessThanOrEqual(0.05 * 3 * onCpu.accounts.length);
  });

  it('portfolio margin with coin collateral in the scenarios', async (ctx) => {
    const engine = GpuEngine.on(gpu.use(ctx), false);
    const setup = prepareMargin(inverseSampleVenue(), { scenarios: 6000 });
    const onGpu = await runMargin(setup, { engine, attribution: false });
    const onCpu = await runMargin(setup, { attribution: false });
    const notional = grossNotional(setup.plan);
    const failures: string[] = [];
    let floored = 0;
    onCpu.margin.accounts.forEach((cpu, a) => {
      const got = onGpu.margin.accounts[a];
      expect(got.equity).toBe(cpu.equity);
      if (withinParity(`${cpu.account} portfolio initial`, got.margin.portfolio.initial, cpu.margin.portfolio.initial, notional[a], failures)) floored++;
      if (cpu.coin) expect(got.coin!.map((c) => c.asset)).toEqual(cpu.coin.map((c) => c.asset));
    });
    expect(failures).toEqual([]);
    expect(floored).toBeLessThanOrEqual(0.05 * onCpu.margin.accounts.length);
    expect(onCpu.margin.accounts.filter((m) => m.coin).length).toBeGreaterThan(50);
  });
});
