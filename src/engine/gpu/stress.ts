import { stressMoves } from '../reference/stressMoves.js';
import type { RiskPlan } from '../plan.js';
import { readBack } from './buffers.js';
import { pnlStride } from './layouts.js';
import type { RunResources } from './runResources.js';
import { uploadMoves } from './scenarios.js';

/**
 * Account P&L over the stress grid on the GPU (mirror of cpu/stress.ts): the grid's moves
 * (built on the host, as for the CPU) go through the same revaluation and aggregation kernels.
 */
export async function stressAccountPnl(
  res: RunResources,
  plan: RiskPlan,
  revalue: (encoder: GPUCommandEncoder, count: number) => void,
  aggregate: (encoder: GPUCommandEncoder, count: number) => void,
): Promise<Float64Array> {
  const count = plan.stress.length;
  uploadMoves(res, stressMoves(plan));
  res.writeRunParams(0, count);
  const encoder = res.device.createCommandEncoder({ label: 'stress' });
  revalue(encoder, count);
  aggregate(encoder, count);
  res.device.queue.submit([encoder.finish()]);
  const accounts = plan.accountIds.length;
  const stride = pnlStride(count);
  const [lossBytes] = await readBack(res.device, [{ buffer: res.accountLoss, byteSize: 4 * accounts * stride }]);
  const losses = new Float32Array(lossBytes);
  // Account-major, rows padded to the stride on the GPU; packed here.
  const pnl = new Float64Array(accounts * count);
  for (let a = 0; a < accounts; a++) {
    for (let g = 0; g < count; g++) pnl[a * count + g] = -losses[a * stride + g];
  }
  return pnl;
}
