/**
 * A realistic, deterministic crypto venue: the inputs the CLI runs when none are given, the
 * fixture the tests share and the data the browser lab opens with.
 *
 * Valued 2026-11-24T08:00:00Z. Underlyings BTC, ETH, SOL (traded) and USDC (collateral only).
 * Listed: spot pairs, perpetuals, four dated futures per coin and European options on
 * daily (BTC), weekly, monthly and quarterly expiries with 7–11 round strikes around the
 * forward, each with an explicit smile vol ATM(T) + skew·ln(K/F) + curvature·ln(K/F)²
 * (negative skew: crypto puts are bid). The 25JUN27 BTC and ETH options settle on the
 * same-expiry future (`underlyingFuture`), the Deribit convention.
 *
 * The book's accounts are grouped by archetype in id order (see ARCHETYPES below for the
 * counts, in order): delta-hedged straddles, covered calls, protective puts, calendar spreads,
 * basis trades, directional perps/futures, naked short puts, short strangles, risk reversals,
 * option market makers, multi-asset portfolios, whales, near-empty accounts. Account ids stay
 * plain (`acct-0001`, ...).
 *
 * Every call returns a fresh object (callers may mutate it) built from a fixed seed.
 */
import type { BookInput, MarketInput, RiskParamsInput } from '../model/schemas.js';
import { futureId, optionId } from '../model/instrumentId.js';
import { interpolateAtmVol } from '../model/volTermStructure.js';
import { createPrng, type Prng } from '../random/prng.js';
import { black76, cleanDecimal, expiryOn, roundToLot, smileVol, yearsBetween } from './venueMath.js';

export const SAMPLE_VALUATION_TIME = '2026-11-24T08:00:00.000Z';
const RATE = 0.04;
const BOOK_SEED = 20_261_124;

type Coin = 'BTC' | 'ETH' | 'SOL';
const COINS: readonly Coin[] = ['BTC', 'ETH', 'SOL'];

interface CoinSetup {
  spot: number;
  carry: number;
  volPoints: { tenorDays: number; vol: number }[];
  skew: number;
  curvature: number;
  /** Allowed strike spacings, smallest first (round numbers). */
  strikeSteps: number[];
  optionExpiries: string[];
  /** Option expiries whose options settle on the same-expiry dated future. */
  onFutureExpiries: string[];
  /** Trading lots: linear instruments and options. */
  linearLot: number;
  optionLot: number;
  /** Typical position size in coins (log-uniform between the two). */
  size: [number, number];
  risk: { vol: number; volOfVol: number };
}

const D = (year: number, month: number, day: number) => expiryOn(year, month - 1, day);
const DAILY = D(2026, 11, 25);
const WEEKLY_1 = D(2026, 11, 27);
const WEEKLY_2 = D(2026, 12, 4);
const DEC26 = D(2026, 12, 25);
const JAN27 = D(2027, 1, 29);
const MAR27 = D(2027, 3, 26);
const JUN27 = D(2027, 6, 25);
const FUTURE_EXPIRIES = [DEC26, JAN27, MAR27, JUN27];

const SETUP: Record<Coin, CoinSetup> = {
  BTC: {
    spot: 95_250,
    carry: -0.02, // funding-like yield: futures in contango at ~6%/yr over spot
    volPoints: [
      { tenorDays: 1, vol: 0.6 },
      { tenorDays: 7, vol: 0.575 },
      { tenorDays: 30, vol: 0.55 },
      { tenorDays: 90, vol: 0.535 },
      { tenorDays: 180, vol: 0.525 },
      { tenorDays: 365, vol: 0.52 },
    ],
    skew: -0.12,
    curvature: 0.3,
    strikeSteps: [1000, 2000, 5000, 10_000],
    optionExpiries: [DAILY, WEEKLY_1, WEEKLY_2, DEC26, JAN27, MAR27, JUN27],
    onFutureExpiries: [JUN27],
    linearLot: 0.001,
    optionLot: 0.1,
    size: [0.2, 25],
    risk: { vol: 0.54, volOfVol: 0.9 },
  },
  ETH: {
    spot: 3412,
    carry: -0.025,
    volPoints: [
      { tenorDays: 7, vol: 0.75 },
      { tenorDays: 30, vol: 0.71 },
      { tenorDays: 90, vol: 0.685 },
      { tenorDays: 180, vol: 0.67 },
      { tenorDays: 365, vol: 0.66 },
    ],
    skew: -0.14,
    curvature: 0.32,
    strikeSteps: [100, 200, 500],
    optionExpiries: [WEEKLY_1, WEEKLY_2, DEC26, JAN27, MAR27, JUN27],
    onFutureExpiries: [JUN27],
    linearLot: 0.01,
    optionLot: 1,
    size: [2, 300],
    risk: { vol: 0.7, volOfVol: 1.0 },
  },
  SOL: {
    spot: 189.6,
    carry: -0.03,
    volPoints: [
      { tenorDays: 7, vol: 1.0 },
      { tenorDays: 30, vol: 0.94 },
      { tenorDays: 90, vol: 0.9 },
      { tenorDays: 180, vol: 0.87 },
      { tenorDays: 365, vol: 0.85 },
    ],
    skew: -0.16,
    curvature: 0.35,
    strikeSteps: [5, 10, 20],
    optionExpiries: [WEEKLY_1, DEC26, JAN27, MAR27, JUN27],
    onFutureExpiries: [],
    linearLot: 0.1,
    optionLot: 10,
    size: [20, 3000],
    risk: { vol: 0.92, volOfVol: 1.1 },
  },
};

const USDC = { spot: 1, carry: 0.04, volPoints: [{ tenorDays: 30, vol: 0.02 }], risk: { vol: 0.02, volOfVol: 0.25 } };

/** Factor order of the sample correlation. */
export const SAMPLE_FACTORS = ['BTC.spot', 'BTC.vol', 'ETH.spot', 'ETH.vol', 'SOL.spot', 'SOL.vol', 'USDC.spot', 'USDC.vol'];

/**
 * Crypto spots move together (0.72–0.82), spot and vol move against each other (−0.27 to
 * −0.40: crashes lift implied vol), implied vols move together (0.62–0.75), the stablecoin is
 * almost independent. Positive definite (the tests factor it).
 */
const SAMPLE_CORRELATION: number[][] = [
  // BTC.s  BTC.v  ETH.s  ETH.v  SOL.s  SOL.v  USDC.s USDC.v
  [1.0, -0.35, 0.82, -0.3, 0.74, -0.28, 0.02, 0.0],
  [-0.35, 1.0, -0.3, 0.75, -0.27, 0.65, 0.0, 0.05],
  [0.82, -0.3, 1.0, -0.38, 0.78, -0.3, 0.02, 0.0],
  [-0.3, 0.75, -0.38, 1.0, -0.3, 0.7, 0.0, 0.05],
  [0.74, -0.27, 0.78, -0.3, 1.0, -0.4, 0.01, 0.0],
  [-0.28, 0.65, -0.3, 0.7, -0.4, 1.0, 0.0, 0.05],
  [0.02, 0.0, 0.02, 0.0, 0.01, 0.0, 1.0, -0.1],
  [0.0, 0.05, 0.0, 0.05, 0.0, 0.05, -0.1, 1.0],
];

// ---------------------------------------------------------------------------------------------
// Market

interface Chain {
  coin: Coin;
  expiry: string;
  years: number;
  forward: number;
  atmVol: number;
  strikes: number[];
  future?: string;
}

interface Venue {
  market: MarketInput;
  chains: Record<Coin, Chain[]>;
  /** Per listed option: what sizing and hedging need. */
  options: Map<string, { coin: Coin; forward: number; strike: number; years: number; vol: number; call: boolean }>;
}

function forwardOf(coin: Coin, years: number): number {
  return SETUP[coin].spot * Math.exp((RATE - SETUP[coin].carry) * years);
}

function strikeCount(days: number): number {
  if (days <= 3) return 7;
  if (days <= 12) return 9;
  return 11;
}

/** The allowed spacing closest (in log terms) to ~0.3 standard deviations of the forward. */
function strikeStep(coin: Coin, forward: number, atmVol: number, years: number): number {
  const target = 0.3 * forward * atmVol * Math.sqrt(years);
  let best = SETUP[coin].strikeSteps[0];
  for (const step of SETUP[coin].strikeSteps) {
    if (Math.abs(Math.log(step / target)) < Math.abs(Math.log(best / target))) best = step;
  }
  return best;
}

function buildVenue(): Venue {
  const instruments: MarketInput['instruments'] = [];
  const chains = { BTC: [], ETH: [], SOL: [] } as Record<Coin, Chain[]>;
  const options: Venue['options'] = new Map();

  for (const coin of COINS) {
    instruments.push({ id: `${coin}_USDC`, multiplier: 1 });
    instruments.push({ id: `${coin}-PERPETUAL`, multiplier: 1 });
    for (const expiry of FUTURE_EXPIRIES) instruments.push({ id: futureId(coin, expiry), multiplier: 1 });
  }
  for (const coin of COINS) {
    const setup = SETUP[coin];
    for (const expiry of setup.optionExpiries) {
      const years = yearsBetween(SAMPLE_VALUATION_TIME, expiry);
      const forward = forwardOf(coin, years);
      const atmVol = interpolateAtmVol(setup.volPoints, years);
      const step = strikeStep(coin, forward, atmVol, years);
      const count = strikeCount(years * 365.25);
      const center = Math.round(forward / step) * step;
      const strikes: number[] = [];
      for (let k = 0; k < count; k++) {
        const strike = center + (k - (count - 1) / 2) * step;
        if (strike > 0) strikes.push(strike);
      }
      const future = setup.onFutureExpiries.includes(expiry) ? futureId(coin, expiry) : undefined;
      chains[coin].push({ coin, expiry, years, forward, atmVol, strikes, future });
      for (const strike of strikes) {
        const vol = round4(smileVol(atmVol, setup.skew, setup.curvature, strike, forward));
        for (const type of ['call', 'put'] as const) {
          const id = optionId(coin, expiry, strike, type);
          instruments.push({ id, multiplier: 1, impliedVol: vol, ...(future ? { underlyingFuture: future } : {}) });
          options.set(id, { coin, forward, strike, years, vol, call: type === 'call' });
        }
      }
    }
  }
  const underlyings: MarketInput['underlyings'] = {};
  for (const coin of COINS) {
    const { spot, carry, volPoints } = SETUP[coin];
    underlyings[coin] = { spot, carry, volPoints: volPoints.map((p) => ({ ...p })) };
  }
  underlyings.USDC = { spot: USDC.spot, carry: USDC.carry, volPoints: USDC.volPoints.map((p) => ({ ...p })) };
  return { market: { valuationTime: SAMPLE_VALUATION_TIME, rate: RATE, underlyings, instruments }, chains, options };
}

function round4(x: number): number {
  return Math.round(x * 1e4) / 1e4;
}

export function sampleMarket(): MarketInput {
  return buildVenue().market;
}

export function sampleParams(): RiskParamsInput {
  const underlyings: RiskParamsInput['underlyings'] = {};
  for (const coin of COINS) underlyings[coin] = { ...SETUP[coin].risk };
  underlyings.USDC = { ...USDC.risk };
  return {
    horizonDays: 2,
    confidence: 0.99,
    scenarios: 10_000,
    seed: 42,
    distribution: { type: 'normal' },
    underlyings,
    correlation: { factors: [...SAMPLE_FACTORS], matrix: SAMPLE_CORRELATION.map((row) => [...row]) },
  };
}

// ---------------------------------------------------------------------------------------------
// Book

type Position = { instrument: string; quantity: number };

/** One account under construction: its positions and a rough collateral need in USD. */
class Draft {
  readonly positions: Position[] = [];
  constructor(
    readonly venue: Venue,
    readonly rng: Prng,
    /** Size multiplier (whales ≫ 1, near-empty ≪ 1). */
    readonly scale = 1,
  ) {}

  add(instrument: string, quantity: number): void {
    if (quantity === 0) return;
    const existing = this.positions.find((p) => p.instrument === instrument);
    if (existing) existing.quantity = cleanDecimal(existing.quantity + quantity);
    else this.positions.push({ instrument, quantity });
  }

  /** A position size in coins for `coin`, rounded to its lot. */
  size(coin: Coin, lot: 'linear' | 'option' = 'option'): number {
    const [lo, hi] = SETUP[coin].size;
    const coins = Math.exp(this.rng.range(Math.log(lo), Math.log(hi))) * this.scale;
    return Math.abs(roundToLot(coins, lot === 'linear' ? SETUP[coin].linearLot : SETUP[coin].optionLot));
  }

  coin(): Coin {
    const u = this.rng.uniform();
    return u < 0.5 ? 'BTC' : u < 0.82 ? 'ETH' : 'SOL';
  }

  /** A chain, optionally restricted to expiries within [minDays, maxDays]. */
  chain(coin: Coin, minDays = 0, maxDays = Infinity): Chain {
    const candidates = this.venue.chains[coin].filter((c) => c.years * 365.25 >= minDays && c.years * 365.25 <= maxDays);
    return this.rng.pick(candidates.length > 0 ? candidates : this.venue.chains[coin]);
  }

  /** The listed strike closest to forward × moneyness. */
  strike(chain: Chain, moneyness: number): number {
    const target = chain.forward * moneyness;
    return chain.strikes.reduce((best, k) => (Math.abs(k - target) < Math.abs(best - target) ? k : best));
  }

  option(chain: Chain, moneyness: number, type: 'call' | 'put'): string {
    return optionId(chain.coin, chain.expiry, this.strike(chain, moneyness), type);
  }

  /** Net coin delta of the options (and linear instruments) on `coin` held so far. */
  delta(coin: Coin): number {
    let delta = 0;
    for (const p of this.positions) {
      const info = this.venue.options.get(p.instrument);
      if (info) {
        if (info.coin === coin) delta += p.quantity * black76(info.forward, info.strike, info.years, info.vol, info.call).delta;
      } else if (p.instrument.startsWith(`${coin}_`) || p.instrument.startsWith(`${coin}-`)) {
        delta += p.quantity;
      }
    }
    return delta;
  }

  /** Flattens the delta on `coin` with its perpetual (or a future). */
  hedge(coin: Coin, instrument = `${coin}-PERPETUAL`): void {
    const delta = this.delta(coin);
    const hedge = roundToLot(-delta, SETUP[coin].linearLot);
    if (Math.abs(hedge) >= SETUP[coin].linearLot) this.add(instrument, hedge);
  }
}

function futureOf(draft: Draft, coin: Coin): string {
  return futureId(coin, draft.rng.pick(FUTURE_EXPIRIES));
}

type Builder = (draft: Draft) => void;

const straddle: Builder = (d) => {
  const coin = d.coin();
  const chain = d.chain(coin, 5);
  const sign = d.rng.chance(0.55) ? -1 : 1; // vol sellers slightly outnumber buyers
  const q = sign * d.size(coin);
  d.add(d.option(chain, 1, 'call'), q);
  d.add(d.option(chain, 1, 'put'), q);
  d.hedge(coin);
};

const coveredCall: Builder = (d) => {
  const coin = d.coin();
  const q = d.size(coin);
  d.add(`${coin}_USDC`, q);
  d.add(d.option(d.chain(coin, 2, 70), d.rng.range(1.05, 1.2), 'call'), -q);
};

const protectivePut: Builder = (d) => {
  const coin = d.coin();
  const q = d.size(coin);
  d.add(d.rng.chance(0.7) ? `${coin}_USDC` : `${coin}-PERPETUAL`, q);
  d.add(d.option(d.chain(coin, 20), d.rng.range(0.8, 0.95), 'put'), q);
};

const calendar: Builder = (d) => {
  const coin = d.coin();
  const chains = d.venue.chains[coin];
  const nearIndex = d.rng.int(0, chains.length - 2);
  const near = chains[nearIndex];
  const far = chains[d.rng.int(nearIndex + 1, chains.length - 1)];
  const type = d.rng.chance(0.5) ? 'call' : 'put';
  const q = d.size(coin);
  const strike = d.strike(near, 1);
  d.add(optionId(coin, near.expiry, strike, type), -q);
  d.add(d.option(far, strike / far.forward, type), q);
  if (d.rng.chance(0.5)) d.hedge(coin);
};

const basis: Builder = (d) => {
  const coin = d.coin();
  const q = d.size(coin, 'linear');
  d.add(`${coin}_USDC`, q);
  d.add(d.rng.chance(0.8) ? futureOf(d, coin) : `${coin}-PERPETUAL`, -q);
};

const directional: Builder = (d) => {
  const legs = d.rng.int(1, 2);
  for (let leg = 0; leg < legs; leg++) {
    const coin = d.coin();
    const sign = d.rng.chance(0.6) ? 1 : -1;
    d.add(d.rng.chance(0.7) ? `${coin}-PERPETUAL` : futureOf(d, coin), sign * d.size(coin, 'linear'));
  }
};

const nakedPut: Builder = (d) => {
  const coin = d.coin();
  const legs = d.rng.int(1, 3);
  for (let leg = 0; leg < legs; leg++) {
    d.add(d.option(d.chain(coin, 2, 130), d.rng.range(0.75, 0.97), 'put'), -d.size(coin));
  }
};

const strangle: Builder = (d) => {
  const coin = d.coin();
  const chain = d.chain(coin, 2, 130);
  const q = d.size(coin);
  d.add(d.option(chain, d.rng.range(0.8, 0.93), 'put'), -q);
  d.add(d.option(chain, d.rng.range(1.07, 1.25), 'call'), -q);
};

const riskReversal: Builder = (d) => {
  const coin = d.coin();
  const chain = d.chain(coin, 20);
  const q = d.size(coin);
  const bullish = d.rng.chance(0.6);
  d.add(d.option(chain, d.rng.range(1.08, 1.25), 'call'), bullish ? q : -q);
  d.add(d.option(chain, d.rng.range(0.78, 0.92), 'put'), bullish ? -q : q);
  if (d.rng.chance(0.3)) d.hedge(coin);
};

const marketMaker: Builder = (d) => {
  const coin = d.coin();
  const quotes = d.rng.int(8, 16);
  for (let k = 0; k < quotes; k++) {
    const chain = d.chain(coin);
    const type = d.rng.chance(0.5) ? 'call' : 'put';
    const sign = d.rng.chance(0.5) ? 1 : -1;
    d.add(optionId(coin, chain.expiry, d.rng.pick(chain.strikes), type), sign * roundToLot(d.size(coin) * 0.4, SETUP[coin].optionLot));
  }
  d.hedge(coin);
};

const multiAsset: Builder = (d) => {
  const legs = d.rng.int(6, 14);
  for (let k = 0; k < legs; k++) {
    const coin = COINS[k % 3];
    const u = d.rng.uniform();
    const sign = d.rng.chance(0.6) ? 1 : -1;
    if (u < 0.2) d.add(`${coin}_USDC`, Math.abs(d.size(coin, 'linear')));
    else if (u < 0.4) d.add(`${coin}-PERPETUAL`, sign * d.size(coin, 'linear') * 0.5);
    else if (u < 0.5) d.add(futureOf(d, coin), sign * d.size(coin, 'linear') * 0.5);
    else {
      const chain = d.chain(coin);
      const type = d.rng.chance(0.5) ? 'call' : 'put';
      d.add(optionId(coin, chain.expiry, d.rng.pick(chain.strikes), type), sign * roundToLot(d.size(coin) * 0.5, SETUP[coin].optionLot));
    }
  }
};

const whale: Builder = (d) => {
  const flavor = d.rng.pick([straddle, basis, directional, strangle, multiAsset]);
  flavor(d);
};

const nearEmpty: Builder = (d) => {
  const coin = d.coin();
  const pick = d.rng.int(0, 2);
  if (pick === 0) d.add(`${coin}-PERPETUAL`, cleanDecimal(SETUP[coin].linearLot * d.rng.int(1, 5)));
  else if (pick === 1) d.add(`${coin}_USDC`, cleanDecimal(SETUP[coin].linearLot * d.rng.int(1, 20)));
  else d.add(d.option(d.chain(coin, 5), 1.1, 'call'), SETUP[coin].optionLot);
};

/** In id order: name, number of accounts, builder, size scale, collateral coverage (median). */
const ARCHETYPES: [name: string, count: number, build: Builder, scale: number, coverage: number][] = [
  ['delta-hedged straddle', 28, straddle, 1, 2.2], // acct-0001..0028
  ['covered call', 26, coveredCall, 1, 2], // 0029..0054
  ['protective put', 20, protectivePut, 1, 2], // 0055..0074
  ['calendar spread', 20, calendar, 1, 2], // 0075..0094
  ['basis trade', 20, basis, 1, 2.5], // 0095..0114
  ['directional perp/future', 34, directional, 1, 1.8], // 0115..0148
  ['naked short put', 18, nakedPut, 1, 1.3], // 0149..0166
  ['short strangle', 14, strangle, 1, 1.3], // 0167..0180
  ['risk reversal', 16, riskReversal, 1, 1.8], // 0181..0196
  ['option market maker', 14, marketMaker, 1, 2.5], // 0197..0210
  ['multi-asset portfolio', 32, multiAsset, 1, 2], // 0211..0242
  ['whale', 6, whale, 25, 1.6], // 0243..0248
  ['near-empty', 6, nearEmpty, 1, 0], // 0249..0254
];

/** Rough USD collateral an account of these positions needs: net delta, short options, gross linear. */
function collateralNeed(venue: Venue, positions: readonly Position[]): number {
  const netDelta = new Map<Coin, number>();
  let need = 0;
  for (const p of positions) {
    const info = venue.options.get(p.instrument);
    if (info) {
      const { price, delta } = black76(info.forward, info.strike, info.years, info.vol, info.call);
      netDelta.set(info.coin, (netDelta.get(info.coin) ?? 0) + p.quantity * delta);
      if (p.quantity < 0) need += -p.quantity * (price + 0.08 * SETUP[info.coin].spot);
      continue;
    }
    const coin = p.instrument.slice(0, 3) as Coin;
    netDelta.set(coin, (netDelta.get(coin) ?? 0) + p.quantity);
    if (!p.instrument.includes('_')) need += Math.abs(p.quantity) * SETUP[coin].spot * 0.01;
  }
  for (const [coin, delta] of netDelta) need += Math.abs(delta) * SETUP[coin].spot * 0.12;
  return need;
}

function balancesFor(draft: Draft, coverage: number): Record<string, number> {
  const { rng } = draft;
  if (coverage === 0) return rng.chance(0.5) ? { USDC: Math.round(rng.range(0, 50) * 100) / 100 } : {};
  const usd = collateralNeed(draft.venue, draft.positions) * coverage * Math.exp(0.35 * rng.normal());
  const balances: Record<string, number> = {};
  let cash = Math.max(100, usd);
  const u = rng.uniform();
  if (u < 0.25) {
    const share = rng.range(0.3, 0.7) * cash;
    balances.BTC = Math.round((share / SETUP.BTC.spot) * 1e4) / 1e4;
    cash -= share;
  } else if (u < 0.4) {
    const share = rng.range(0.3, 0.7) * cash;
    balances.ETH = Math.round((share / SETUP.ETH.spot) * 1e3) / 1e3;
    cash -= share;
  }
  balances.USDC = Math.round(cash);
  return balances;
}

export function sampleBook(): BookInput {
  const venue = buildVenue();
  const rng = createPrng(BOOK_SEED);
  const accounts: BookInput['accounts'] = [];
  for (const [, count, build, scale, coverage] of ARCHETYPES) {
    for (let k = 0; k < count; k++) {
      const draft = new Draft(venue, rng, scale);
      build(draft);
      const positions = draft.positions.filter((p) => p.quantity !== 0);
      const id = `acct-${String(accounts.length + 1).padStart(4, '0')}`;
      accounts.push({ id, balances: balancesFor(draft, coverage), positions });
    }
  }
  return { accounts };
}

