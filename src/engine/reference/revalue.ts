import { normalCdf } from '../../pricing/normal.js';
import type { RiskPlan } from '../plan.js';
import { PayoffCode } from './payoff.js';
import { type OptionRevaluation, type OptionTerms, wasmOptionRevaluation } from './revalueWasm.js';
import { settlementScale } from './settlement.js';
import { valueInstrument } from './valuation.js';

/**
 * Full revaluation: P&L per contract (multiplier included) of every plan instrument in every
 * scenario, from a block of moves (count × factorCount). `out` is instrument-major
 * (instrumentCount × count), the InstrumentPnlBlock that aggregation and what-if read: an
 * instrument's P&L over consecutive scenarios is contiguous, as on the GPU.
 * Options see their vol scaled by exp(vol move × term weight) and time advanced by the horizon.
 * Inverse futures take their linear twin's P&L times S'/F' (reference/settlement.ts).
 *
 * The numbers are valueInstrument's (valuation.ts), bit for bit; only the work is arranged for
 * speed: what depends on the instrument alone (its carry to the horizon, its discount factor,
 * √(T − h)) is computed once per plan, what depends on the underlying and the scenario (the
 * shocked spot) or on the term weight and the scenario (the vol multiplier) once per chunk and
 * shared by every instrument that needs it, and each instrument then runs over the scenarios
 * with Black-76 written out (the same operations, in the same order, as bsmPrice): in
 * WebAssembly SIMD where this thread has it (revalueWasm.ts, the same bits), else (or with
 * `kernel` null) in JavaScript. With `instruments`, only the plan's instruments [from, to) are
 * revalued, instrument `from + r` into row r of `out` (the same values as in a whole block).
 */
export function revalueInstruments(
  plan: RiskPlan,
  moves: Float64Array,
  count: number,
  out: Float64Array,
  kernel: OptionRevaluation | null = wasmOptionRevaluation(),
  instruments: InstrumentRange = { from: 0, to: plan.instrumentIds.length },
): void {
  const f = plan.factorCount;
  const constants = instrumentConstants(plan);
  const shockedSpots = plan.underlyings.map((_, k) => {
    const spots = new Float64Array(count);
    for (let s = 0; s < count; s++) spots[s] = plan.spot[k] * Math.exp(moves[s * f + 2 * k]);
    return spots;
  });
  const volMultipliers = new Map<string, Float64Array>();
  for (let i = instruments.from; i < instruments.to; i++) {
    const c = constants[i];
    const spots = shockedSpots[plan.underlyingIndex[i]];
    const row = out.subarray((i - instruments.from) * count, (i - instruments.from + 1) * count);
    if (c.kind === 'linear' || c.kind === 'settled') {
      revalueLinearOrSettled(plan, i, c, spots, row);
      continue;
    }
    if (c.kind === 'general') {
      revalueGeneral(plan, i, moves, f, spots, row);
      continue;
    }
    const k = plan.underlyingIndex[i];
    const weight = plan.volTermWeight[i];
    const key = `${k}:${weight}`;
    let multipliers = volMultipliers.get(key);
    if (!multipliers) {
      multipliers = new Float64Array(count);
      for (let s = 0; s < count; s++) multipliers[s] = weight === 0 ? 1 : Math.exp(moves[s * f + 2 * k + 1] * weight);
      volMultipliers.set(key, multipliers);
    }
    revalueOption(optionTerms(plan, i, c), spots, multipliers, row, kernel);
  }
}

/** A run of the plan's instruments, [from, to). */
export interface InstrumentRange {
  from: number;
  to: number;
}

/** What valueInstrument computes from the instrument alone, at elapsed time = the horizon. */
interface InstrumentConstants {
  /** linear: the forward; settled: an option expired inside the horizon (intrinsic value); option: Black-76; general: valueInstrument itself. */
  kind: 'linear' | 'settled' | 'option' | 'general';
  /** exp((r − q)·max(c − h, 0)): the forward per unit of spot. */
  carryGrowth: number;
  /** e^{−r·(T − h)}, and the strike discounted by it. */
  discount: number;
  discountedStrike: number;
  /** √(T − h). */
  sqrtTime: number;
}

const constantsOf = new WeakMap<RiskPlan, InstrumentConstants[]>();

function instrumentConstants(plan: RiskPlan): InstrumentConstants[] {
  const cached = constantsOf.get(plan);
  if (cached) return cached;
  const h = plan.horizonYears;
  const constants = plan.instrumentIds.map((_, i): InstrumentConstants => {
    const carryLeft = Math.max(plan.carryYears[i] - h, 0);
    const carryGrowth = Math.exp(plan.forwardDrift[i] * carryLeft);
    const payoff = plan.payoff[i];
    if (payoff === PayoffCode.linear) return { kind: 'linear', carryGrowth, discount: 1, discountedStrike: 0, sqrtTime: 0 };
    const timeLeft = plan.expiryYears[i] - h;
    if (timeLeft <= 0) return { kind: 'settled', carryGrowth, discount: 1, discountedStrike: 0, sqrtTime: 0 };
    // bsmPrice's degenerate branch (no vol, no strike) is left to valueInstrument itself.
    if (!(plan.impliedVol[i] > 0) || !(plan.strike[i] > 0)) return { kind: 'general', carryGrowth, discount: 1, discountedStrike: 0, sqrtTime: 0 };
    const rate = plan.discountRate[i];
    const discount = Math.exp(-rate * timeLeft);
    return { kind: 'option', carryGrowth, discount, discountedStrike: plan.strike[i] * Math.exp(-rate * timeLeft), sqrtTime: Math.sqrt(timeLeft) };
  });
  constantsOf.set(plan, constants);
  return constants;
}

function revalueLinearOrSettled(plan: RiskPlan, i: number, c: InstrumentConstants, spots: Float64Array, row: Float64Array): void {
  // S'/F' of an inverse future (a constant of the instrument); exactly 1 otherwise.
  const multiplier = plan.multiplier[i] * settlementScale(plan, i, plan.horizonYears);
  const base = plan.basePrice[i];
  if (c.kind === 'linear') {
    for (let s = 0; s < row.length; s++) row[s] = multiplier * (spots[s] * c.carryGrowth - base);
    return;
  }
  const isCall = plan.payoff[i] === PayoffCode.call;
  const strike = plan.strike[i];
  for (let s = 0; s < row.length; s++) {
    const forward = spots[s] * c.carryGrowth;
    row[s] = multiplier * (Math.max(isCall ? forward - strike : strike - forward, 0) - base);
  }
}

function optionTerms(plan: RiskPlan, i: number, c: InstrumentConstants): OptionTerms {
  const { carryGrowth, discount, discountedStrike, sqrtTime } = c;
  return { multiplier: plan.multiplier[i], base: plan.basePrice[i], isCall: plan.payoff[i] === PayoffCode.call, impliedVol: plan.impliedVol[i], carryGrowth, discount, discountedStrike, sqrtTime };
}

/** Black-76 on the shocked forward, as bsmPrice computes it with q = r (the same operations in the same order). */
export function revalueOption(terms: OptionTerms, spots: Float64Array, multipliers: Float64Array, row: Float64Array, kernel: OptionRevaluation | null): void {
  if (kernel) {
    kernel.revalueOption(spots, multipliers, row, terms);
    return;
  }
  const { multiplier, base, isCall, impliedVol, carryGrowth, discount, discountedStrike, sqrtTime } = terms;
  for (let s = 0; s < row.length; s++) {
    const discountedSpot = spots[s] * carryGrowth * discount;
    const stdDev = impliedVol * multipliers[s] * sqrtTime;
    if (stdDev <= 0 || discountedSpot <= 0) {
      row[s] = multiplier * (Math.max(isCall ? discountedSpot - discountedStrike : discountedStrike - discountedSpot, 0) - base);
      continue;
    }
    const d1 = Math.log(discountedSpot / discountedStrike) / stdDev + 0.5 * stdDev;
    const d2 = d1 - stdDev;
    const price = isCall
      ? discountedSpot * normalCdf(d1) - discountedStrike * normalCdf(d2)
      : discountedStrike * normalCdf(-d2) - discountedSpot * normalCdf(-d1);
    row[s] = multiplier * (price - base);
  }
}

/** The rare instruments outside the fast paths, valued by valueInstrument itself. */
function revalueGeneral(plan: RiskPlan, i: number, moves: Float64Array, f: number, spots: Float64Array, row: Float64Array): void {
  const k = plan.underlyingIndex[i];
  const weight = plan.volTermWeight[i];
  for (let s = 0; s < row.length; s++) {
    const volMultiplier = weight === 0 ? 1 : Math.exp(moves[s * f + 2 * k + 1] * weight);
    row[s] = plan.multiplier[i] * (valueInstrument(plan, i, spots[s], volMultiplier, plan.horizonYears) - plan.basePrice[i]);
  }
}
