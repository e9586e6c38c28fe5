import { InputError } from './errors.js';
import { type InstrumentKind, type OptionType, parseInstrumentId } from './instrumentId.js';
import type { InstrumentSpec, Market } from './schemas.js';
import { yearFraction } from './time.js';
import { interpolateAtmVol } from './volTermStructure.js';

/**
 * How a contract settles: linear in USD, or inverse (coin-settled) in its underlying coin, every
 * USD flow of the linear contract divided by the coin's price when it is paid.
 */
export type Settlement = 'linear' | 'inverse';

/** A listed instrument with every field resolved (from its id, its explicit fields and the market). */
export interface Instrument {
  id: string;
  kind: InstrumentKind;
  underlying: string;
  /** Units of the underlying per contract; inverse futures and perpetuals: the USD face value per contract. */
  multiplier: number;
  settlement: Settlement;
  /** ISO expiry for futures and options. */
  expiry?: string;
  strike?: number;
  optionType?: OptionType;
  /** Options on a dated future: that future's id. */
  underlyingFuture?: string;
  /** Options: implied vol at valuation (explicit, or from the underlying's ATM term structure). */
  impliedVol?: number;
}

/**
 * Resolves every listed instrument. Explicit fields win over what the id encodes; a field the
 * id and the spec both lack, an unknown underlying or an option whose vol cannot be found is an
 * InputError naming `instruments[i].field`. An instrument already expired at valuation is set
 * aside in `expired`: a market snapshot may still list yesterday's expiries, and that is an
 * error only for a book that holds one (planRisk decides).
 */
export function resolveInstruments(market: Market, source: string): { listed: Map<string, Instrument>; expired: Map<string, InputError> } {
  const resolved = new Map<string, Instrument>();
  const expired = new Map<string, InputError>();
  market.instruments.forEach((spec, index) => {
    const path = `instruments[${index}]`;
    if (resolved.has(spec.id) || expired.has(spec.id)) throw new InputError(source, `${path}.id`, spec.id, 'instrument listed twice');
    try {
      resolved.set(spec.id, resolveInstrument(spec, path, market, source));
    } catch (error) {
      if (!(error instanceof ExpiredInstrumentError)) throw error;
      expired.set(spec.id, error);
    }
  });
  for (const [index, spec] of market.instruments.entries()) {
    const instrument = resolved.get(spec.id);
    if (instrument?.underlyingFuture === undefined) continue;
    const future = resolved.get(instrument.underlyingFuture);
    const fieldPath = `instruments[${index}].underlyingFuture`;
    if (expired.has(instrument.underlyingFuture)) {
      // Its future expired, so the option, which expires after it, cannot be valued: set it aside too.
      resolved.delete(spec.id);
      expired.set(spec.id, new ExpiredInstrumentError(source, fieldPath, instrument.underlyingFuture, 'this option\'s future has expired'));
      continue;
    }
    if (!future || future.kind !== 'future' || future.underlying !== instrument.underlying) {
      throw new InputError(source, fieldPath, instrument.underlyingFuture, `not a listed future on ${instrument.underlying}`);
    }
    if (Date.parse(future.expiry!) < Date.parse(instrument.expiry!)) {
      throw new InputError(source, fieldPath, instrument.underlyingFuture, 'the future expires before the option');
    }
  }
  return { listed: resolved, expired };
}

/** An instrument whose expiry is at or before the valuation time. */
export class ExpiredInstrumentError extends InputError {}

function resolveInstrument(spec: InstrumentSpec, path: string, market: Market, source: string): Instrument {
  const parsed = parseInstrumentId(spec.id);
  const kind = spec.kind ?? parsed?.kind;
  const underlying = spec.underlying ?? parsed?.underlying;
  const need = <T>(value: T | undefined, field: string): T => {
    if (value === undefined) {
      throw new InputError(source, `${path}.${field}`, undefined, `required: the id "${spec.id}" does not encode it`);
    }
    return value;
  };
  const instrument: Instrument = {
    id: spec.id,
    kind: need(kind, 'kind'),
    underlying: need(underlying, 'underlying'),
    multiplier: spec.multiplier,
    settlement: spec.settlement ?? 'linear',
  };
  if (!(instrument.underlying in market.underlyings)) {
    throw new InputError(source, `${path}.underlying`, instrument.underlying, 'no such underlying in market.underlyings');
  }
  if (instrument.kind === 'spot' && instrument.settlement === 'inverse') {
    throw new InputError(source, `${path}.settlement`, 'inverse', 'a spot holding is the coin itself: only futures, perpetuals and options settle inverse');
  }
  if (instrument.kind === 'spot' || instrument.kind === 'perpetual') return instrument;

  instrument.expiry = need(spec.expiry ?? parsed?.expiry, 'expiry');
  const expiryYears = yearFraction(market.valuationTime, instrument.expiry);
  if (!(expiryYears > 0)) {
    throw new ExpiredInstrumentError(source, `${path}.expiry`, instrument.expiry, `expired at valuation time ${market.valuationTime}`);
  }
  if (instrument.kind !== 'option') return instrument;

  instrument.strike = need(spec.strike ?? parsed?.strike, 'strike');
  instrument.optionType = need(spec.optionType ?? parsed?.optionType, 'optionType');
  instrument.underlyingFuture = spec.underlyingFuture;
  const volPoints = market.underlyings[instrument.underlying].volPoints;
  if (spec.impliedVol !== undefined) instrument.impliedVol = spec.impliedVol;
  else if (volPoints && volPoints.length > 0) instrument.impliedVol = interpolateAtmVol(volPoints, expiryYears);
  else {
    throw new InputError(source, `${path}.impliedVol`, undefined, `required: ${instrument.underlying} has no volPoints`);
  }
  return instrument;
}
