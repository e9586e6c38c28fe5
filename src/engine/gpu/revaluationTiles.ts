import { writeToArrayBuffer } from 'typegpu';
import { PayoffCode } from '../reference/payoff.js';
import type { RiskPlan } from '../plan.js';
import { settlementScale } from '../reference/settlement.js';
import { SLOTS_PER_TILE, Tile, TILE_BYTES, TILE_STRIDE_BYTES, type TileHeader, type TileSlot } from './layouts.js';

/** Instruments revalued together: one underlying and expiry (the header), up to SLOTS_PER_TILE strikes. */
export interface RevaluationTile {
  header: TileHeader;
  slots: TileSlot[];
}

/**
 * Groups the plan's instruments into revaluation tiles, the GPU's unit of work (revalue.wgsl):
 * options whose header fields are all equal (same underlying, carry, time left, vol term weight
 * and discount, i.e. one expiry) share a tile, so the kernel computes the shocked log forward,
 * the vol multiplier and its inverse once per tile and scenario, and per option only d1, d2 and
 * two normal CDFs; linear instruments (spot, futures, perpetuals) share one tile per underlying
 * (in tiles of SLOTS_PER_TILE), each with its own carry. Every value is derived in f64 and normalised by the base
 * forward F0 = S·e^{(r−q)c}, so that f32 carries ratios near 1 rather than prices near 1e5.
 * Inverse instruments need nothing of their own in the kernel: an inverse option's USD P&L is
 * its linear twin's and an inverse future's a constant multiple of it (reference/settlement.ts).
 */
export function revaluationTiles(plan: RiskPlan): RevaluationTile[] {
  const h = plan.horizonYears;
  // Per group, its last tile: the only one that can still take a slot.
  const openTiles = new Map<string, RevaluationTile>();
  const tiles: RevaluationTile[] = [];
  for (let i = 0; i < plan.instrumentIds.length; i++) {
    const u = plan.underlyingIndex[i];
    const drift = plan.forwardDrift[i];
    const carryYears = plan.carryYears[i];
    const baseForward = plan.spot[u] * Math.exp(drift * carryYears);
    const timeLeft = plan.expiryYears[i] - h;
    const carryShift = drift * (Math.max(carryYears - h, 0) - carryYears);
    const linear = plan.payoff[i] === PayoffCode.linear;
    const header: TileHeader = {
      underlying: u,
      slot_count: 0,
      carry_shift: linear ? 0 : carryShift,
      time_left: linear ? 0 : timeLeft,
      vol_weight: linear ? 0 : plan.volTermWeight[i],
      discount: linear ? 1 : Math.exp(-plan.discountRate[i] * Math.max(timeLeft, 0)),
    };
    const totalVol = plan.impliedVol[i] * Math.sqrt(Math.max(timeLeft, 0));
    const slot: TileSlot = {
      payoff: plan.payoff[i],
      row: i,
      // An inverse future's P&L is its linear twin's times S'/F' (reference/settlement.ts): a
      // constant, folded in here in f64 as the CPU folds it into its multiplier.
      pnl_scale: plan.multiplier[i] * settlementScale(plan, i, h) * baseForward,
      carry_growth: Math.expm1(carryShift),
      strike_ratio: plan.strike[i] / baseForward,
      log_strike_ratio: plan.strike[i] > 0 ? Math.log(plan.strike[i] / baseForward) : 0,
      total_vol: totalVol,
      inverse_total_vol: totalVol > 0 ? 1 / totalVol : 0,
      base_ratio: plan.basePrice[i] / baseForward,
    };
    const key = linear ? `${u}|linear` : [u, carryShift, timeLeft, header.vol_weight, header.discount].join('|');
    let tile = openTiles.get(key);
    if (!tile || tile.slots.length === SLOTS_PER_TILE) {
      tile = { header, slots: [] };
      openTiles.set(key, tile);
      tiles.push(tile);
    }
    tile.slots.push(slot);
    tile.header.slot_count = tile.slots.length;
  }
  return tiles;
}

const EMPTY_SLOT: TileSlot = {
  payoff: 0,
  row: 0,
  pnl_scale: 0,
  carry_growth: 0,
  strike_ratio: 0,
  log_strike_ratio: 0,
  total_vol: 0,
  inverse_total_vol: 0,
  base_ratio: 0,
};

/**
 * Packs tiles TILE_STRIDE_BYTES apart, each bindable as one `Tile` uniform, by the `Tile`
 * schema itself (typegpu's writeToArrayBuffer); unused slots and padding are zero.
 */
export function packTiles(tiles: readonly RevaluationTile[]): ArrayBuffer {
  const out = new Uint8Array(Math.max(1, tiles.length) * TILE_STRIDE_BYTES);
  const one = new ArrayBuffer(TILE_BYTES);
  tiles.forEach((tile, t) => {
    const slots = Array.from({ length: SLOTS_PER_TILE }, (_, j) => tile.slots[j] ?? EMPTY_SLOT);
    new Uint8Array(one).fill(0);
    writeToArrayBuffer(one, Tile, { header: tile.header, slots });
    out.set(new Uint8Array(one), t * TILE_STRIDE_BYTES);
  });
  return out.buffer;
}
