/**
 * The walk-forward backtest on the GPU backend: the same days and portfolios as on the CPU,
 * every margin (ES) within the engine's parity tolerance (1e-4 relative, see parity.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { referencePortfolios } from '../../src/backtest/portfolios.js';
import { walkForward } from '../../src/backtest/walkForward.js';
import { syntheticHistory } from '../../src/calibration/history/index.js';
import { GpuEngine } from '../../src/engine/gpu/gpuEngine.js';
import { useGpuTestDevice } from './gpuTestDevice.js';

const gpu = useGpuTestDevice();

describe('walk-forward on the GPU', () => {
  it('gives the CPU margins within the parity tolerance', async (ctx) => {
    const engine = GpuEngine.on(gpu.use(ctx), false);
    const input = {
      prices: syntheticHistory().prices, portfolios: referencePortfolios(['BTC', 'ETH', 'SOL']), from: '2025-05-01', to: '2025-05-20',
      horizon: 2, confidence: 0.99, scenarios: 4000, seed: 5, models: ['ewma', 'garch'] as const,
    };
    const [onGpu, onCpu] = [await walkForward({ ...input, engine: [engine] }), await walkForward(input)];
    let worst = 0;
    for (const model of input.models) {
      onCpu.margins[model].forEach((series, p) => {
        series.forEach((cpu, d) => {
          const relative = Math.abs(onGpu.margins[model][p][d] - cpu) / cpu;
          worst = Math.max(worst, relative);
        });
      });
    }
    console.info(`[walk-forward gpu] ${onGpu.runs} runs, worst relative ES difference ${worst.toExponential(2)} (tolerance 1e-4)`);
    expect(onGpu.runs).toBe(onCpu.runs);
    expect(worst).toBeLessThan(1e-4);
  }, 120_000);
});
