import { createPrng, type Prng } from '../../random/prng.js';
import { addDays, daysBetween } from './dates.js';
import { closesBetween, garchPath, meanVarianceForecast, roundSignificant, unitStudentT, type GarchParams, type PathDrivers } from './syntheticPaths.js';
import type { AssetHistory, ImpliedVolHistory, ImpliedVolSeries, PriceHistory } from './types.js';

/**
 * The embedded synthetic history: daily closes and 30-day ATM implied vols of the sample
 * venue's assets (BTC, ETH, SOL, and USDC as collateral), so that calibration runs with no
 * files. The real histories in ../shared/data may not be copied into the repository (their
 * licence forbids redistribution); this is generated, deterministically, from the model below.
 *
 * Calendar. SYNTHETIC_DAYS = 1500 consecutive calendar days (crypto trades every day), 2022-10-15
 * to SYNTHETIC_END_DATE = 2026-11-23: the last complete UTC day before the sample venue's
 * valuation time (2026-11-24T08:00Z). A close dated 2026-11-24 would be that day's partial
 * close, which the history contract leaves out (formats.ts); the last closes are the sample's
 * spots.
 *
 * Coins (i = BTC, ETH, SOL), day t's log return:
 *   r_it = k_t·σ_it·z_it + J_it + d_it
 *   z_it = ρ_i·m_t + √(1 − ρ_i²)·u_it        m_t, u_it independent unit-variance Student-t(ν = 5)
 *   σ²_i,t+1 = ω_i + α·ε²_it + β·σ²_it,  ε_it = σ_it·z_it + J_it,  ω_i = v_i·(1 − α − β)
 *   α = 0.10, β = 0.87 (persistence 0.97: a variance shock halves in ~23 days), σ²_i,1 = v_i
 *   v_i = vol_i² / 365.25 with long-run vols 0.50, 0.65, 0.85, market loadings ρ 0.92, 0.90, 0.85
 *   (shock correlations ρ_i·ρ_j: BTC–ETH 0.83, BTC–SOL 0.78, ETH–SOL 0.77).
 * Closes are exp of the cumulated returns plus a constant drift per coin, chosen after the draws
 * so that the path runs from a first close (20,000, 1,300, 30) to the sample venue's spot
 * (95,250, 3,412, 189.6) whatever the draws; rounded to 8 significant digits. (The drift is a
 * few tenths of a percent a day, a tenth of a daily standard deviation.)
 *
 * Episodes (SYNTHETIC_EPISODES):
 * - 2024-03-12, one-day crash: a common log jump J_i = s_i·ln(0.65), s = 1, 1.1, 1.35
 *   (BTC −35%, ETH −38%, SOL −44% before that day's own shock). The jump enters ε, so the
 *   GARCH variance jumps (about 28× for BTC) and decays at 0.97 a day: weeks of high vol.
 * - 2025-05-05 to 2025-06-15 (the 42 returns ending on those dates), slow drawdown: a drift
 *   d_i = s_i·ln(0.4)/42 a day, s = 1, 1.15, 1.3 (BTC −60% over six weeks before noise), and
 *   k = 1.5 times the GARCH vol. Neither enters ε (fed back, α·k² + β > 1 would explode).
 * - 2023-11-08, stablecoin depeg: USDC closes at 0.88 and recovers over about a week.
 *
 * USDC: close_t = 1 + x_t, x_t = 0.6·x_t−1 + 0.001·η_t (η standard normal; about 2% annualized
 * vol), x = −0.12 on the depeg date. Its implied vol: 0.02·e^(n_t)·(1 + 9·e^(−τ/5)) τ days
 * after the depeg (0.2 on the day), n_t as below with no return term.
 *
 * Implied vols, tenor 30 days, as of each close t:
 *   IV_it = √(365.25 · mean GARCH forecast of σ²_i over t+1..t+30) · k_t · 1.1 · e^(n_it)
 *   n_it = 0.9·n_i,t−1 + 0.035·(0.7·c_t + √(1 − 0.49)·e_it) − 0.02·z_it
 * (1.1: the variance risk premium; n: a persistent, cross-coin correlated noise, and the −0.02·z
 * term makes implied vol rise when the coin falls), rounded to 4 decimals.
 *
 * Random numbers: one mulberry32 stream (createPrng(seed), seed SYNTHETIC_SEED), drawn day by
 * day in a fixed order (m, u_BTC, u_ETH, u_SOL, c, e_BTC, e_ETH, e_SOL, η, e_USDC); the uniforms
 * are exact integer arithmetic; Math.log and Math.exp may differ in the last bit between
 * JavaScript engines, which the rounding of closes and vols hides unless a value falls on a
 * rounding boundary (the tests pin the bytes on V8, whose functions are fdlibm's).
 */
export const SYNTHETIC_SEED = 20_221_016;
export const SYNTHETIC_END_DATE = '2026-11-23';
export const SYNTHETIC_DAYS = 1500;
export const SYNTHETIC_SOURCE = 'synthetic';
export const SYNTHETIC_IV_TENOR_DAYS = 30;

export interface SyntheticCoin {
  asset: 'BTC' | 'ETH' | 'SOL';
  firstClose: number;
  lastClose: number;
  vol: number;
  marketLoading: number;
  crashScale: number;
  drawdownScale: number;
}

export const SYNTHETIC_COINS: readonly SyntheticCoin[] = [
  { asset: 'BTC', firstClose: 20_000, lastClose: 95_250, vol: 0.5, marketLoading: 0.92, crashScale: 1, drawdownScale: 1 },
  { asset: 'ETH', firstClose: 1300, lastClose: 3412, vol: 0.65, marketLoading: 0.9, crashScale: 1.1, drawdownScale: 1.15 },
  { asset: 'SOL', firstClose: 30, lastClose: 189.6, vol: 0.85, marketLoading: 0.85, crashScale: 1.35, drawdownScale: 1.3 },
];

export const SYNTHETIC_MODEL = {
  dof: 5,
  alpha: 0.1,
  beta: 0.87,
  varianceRiskPremium: 1.1,
  ivNoise: { persistence: 0.9, scale: 0.035, common: 0.7, leverage: 0.02 },
  usdc: { persistence: 0.6, scale: 0.001, ivBase: 0.02, ivSpike: 9, ivSpikeDecayDays: 5 },
} as const;

export const SYNTHETIC_EPISODES = {
  crash: { date: '2024-03-12', logMove: Math.log(0.65) },
  drawdown: { from: '2025-05-05', to: '2025-06-15', logMove: Math.log(0.4), volMultiplier: 1.5 },
  depeg: { date: '2023-11-08', asset: 'USDC', low: 0.88 },
} as const;

export interface SyntheticHistory {
  prices: PriceHistory;
  impliedVols: ImpliedVolHistory;
}

/** The synthetic history (same seed, same numbers, bit for bit). */
export function syntheticHistory(seed = SYNTHETIC_SEED): SyntheticHistory {
  const first = addDays(SYNTHETIC_END_DATE, -(SYNTHETIC_DAYS - 1));
  const dates = Array.from({ length: SYNTHETIC_DAYS }, (_, t) => addDays(first, t));
  const draws = drawInnovations(createPrng(seed), SYNTHETIC_DAYS);
  const prices: PriceHistory = { assets: new Map(), warnings: [] };
  const impliedVols: ImpliedVolHistory = { assets: new Map(), warnings: [] };
  const episodes = episodeDrivers(dates);
  SYNTHETIC_COINS.forEach((coin, i) => {
    const { closes, vols } = coinSeries(coin, draws.coinShocks[i], draws.ivNoise[i], episodes);
    prices.assets.set(coin.asset, generated(coin.asset, dates, closes));
    impliedVols.assets.set(coin.asset, [generatedVols(coin.asset, dates, vols)]);
  });
  const usdc = usdcSeries(dates, draws.usdcNoise, draws.usdcIvNoise);
  prices.assets.set('USDC', generated('USDC', dates, usdc.closes));
  impliedVols.assets.set('USDC', [generatedVols('USDC', dates, usdc.vols)]);
  return { prices, impliedVols };
}

interface Innovations {
  coinShocks: Float64Array[];
  /** The IV noise innovations 0.7·c_t + √0.51·e_it per coin. */
  ivNoise: Float64Array[];
  usdcNoise: Float64Array;
  usdcIvNoise: Float64Array;
}

function drawInnovations(rng: Prng, n: number): Innovations {
  const coins = SYNTHETIC_COINS.length;
  const coinShocks = SYNTHETIC_COINS.map(() => new Float64Array(n));
  const ivNoise = SYNTHETIC_COINS.map(() => new Float64Array(n));
  const usdcNoise = new Float64Array(n);
  const usdcIvNoise = new Float64Array(n);
  const { common } = SYNTHETIC_MODEL.ivNoise;
  for (let t = 1; t < n; t++) {
    const market = unitStudentT(rng, SYNTHETIC_MODEL.dof);
    for (let i = 0; i < coins; i++) {
      const rho = SYNTHETIC_COINS[i].marketLoading;
      coinShocks[i][t] = rho * market + Math.sqrt(1 - rho * rho) * unitStudentT(rng, SYNTHETIC_MODEL.dof);
    }
    const commonIv = rng.normal();
    for (let i = 0; i < coins; i++) ivNoise[i][t] = common * commonIv + Math.sqrt(1 - common * common) * rng.normal();
    usdcNoise[t] = rng.normal();
    usdcIvNoise[t] = rng.normal();
  }
  return { coinShocks, ivNoise, usdcNoise, usdcIvNoise };
}

/** Per day: the crash indicator, the drawdown indicator (as drift units and vol multiplier). */
interface EpisodeDays {
  crash: Float64Array;
  drawdown: Float64Array;
  volMultipliers: Float64Array;
}

function episodeDrivers(dates: readonly string[]): EpisodeDays {
  const n = dates.length;
  const { crash, drawdown } = SYNTHETIC_EPISODES;
  const days = daysBetween(drawdown.from, drawdown.to) + 1;
  const out: EpisodeDays = { crash: new Float64Array(n), drawdown: new Float64Array(n), volMultipliers: new Float64Array(n).fill(1) };
  dates.forEach((date, t) => {
    if (date === crash.date) out.crash[t] = crash.logMove;
    if (date >= drawdown.from && date <= drawdown.to) {
      out.drawdown[t] = drawdown.logMove / days;
      out.volMultipliers[t] = drawdown.volMultiplier;
    }
  });
  return out;
}

function coinSeries(coin: SyntheticCoin, shocks: Float64Array, ivInnovations: Float64Array, episodes: EpisodeDays): { closes: Float64Array; vols: Float64Array } {
  const n = shocks.length;
  const params: GarchParams = { dailyVariance: coin.vol ** 2 / 365.25, alpha: SYNTHETIC_MODEL.alpha, beta: SYNTHETIC_MODEL.beta };
  const drivers: PathDrivers = {
    shocks,
    jumps: episodes.crash.map((j) => j * coin.crashScale),
    drifts: episodes.drawdown.map((d) => d * coin.drawdownScale),
    volMultipliers: episodes.volMultipliers,
  };
  const path = garchPath(params, drivers);
  const { persistence, scale, leverage } = SYNTHETIC_MODEL.ivNoise;
  const vols = new Float64Array(n);
  let noise = 0;
  for (let t = 0; t < n; t++) {
    if (t > 0) noise = persistence * noise + scale * ivInnovations[t] - leverage * shocks[t];
    const forecast = meanVarianceForecast(params, path.variances[t + 1], SYNTHETIC_IV_TENOR_DAYS);
    const iv = Math.sqrt(365.25 * forecast) * episodes.volMultipliers[t] * SYNTHETIC_MODEL.varianceRiskPremium * Math.exp(noise);
    vols[t] = Math.round(iv * 1e4) / 1e4;
  }
  return { closes: closesBetween(path.returns, coin.firstClose, coin.lastClose, 8), vols };
}

function usdcSeries(dates: readonly string[], noise: Float64Array, ivInnovations: Float64Array): { closes: Float64Array; vols: Float64Array } {
  const n = dates.length;
  const { persistence, scale, ivBase, ivSpike, ivSpikeDecayDays } = SYNTHETIC_MODEL.usdc;
  const iv = SYNTHETIC_MODEL.ivNoise;
  const { depeg } = SYNTHETIC_EPISODES;
  const closes = new Float64Array(n);
  const vols = new Float64Array(n);
  let x = 0;
  let ivNoise = 0;
  for (let t = 0; t < n; t++) {
    if (t > 0) {
      x = persistence * x + scale * noise[t];
      ivNoise = iv.persistence * ivNoise + iv.scale * ivInnovations[t];
    }
    if (dates[t] === depeg.date) x = depeg.low - 1;
    const sinceDepeg = daysBetween(depeg.date, dates[t]);
    const spike = sinceDepeg >= 0 ? 1 + ivSpike * Math.exp(-sinceDepeg / ivSpikeDecayDays) : 1;
    closes[t] = roundSignificant(1 + x, 8);
    vols[t] = Math.round(ivBase * Math.exp(ivNoise) * spike * 1e4) / 1e4;
  }
  return { closes, vols };
}

function generated(asset: string, dates: string[], closes: Float64Array): AssetHistory {
  return { asset, source: SYNTHETIC_SOURCE, dates: [...dates], closes, lines: new Int32Array(dates.length) };
}

function generatedVols(asset: string, dates: string[], vols: Float64Array): ImpliedVolSeries {
  return { asset, tenorDays: SYNTHETIC_IV_TENOR_DAYS, source: SYNTHETIC_SOURCE, dates: [...dates], vols, lines: new Int32Array(dates.length) };
}
