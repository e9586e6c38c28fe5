import type { RiskPlan } from '../engine/index.js';
import type { MarginParams, RiskParams } from '../model/schemas.js';

type ApcParams = MarginParams['antiProcyclicality'];

/**
 * Anti-procyclicality, as EMIR's RTS 153/2013 art. 28 defines the tools: margins should not
 * fall in calm markets only to jump when stress arrives.
 * - Buffer (art. 28(1)(a)): the margin plus 25% in calm markets; the buffer may be drawn down,
 *   fully or partly (`release`), when stress arrives, so margin calls do not spike.
 * - Floor (art. 28(1)(c), with a stressed rather than a 10-year calibration): margin never
 *   below what the same model asks under a stressed calibration, computed on the same
 *   scenarios with larger vols.
 * Both are reported, with which one sets the margin.
 */
export interface AntiProcyclicality {
  /** What the buffer adds (0 when off or fully released). */
  buffer: number;
  /** The margin under the stressed calibration, or null when the floor is off. */
  floor: number | null;
  /** Which sets the initial margin: the bare model, the buffered model, or the floor. */
  binding: 'model' | 'buffer' | 'floor';
}

export function applyAntiProcyclicality(core: number, stressedCore: number | null, params: ApcParams): { initial: number } & AntiProcyclicality {
  const rate = params.buffer.enabled ? params.buffer.rate * (1 - params.buffer.release) : 0;
  const buffered = core * (1 + rate);
  const floor = params.floor.enabled && stressedCore !== null ? stressedCore : null;
  if (floor !== null && floor > buffered) return { initial: floor, buffer: buffered - core, floor, binding: 'floor' };
  return { initial: buffered, buffer: buffered - core, floor, binding: buffered > core ? 'buffer' : 'model' };
}

/**
 * The stressed calibration's factor scales: each underlying's spot-move scale × (stressed vol /
 * vol), where the stressed vol is `floor.vols[u]` or `volScale` × vol, and its vol-of-vol scale
 * by the same ratio. Same Philox stream and correlation: only the size of the moves changes.
 */
export function stressedCalibration(plan: RiskPlan, params: RiskParams, floor: ApcParams['floor']): Float64Array {
  const out = Float64Array.from(plan.moveScale);
  plan.underlyings.forEach((u, k) => {
    const vol = params.underlyings[u].vol;
    const ratio = (floor.vols?.[u] ?? floor.volScale * vol) / vol;
    out[2 * k] *= ratio;
    out[2 * k + 1] *= ratio;
  });
  return out;
}

/** Stressed annual vols per plan underlying (for the floor's liquidity add-on). */
export function stressedVols(plan: RiskPlan, params: RiskParams, floor: ApcParams['floor']): Float64Array {
  return Float64Array.from(plan.underlyings, (u) => floor.vols?.[u] ?? floor.volScale * params.underlyings[u].vol);
}
