import { splitScenarios } from '../chunking.js';
import type { RiskPlan } from '../plan.js';
import { readBack } from './buffers.js';
import type { PipelineCache } from './pipelines.js';
import { bindRevalueInstruments } from './revalue.js';
import { pnlStride } from './layouts.js';
import { type GpuLimits, gpuChunkSize, RunResources } from './runResources.js';
import { bindGenerateListedMoves } from './scenarios.js';

/**
 * Instrument P&L over an arbitrary list of scenario indices (instrument-major: I × n), the
 * mirror of cpu/instrumentBlock.ts's revalueScenarioList: each listed scenario's moves are
 * regenerated from its Philox counter (generate_listed_moves) and revalued by the engine's own
 * tiles, so every value is the f32 P&L the GPU aggregated for that scenario, widened to f64.
 * The list goes through in chunks the device's limits allow.
 */
export async function revalueScenarioList(
  device: GPUDevice,
  limits: GpuLimits,
  pipelines: PipelineCache,
  plan: RiskPlan,
  scenarios: Uint32Array,
): Promise<Float64Array> {
  const n = scenarios.length;
  const instruments = plan.instrumentIds.length;
  const out = new Float64Array(n * instruments);
  if (n === 0) return out;
  const chunkSize = Math.min(gpuChunkSize(plan, limits), n);
  const res = new RunResources(device, plan, chunkSize);
  try {
    const generate = await bindGenerateListedMoves(res, pipelines);
    const revalue = await bindRevalueInstruments(res, pipelines);
    for (const { start, count } of splitScenarios(n, chunkSize)) {
      res.writeRunParams(0, count);
      device.queue.writeBuffer(res.scenarioList, 0, scenarios.slice(start, start + count));
      const encoder = device.createCommandEncoder({ label: 'revalue listed scenarios' });
      generate(encoder, count);
      revalue(encoder, count);
      device.queue.submit([encoder.finish()]);
      const stride = pnlStride(count);
      const [bytes] = await readBack(device, [{ buffer: res.instrumentPnl, byteSize: 4 * instruments * stride }]);
      const pnl = new Float32Array(bytes);
      for (let i = 0; i < instruments; i++) {
        const row = out.subarray(i * n + start, i * n + start + count);
        row.set(pnl.subarray(i * stride, i * stride + count));
      }
    }
    return out;
  } finally {
    res.destroy();
  }
}
