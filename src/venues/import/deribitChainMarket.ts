import { InputError } from '../../model/errors.js';
import { parseInstrumentId } from '../../model/instrumentId.js';
import type { InstrumentSpec, MarketInput, RatePoint, VolPoint } from '../../model/schemas.js';
import { DAYS_PER_YEAR, yearFraction } from '../../model/time.js';
import type { ChainOption } from './deribitChainSnapshot.js';

/** Deribit's inverse futures and perpetuals: US$10 a contract on BTC, US$1 on ETH. */
export const DERIBIT_FUTURE_FACE_USD: Readonly<Record<string, number>> = { BTC: 10, ETH: 1 };

export interface ChainMarketOptions {
  /** USD face of one inverse future or perpetual, per coin (default DERIBIT_FUTURE_FACE_USD). */
  faceValueUsd?: Readonly<Record<string, number>>;
}

/** One expiry of a coin's chain, as the converter reads it. */
export interface ChainExpiry {
  expiry: string;
  /** The listed future of this expiry, or undefined where the options are on a synthetic one (`SYN.`). */
  future?: string;
  /** Median futures price over the expiry's rows (USD). */
  futuresPrice: number;
  years: number;
  /** ln(F/S)/T: the basis read as a USD rate (the coin earning nothing). */
  rate: number;
  atmVol: number;
  options: number;
}

export interface ChainMarket {
  market: MarketInput;
  valuationTime: string;
  coins: { coin: string; index: number; expiries: ChainExpiry[] }[];
  /** Rows left out, and why (options already expired at the snapshot's time). */
  warnings: string[];
}

/**
 * A Deribit chain snapshot as our market.json: valued at the snapshot's time, each coin's
 * index (the median of the rows' index prices: the rows were read over a few seconds), one
 * rate point per expiry from the median futures price (F = S·e^{r(T)·T}, carry 0: then an
 * inverse option's coin value e^{−rT}·Black(F)/S is Black(F)/F, Deribit's mark, and each dated
 * future is priced at its quote), every listed future and the perpetual as inverse contracts
 * of Deribit's USD face, and every option inverse with its own mark IV, on its listed future
 * where there is one. The ATM vols per expiry (the strike nearest the future) make volPoints,
 * for options a book may hold that the snapshot lacks.
 */
export function deribitChainMarket(rows: readonly ChainOption[], source: string, options: ChainMarketOptions = {}): ChainMarket {
  if (rows.length === 0) throw new InputError(source, '(rows)', 0, 'the snapshot holds no options');
  const valuationTime = rows.reduce((latest, row) => (row.timestamp > latest ? row.timestamp : latest), rows[0].timestamp);
  const live = rows.filter((row) => yearFraction(valuationTime, row.expiry) > 0);
  const warnings = rows.length > live.length ? [`${source}: ${rows.length - live.length} options expired at ${valuationTime} are left out`] : [];
  const faces = options.faceValueUsd ?? DERIBIT_FUTURE_FACE_USD;
  const market: MarketInput = { valuationTime, rate: 0, underlyings: {}, instruments: [] };
  const coins: ChainMarket['coins'] = [];
  for (const [coin, coinRows] of groupBy(live, (row) => row.coin)) {
    const face = faces[coin];
    if (!(face > 0)) throw new InputError(source, `line ${coinRows[0].line}.currency`, coin, `no USD face value for ${coin} futures: give one (Deribit: ${JSON.stringify(DERIBIT_FUTURE_FACE_USD)})`);
    const index = median(coinRows.map((row) => row.indexPrice));
    const expiries = [...groupBy(coinRows, (row) => row.futuresInstrument)].map(([name, group]) => readExpiry(name, group, coin, index, valuationTime, source));
    expiries.sort((a, b) => a.years - b.years);
    market.underlyings[coin] = {
      spot: index,
      carry: 0,
      ratePoints: expiries.map((e): RatePoint => ({ tenorDays: e.years * DAYS_PER_YEAR, rate: e.rate })),
      volPoints: expiries.map((e): VolPoint => ({ tenorDays: e.years * DAYS_PER_YEAR, vol: e.atmVol })),
    };
    market.instruments.push({ id: `${coin}-PERPETUAL`, settlement: 'inverse', multiplier: face });
    for (const e of expiries) if (e.future) market.instruments.push({ id: e.future, settlement: 'inverse', multiplier: face });
    const futureOf = new Map(expiries.map((e) => [e.expiry, e.future]));
    for (const row of coinRows) market.instruments.push(optionSpec(row, futureOf.get(row.expiry)));
    coins.push({ coin, index, expiries });
  }
  return { market, valuationTime, coins, warnings };
}

function readExpiry(name: string, rows: ChainOption[], coin: string, index: number, valuationTime: string, source: string): ChainExpiry {
  const expiry = rows[0].expiry;
  const other = rows.find((row) => row.expiry !== expiry);
  if (other) throw new InputError(source, `line ${other.line}.futures_instrument_name`, name, `its options expire at ${expiry} and ${other.expiry}: one future has one expiry`);
  const synthetic = name.startsWith('SYN.');
  const parsed = synthetic ? undefined : parseInstrumentId(name);
  if (!synthetic && (parsed?.kind !== 'future' || parsed.underlying !== coin || parsed.expiry !== expiry)) {
    throw new InputError(source, `line ${rows[0].line}.futures_instrument_name`, name, `not the ${coin} future expiring ${expiry} its options name`);
  }
  const futuresPrice = median(rows.map((row) => row.futuresPrice));
  const years = yearFraction(valuationTime, expiry);
  return { expiry, future: synthetic ? undefined : name, futuresPrice, years, rate: Math.log(futuresPrice / index) / years, atmVol: atmVol(rows, futuresPrice), options: rows.length };
}

/** The mark IV at the strike nearest the future (the mean of the call's and the put's where both are listed). */
function atmVol(rows: readonly ChainOption[], forward: number): number {
  const distance = (row: ChainOption) => Math.abs(Math.log(row.strike / forward));
  const nearest = rows.reduce((best, row) => (distance(row) < distance(best) ? row : best), rows[0]);
  const atStrike = rows.filter((row) => row.strike === nearest.strike);
  return atStrike.reduce((sum, row) => sum + row.impliedVol, 0) / atStrike.length;
}

function optionSpec(row: ChainOption, future: string | undefined): InstrumentSpec {
  const spec: InstrumentSpec = { id: row.instrument, settlement: 'inverse', multiplier: 1, impliedVol: row.impliedVol };
  if (future) spec.underlyingFuture = future;
  return spec;
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}
