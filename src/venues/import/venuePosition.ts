import { InputError } from '../../model/errors.js';
import type { InstrumentKind } from '../../model/instrumentId.js';
import type { Settlement } from '../../model/instrument.js';
import type { BookInput, InstrumentSpec, Market } from '../../model/schemas.js';

/**
 * A position as an exchange export describes it, once its venue's importer has read it: our
 * instrument id, how it settles, and its size in the contract's own unit, the unit the venue
 * states it in and our market's `multiplier` measures it in: coins for linear contracts and
 * options, USD of face for inverse futures and perpetuals.
 */
export interface VenuePosition {
  /** Index of the record in the export, and the fields that named its instrument and size (for messages). */
  index: number;
  instrumentField: string;
  sizeField: string;
  /** The record's own name of the instrument (a CCXT symbol, a Deribit instrument name). */
  name: string;
  id: string;
  kind: InstrumentKind;
  settlement: Settlement;
  /** The currency it settles in: its coin when inverse, the quote currency when linear. */
  settle: string;
  /** Signed size in the contract's unit (coins, or USD of face for an inverse future). */
  size: number;
  /** The venue's contract size in the same unit, when the export states it. */
  contractSize?: number;
}

/** What an importer gives: a one-account book and, without a market, the instrument entries it needs. */
export interface ImportResult {
  book: BookInput;
  /** Without --market: the entries a market.json needs for this book (settlement and contract size set). */
  instruments?: InstrumentSpec[];
  warnings: string[];
}

/**
 * Positions to book positions. With a market, each must be listed there (a position on an
 * instrument the market lacks is refused: the run could not value it) with the same settlement
 * (a linear listing of an inverse contract is a unit mismatch: its multiplier would be read in
 * the wrong unit), and its quantity is size / the market's multiplier. Without one, the quantity
 * is in the venue's contracts and the instrument entries carry the venue's contract size.
 */
export function bookPositions(
  positions: readonly VenuePosition[],
  market: Market | undefined,
  source: string,
): { positions: { instrument: string; quantity: number }[]; instruments?: InstrumentSpec[] } {
  const merged = mergeLegs(positions, source);
  if (!market) {
    const instruments = merged.map((p): InstrumentSpec => ({ id: p.id, settlement: p.settlement, multiplier: p.contractSize ?? 1 }));
    return { positions: merged.map((p) => ({ instrument: p.id, quantity: p.size / (p.contractSize ?? 1) })), instruments };
  }
  const listed = new Map(market.instruments.map((spec) => [spec.id, spec]));
  return {
    positions: merged.map((p) => {
      const spec = listed.get(p.id);
      const at = `[${p.index}].${p.instrumentField}`;
      if (!spec) throw new InputError(source, at, p.name, `${p.id} is not in the market: a position on an instrument the market lacks cannot be valued`);
      const listedAs = spec.settlement ?? 'linear';
      if (listedAs !== p.settlement) {
        throw new InputError(source, at, p.name, `mixed units: the market lists ${p.id} ${listedAs}, the venue settles it ${p.settlement} (in ${p.settle}); set its settlement to match`);
      }
      return { instrument: p.id, quantity: p.size / spec.multiplier };
    }),
  };
}

/**
 * One net position per instrument: a hedge-mode export holds a long and a short record of one
 * instrument, which net; two records on the same side are a broken export, refused naming both.
 */
function mergeLegs(positions: readonly VenuePosition[], source: string): VenuePosition[] {
  const byId = new Map<string, VenuePosition>();
  for (const p of positions) {
    const earlier = byId.get(p.id);
    if (!earlier) {
      byId.set(p.id, { ...p });
      continue;
    }
    if (Math.sign(earlier.size) === Math.sign(p.size)) {
      throw new InputError(source, `[${p.index}].${p.instrumentField}`, p.name, `record [${earlier.index}] holds ${p.id} on the same side: merge them`);
    }
    earlier.size += p.size;
  }
  return [...byId.values()].filter((p) => p.size !== 0);
}

/** Balances with a price in the market (when there is one); zero balances left out. */
export function bookBalances(balances: ReadonlyMap<string, { amount: number; field: string }>, market: Market | undefined, source: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [asset, { amount, field }] of balances) {
    if (amount === 0) continue;
    if (market && !(asset in market.underlyings)) {
      throw new InputError(source, field, amount, `no price for ${asset} in the market (market.underlyings.${asset}): the balance could not be valued`);
    }
    out[asset] = amount;
  }
  return out;
}
