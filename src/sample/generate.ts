/**
 * Synthetic venues of any size, for benchmarks and scale tests: `instruments` listed
 * instruments exactly (spot, perpetual, dated futures, options — options the majority) over N
 * underlyings, and `accounts` accounts of 2–20 positions each, deterministic for a seed.
 *
 * What it exercises on purpose:
 * - strikes from deep ITM to deep OTM (moneyness 0.3 … 3), assets priced from cents to tens
 *   of thousands (decimal strikes such as `ASSET3-25DEC26-0d0412-C`);
 * - expiries from 1 day (inside the 2-day horizon) and 2 days (exactly at it) to 2 years;
 * - options on dated futures (`underlyingFuture`) and options without an explicit vol
 *   (ATM from the term structure);
 * - quantities from dust (1e-4) to whales (≥ 1e6 units) to stress precision;
 * - a correlation over every factor that is positive definite by construction.
 *
 * Correlation model: two common factors, market spot M and market vol V with corr(M, V) = ρ,
 * plus per underlying an idiosyncratic (spot, vol) pair with correlation ρᵢ:
 *   sᵢ = βᵢ·M + √(1−βᵢ²)·εᵢ,  vᵢ = γᵢ·V + √(1−γᵢ²)·ηᵢ,  corr(εᵢ, ηᵢ) = ρᵢ.
 * Σ = L·C·Lᵀ + D with C = [[1, ρ], [ρ, 1]] ⪰ 0 and D block-diagonal with positive definite
 * 2×2 blocks (|βᵢ|, |γᵢ|, |ρᵢ| < 1), so Σ is positive definite with unit diagonal; its smallest
 * eigenvalue is at least min over i of the D blocks' (≈ 0.1), far above the 1e-6 rounding of
 * the entries written out.
 */
import type { BookInput, MarketInput, RiskParamsInput } from '../model/schemas.js';
import { futureId, optionId } from '../model/instrumentId.js';
import { interpolateAtmVol } from '../model/volTermStructure.js';
import { createPrng, type Prng } from '../random/prng.js';
import { SAMPLE_VALUATION_TIME } from './sampleVenue.js';
import { expiryAfterDays, lastFriday, pow10, roundSignificant, smileVol, yearsBetween } from './venueMath.js';

export interface GenerateOptions {
  /** Number of accounts (≥ 1). */
  accounts: number;
  /** Exact number of listed instruments (≥ 1). */
  instruments: number;
  /** Any safe integer; the same seed gives the same venue. Also the params' scenario seed when ≥ 0. */
  seed: number;
  /** Number of traded underlyings; default ⌈instruments / 60⌉ (BTC, ETH, SOL, then ASSET1, ASSET2, …). */
  underlyings?: number;
}

export interface GeneratedVenue {
  market: MarketInput;
  params: RiskParamsInput;
  book: BookInput;
}

const VALUATION_TIME = SAMPLE_VALUATION_TIME;
const RATE = 0.04;
const VOL_TENORS = [1, 7, 30, 90, 180, 365, 730];
const MIN_MONEYNESS = 0.3;
const MAX_MONEYNESS = 3;
/** Correlation between the market spot and market vol factors. */
const MARKET_SPOT_VOL = -0.45;

interface UnderlyingDraft {
  name: string;
  spot: number;
  carry: number;
  atmLevel: number;
  skew: number;
  curvature: number;
  volOfVol: number;
  beta: number;
  gamma: number;
  ownSpotVol: number;
}

const MAJORS: Record<string, { spot: number; atm: number; beta: number }> = {
  BTC: { spot: 95_250, atm: 0.53, beta: 0.9 },
  ETH: { spot: 3412, atm: 0.68, beta: 0.88 },
  SOL: { spot: 189.6, atm: 0.9, beta: 0.82 },
};

/** Every listed expiry, ascending: dailies, weeklies, monthlies for a year, quarterlies, 2 years. */
function expiryCalendar(): { all: string[]; dated: string[] } {
  const at = new Set<string>();
  for (const days of [1, 2, 3, 10, 17, 24]) at.add(expiryAfterDays(VALUATION_TIME, days));
  const start = new Date(VALUATION_TIME);
  const dated = new Set<string>();
  for (let k = 1; k <= 12; k++) dated.add(lastFriday(start.getUTCFullYear(), start.getUTCMonth() + k));
  for (const monthsAhead of [13, 16, 19, 22]) dated.add(lastFriday(start.getUTCFullYear(), start.getUTCMonth() + monthsAhead));
  dated.add(expiryAfterDays(VALUATION_TIME, 731));
  for (const expiry of dated) at.add(expiry);
  const sorted = (s: Set<string>) => [...s].filter((e) => e > VALUATION_TIME).sort();
  return { all: sorted(at), dated: sorted(dated) };
}

function underlyingNames(count: number): string[] {
  const names = ['BTC', 'ETH', 'SOL'].slice(0, count);
  for (let k = 1; names.length < count; k++) names.push(`ASSET${k}`);
  return names;
}

function draftUnderlying(name: string, rng: Prng): UnderlyingDraft {
  const major = MAJORS[name];
  return {
    name,
    spot: major?.spot ?? roundSignificant(10 ** rng.range(-2, 4.3), 4),
    carry: round6(rng.range(-0.06, 0.03)),
    atmLevel: major?.atm ?? rng.range(0.35, 1.5),
    skew: rng.range(-0.2, -0.04),
    curvature: rng.range(0.08, 0.3),
    volOfVol: round6(rng.range(0.8, 1.3)),
    beta: major?.beta ?? rng.range(0.35, 0.85),
    gamma: rng.range(0.55, 0.85),
    ownSpotVol: rng.range(-0.35, 0),
  };
}

function round6(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}

function atmVolPoints(u: UnderlyingDraft): { tenorDays: number; vol: number }[] {
  return VOL_TENORS.map((tenorDays) => ({
    tenorDays,
    vol: Math.round(u.atmLevel * (1 + 0.15 * Math.exp(-tenorDays / 30)) * 1e4) / 1e4,
  }));
}

/** `count` indices spread evenly over [0, length), ends included when count ≥ 2. */
function spread(count: number, length: number, middle: number): number[] {
  if (count <= 0) return [];
  if (count === 1) return [middle];
  return Array.from({ length: count }, (_, j) => Math.round((j * (length - 1)) / (count - 1)));
}

/** Log-moneyness grid from ln 0.3 to ln 3, denser near the money (ATM itself when the count is odd). */
function moneynessGrid(count: number): number[] {
  if (count === 1) return [1];
  return Array.from({ length: count }, (_, j) => {
    const t = -1 + (2 * j) / (count - 1);
    const x = Math.abs(t) ** 1.5 * Math.log(t < 0 ? MIN_MONEYNESS : MAX_MONEYNESS);
    return Math.exp(x);
  });
}

/**
 * Strikes for one chain: forward × moneyness on a tick of 3 significant digits of the spot,
 * nudged up by ticks where two would collide. Ticks are integers, so strikes print exactly.
 */
function chainStrikes(forward: number, spot: number, count: number): number[] {
  const exponent = Math.floor(Math.log10(spot)) - 2;
  const toStrike = (ticks: number) => (exponent < 0 ? ticks / pow10(-exponent) : ticks * pow10(exponent));
  const used = new Set<number>();
  const strikes: number[] = [];
  for (const m of moneynessGrid(count)) {
    let ticks = Math.max(1, Math.round((forward * m) / pow10(exponent)));
    while (used.has(ticks)) ticks++;
    used.add(ticks);
    strikes.push(toStrike(ticks));
  }
  return strikes;
}

interface Listing {
  /** Per underlying: instrument indices by kind, options ordered nearest-the-money first. */
  spot: number[];
  perp: number[];
  futures: number[];
  options: number[];
}

function buildMarket(drafts: UnderlyingDraft[], total: number, rng: Prng) {
  const { all: expiries, dated } = expiryCalendar();
  const instruments: MarketInput['instruments'] = [];
  const listings: Listing[] = [];
  const underlyingOf = new Int32Array(total);
  const base = Math.floor(total / drafts.length);
  const extra = total % drafts.length;

  drafts.forEach((u, index) => {
    const count = base + (index < extra ? 1 : 0);
    const listing: Listing = { spot: [], perp: [], futures: [], options: [] };
    listings.push(listing);
    const push = (spec: MarketInput['instruments'][number], into: number[]) => {
      underlyingOf[instruments.length] = index;
      into.push(instruments.length);
      instruments.push(spec);
    };
    if (count >= 1) push({ id: `${u.name}_USDC` }, listing.spot);
    if (count >= 2) push({ id: `${u.name}-PERPETUAL` }, listing.perp);
    const futureCount = count >= 8 ? Math.min(dated.length, Math.max(1, Math.round(count * 0.08))) : 0;
    const futureExpiries = new Set<string>();
    for (const k of spread(futureCount, dated.length, 0)) {
      futureExpiries.add(dated[k]);
      push({ id: futureId(u.name, dated[k]) }, listing.futures);
    }
    const optionCount = count - listing.spot.length - listing.perp.length - futureCount;
    if (optionCount <= 0) return;

    const volPoints = atmVolPoints(u);
    const chainCount = Math.min(expiries.length, Math.max(1, Math.round(Math.sqrt(optionCount / 3))));
    const chainIndices = spread(chainCount, expiries.length, Math.floor(expiries.length / 2));
    // The shortest chain expires in 1, 2 or 3 days by underlying: inside, exactly at and just
    // beyond the default 2-day horizon.
    if (chainCount >= 2 && chainIndices[1] > index % 3) chainIndices[0] = index % 3;
    const chainExpiries = chainIndices.map((k) => expiries[k]);
    const nearness: { index: number; distance: number }[] = [];
    chainExpiries.forEach((expiry, c) => {
      const inChain = Math.floor(optionCount / chainCount) + (c < optionCount % chainCount ? 1 : 0);
      if (inChain === 0) return;
      const years = yearsBetween(VALUATION_TIME, expiry);
      const forward = u.spot * Math.exp((RATE - u.carry) * years);
      const atm = interpolateAtmVol(volPoints, years);
      const onFuture = futureExpiries.has(expiry) && rng.chance(0.4) ? futureId(u.name, expiry) : undefined;
      const strikes = chainStrikes(forward, u.spot, Math.ceil(inChain / 2));
      let listed = 0;
      for (const strike of strikes) {
        for (const type of ['call', 'put'] as const) {
          if (listed === inChain) break;
          listed++;
          const spec: MarketInput['instruments'][number] = { id: optionId(u.name, expiry, strike, type) };
          if (rng.chance(0.9)) spec.impliedVol = Math.round(smileVol(atm, u.skew, u.curvature, strike, forward) * 1e4) / 1e4;
          if (onFuture) spec.underlyingFuture = onFuture;
          nearness.push({ index: instruments.length, distance: Math.abs(Math.log(strike / forward)) });
          underlyingOf[instruments.length] = index;
          instruments.push(spec);
        }
      }
    });
    nearness.sort((a, b) => a.distance - b.distance || a.index - b.index);
    listing.options = nearness.map((n) => n.index);
  });

  const underlyings: MarketInput['underlyings'] = {};
  for (const u of drafts) underlyings[u.name] = { spot: u.spot, carry: u.carry, volPoints: atmVolPoints(u) };
  underlyings.USDC = { spot: 1, carry: 0.04, volPoints: [{ tenorDays: 30, vol: 0.02 }] };
  const market: MarketInput = { valuationTime: VALUATION_TIME, rate: RATE, underlyings, instruments };
  return { market, listings, underlyingOf };
}

function buildParams(drafts: UnderlyingDraft[], seed: number): RiskParamsInput {
  // USDC: collateral, almost independent of everything.
  const all = [...drafts, { name: 'USDC', beta: 0.02, gamma: 0.05, ownSpotVol: -0.1, volOfVol: 0.25, atmLevel: 0.02 }];
  const factors = all.flatMap((u) => [`${u.name}.spot`, `${u.name}.vol`]);
  const n = factors.length;
  const matrix = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  const loading = (f: number) => (f % 2 === 0 ? all[f >> 1].beta : all[f >> 1].gamma);
  for (let r = 0; r < n; r++) {
    matrix[r][r] = 1;
    for (let c = r + 1; c < n; c++) {
      const sameKind = r % 2 === c % 2;
      let value = loading(r) * loading(c) * (sameKind ? 1 : MARKET_SPOT_VOL);
      if (r >> 1 === c >> 1) {
        const u = all[r >> 1];
        value += Math.sqrt((1 - u.beta ** 2) * (1 - u.gamma ** 2)) * u.ownSpotVol;
      }
      matrix[r][c] = matrix[c][r] = round6(value);
    }
  }
  const underlyings: RiskParamsInput['underlyings'] = {};
  for (const u of all) {
    underlyings[u.name] = { vol: Math.round(u.atmLevel * 1e4) / 1e4, volOfVol: u.volOfVol };
  }
  return {
    horizonDays: 2,
    confidence: 0.99,
    scenarios: 10_000,
    seed: seed >= 0 ? seed : 1,
    distribution: { type: 'normal' },
    underlyings,
    correlation: { factors, matrix },
  };
}

interface BookInputs {
  drafts: UnderlyingDraft[];
  listings: Listing[];
  /** Underlying index of every listed instrument. */
  underlyingOf: Int32Array;
  ids: string[];
}

function buildBook({ drafts, listings, underlyingOf, ids }: BookInputs, accountCount: number, rng: Prng): BookInput {
  const totalInstruments = ids.length;
  // Popularity of underlyings: Zipf-like, majors first; only underlyings with something listed.
  const tradable = listings.map((l, k) => k).filter((k) => listings[k].spot.length > 0);
  const cumulative: number[] = [];
  let sum = 0;
  for (const k of tradable) cumulative.push((sum += 1 / (k + 1) ** 0.8));
  const pickUnderlying = (): number => {
    const target = rng.uniform() * sum;
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid] <= target) lo = mid + 1;
      else hi = mid;
    }
    return tradable[lo];
  };
  // Per underlying, where each kind of trade goes (falling back to what is listed), built once.
  const pools = listings.map((l) => {
    const first = (...lists: number[][]) => lists.find((list) => list.length > 0) ?? [];
    return {
      spot: first(l.spot, l.perp, l.options, l.futures),
      perp: first(l.perp, l.options, l.futures, l.spot),
      futures: first(l.futures, l.perp, l.options, l.spot),
      options: first(l.options, l.perp, l.futures, l.spot),
      hasOptions: l.options.length > 0,
    };
  });
  const pickInstrument = (u: number): number => {
    const pool = pools[u];
    const x = rng.uniform();
    if (x >= 0.36 && pool.hasOptions) {
      const y = rng.uniform();
      return pool.options[Math.floor(pool.options.length * y * y)]; // near the money is busier
    }
    return rng.pick(x < 0.08 ? pool.spot : x < 0.26 ? pool.perp : x < 0.36 ? pool.futures : pool.options);
  };
  const hasBtc = drafts.length > 0 && drafts[0].name === 'BTC';

  const idWidth = Math.max(4, String(accountCount).length);
  const accounts: BookInput['accounts'] = new Array(accountCount);
  for (let a = 0; a < accountCount; a++) {
    const profile = rng.uniform();
    const whale = profile < 0.01;
    const dust = profile >= 0.01 && profile < 0.02;
    const primary = pickUnderlying();
    const count = Math.min(rng.int(2, 20), totalInstruments);
    const held: number[] = [];
    const positions: { instrument: string; quantity: number }[] = [];
    let notional = 0;
    for (let p = 0; p < count; p++) {
      let instrument = -1;
      for (let attempt = 0; attempt < 8 && instrument < 0; attempt++) {
        const candidate = pickInstrument(rng.chance(0.7) ? primary : pickUnderlying());
        if (!held.includes(candidate)) instrument = candidate;
      }
      if (instrument < 0) {
        // Few instruments listed: take the next one not yet held, from a random start.
        const start = rng.int(0, totalInstruments - 1);
        for (let k = 0; k < totalInstruments && instrument < 0; k++) {
          const candidate = (start + k) % totalInstruments;
          if (!held.includes(candidate)) instrument = candidate;
        }
      }
      held.push(instrument);
      const u = drafts[underlyingOf[instrument]];
      let usd = 20_000 * Math.exp(1.2 * rng.normal());
      if (whale) usd *= 10 ** rng.range(2, 4);
      if (dust) usd *= 1e-4;
      let quantity = roundSignificant(usd / u.spot, 4);
      if (whale && p === 0) quantity = roundSignificant(10 ** rng.range(6, 7), 6); // ≥ 1e6 units: precision
      const isSpot = listings[underlyingOf[instrument]].spot[0] === instrument;
      const sign = isSpot ? (rng.chance(0.9) ? 1 : -1) : rng.chance(0.55) ? 1 : -1;
      positions.push({ instrument: ids[instrument], quantity: sign * quantity });
      notional += quantity * u.spot;
    }
    const balances: Record<string, number> = {};
    const collateral = notional * rng.range(0.05, 0.6);
    if (hasBtc && rng.chance(0.2)) {
      balances.BTC = roundSignificant((0.5 * collateral) / drafts[0].spot, 6);
      balances.USDC = roundSignificant(0.5 * collateral, 8);
    } else {
      balances.USDC = roundSignificant(collateral, 8);
    }
    accounts[a] = { id: `acct-${String(a + 1).padStart(idWidth, '0')}`, balances, positions };
  }
  return { accounts };
}

function checkCount(name: string, value: number): void {
  if (!Number.isSafeInteger(value) || value < 1) throw new RangeError(`generateVenue: ${name} must be an integer >= 1, got ${value}`);
}

export function generateVenue(options: GenerateOptions): GeneratedVenue {
  const { accounts, instruments, seed } = options;
  checkCount('accounts', accounts);
  checkCount('instruments', instruments);
  const underlyingCount = options.underlyings ?? Math.ceil(instruments / 60);
  checkCount('underlyings', underlyingCount);
  if (!Number.isSafeInteger(seed)) throw new RangeError(`generateVenue: seed must be a safe integer, got ${seed}`);

  // One stream, market first: the account count never changes the market.
  const rng = createPrng(seed);
  const drafts = underlyingNames(underlyingCount).map((name) => draftUnderlying(name, rng));
  const { market, listings, underlyingOf } = buildMarket(drafts, instruments, rng);
  const params = buildParams(drafts, seed);
  const ids = market.instruments.map((spec) => spec.id);
  const book = buildBook({ drafts, listings, underlyingOf, ids }, accounts, rng);
  return { market, params, book };
}
