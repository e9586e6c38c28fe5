import type { DerivePmParamsInput } from '../../model/schemas.js';
import { defined } from './deribitPmParams.js';

/**
 * Derive's (formerly Lyra's) portfolio margin risk manager, PM2, as published. Sources (read
 * 2026-11-30):
 *
 * [V1] Derive docs, "PM2", https://docs.derive.xyz/docs/pm2: the method (regular, tail, skew
 *      and forward losses, discounting, contingencies) and a worked example.
 * [V2] Derive docs, "Portfolio Manager [New] [SOL/HYPE added]",
 *      https://docs.derive.xyz/docs/copy-of-portfolio-manager-new: every value below, per market
 *      (ETH/BTC, SOL, HYPE).
 * [V3] Derive's reference cases for its PMRM_2 contract, derivexyz/v2-core at 7736900d,
 *      test/risk-managers/unit-tests/PMRM_2/portfolio_cases/*.json: inputs and every
 *      intermediate result of Derive's own model, which the tests reproduce.
 */

/** The parameters [V2] gives per market. */
export interface DeriveMarketParams {
  /** Largest regular spot move (18% for ETH/BTC); the regular grid steps by a quarter of it. */
  regularRange: number;
  /** Tail scenarios, all with vol up: spot move and dampening. */
  tailScenarios: readonly { spotMove: number; dampening: number }[];
  imFactor: number;
  mmFactor: number;
  volRangeUp: number;
  volRangeDown: number;
  minVolShockUp: number;
  /** Per unit of a perpetual (or future), share of spot. */
  perpContingency: { initial: number; maintenance: number };
  /** Per net short option contract per strike, share of spot (initial = maintenance + the IM extra). */
  optionContingency: { initial: number; maintenance: number };
  /** Per unit of the base asset held (spot), its haircut ([V2] "Risk Cancellation": ETH 5.6% / 7%, wBTC 10.6% / 12%). */
  baseContingency: { initial: number; maintenance: number };
}

export interface DeriveSkewParams {
  linearBaseCap: number;
  absBaseCap: number;
  linearCBase: number;
  absCBase: number;
  minKStar: number;
  widthScale: number;
  volParameterStatic: number;
  volParameterScale: number;
  /** Multiples of the skew losses: [V2] lists none; the reference cases [V3] use 1 (and 2 to test them). */
  linearDampening: number;
  absDampening: number;
}

export interface DerivePmParams {
  markets: Record<string, DeriveMarketParams>;
  shortTermPower: number;
  longTermPower: number;
  /** Time-to-expiry floor of the vol shock, in years (DTE_FLOOR = 1 day). */
  dteFloorYears: number;
  staticScalePos: number;
  staticScaleNeg: number;
  longRateMultScale: number;
  longRateAddScale: number;
  shortRateMultScale: number;
  shortRateAddScale: number;
  /** Forward (basis) scenarios: spot × (1 ± forwardMove), IV static. */
  forwardMove: number;
  forwardAddFactor: number;
  forwardMultFactor: number;
  skew: DeriveSkewParams;
}

/** Derive measures time in 365-day years ([V1]: "Time To Expiry = 14/365"; [V3]: seconds / 31,536,000). */
export const DERIVE_DAYS_PER_YEAR = 365;
/** Expiries under 30 days take the short-term vega power. */
export const DERIVE_VEGA_POWER_BOUNDARY_YEARS = 30 / DERIVE_DAYS_PER_YEAR;

const ETH_BTC: DeriveMarketParams = {
  regularRange: 0.18,
  tailScenarios: [
    { spotMove: -0.66, dampening: 0.21 },
    { spotMove: -0.33, dampening: 0.42 },
    { spotMove: 0.5, dampening: 0.27 },
    { spotMove: 1, dampening: 0.13 },
    { spotMove: 2, dampening: 0.069 },
    { spotMove: 3, dampening: 0.046 },
    { spotMove: 4, dampening: 0.034 },
    { spotMove: 5, dampening: 0.027 },
  ],
  imFactor: 1,
  mmFactor: 0.8,
  volRangeUp: 0.5,
  volRangeDown: 0.275,
  minVolShockUp: 0.4,
  perpContingency: { initial: 0.04, maintenance: 0.03 },
  optionContingency: { initial: 0.003 + 0.002, maintenance: 0.003 },
  baseContingency: { initial: 0.07, maintenance: 0.056 },
};

/** [V2]'s columns; an underlying it does not list takes ETH/BTC's. */
export const DERIVE_MARKETS: Readonly<Record<string, DeriveMarketParams>> = Object.freeze({
  ETH: ETH_BTC,
  BTC: { ...ETH_BTC, baseContingency: { initial: 0.12, maintenance: 0.106 } },
  SOL: {
    ...ETH_BTC,
    regularRange: 0.27,
    tailScenarios: [
      { spotMove: -0.66, dampening: 0.36 },
      { spotMove: -0.33, dampening: 0.72 },
      { spotMove: 0.5, dampening: 0.48 },
      { spotMove: 1, dampening: 0.24 },
      { spotMove: 2, dampening: 0.12 },
      { spotMove: 3, dampening: 0.08 },
      { spotMove: 4, dampening: 0.06 },
      { spotMove: 5, dampening: 0.048 },
    ],
    imFactor: 1.1,
    mmFactor: 0.9,
    volRangeUp: 0.6,
    volRangeDown: 0.3,
    minVolShockUp: 0.6,
    perpContingency: { initial: 0.06, maintenance: 0.05 },
    optionContingency: { initial: 0.015 + 0.02, maintenance: 0.015 },
  },
});
export const DERIVE_DEFAULT_MARKET = 'ETH';

export const DERIVE_GLOBAL_DEFAULTS: Readonly<Omit<DerivePmParams, 'markets'>> = Object.freeze({
  shortTermPower: 0.3,
  longTermPower: 0.13,
  dteFloorYears: 1 / DERIVE_DAYS_PER_YEAR,
  staticScalePos: 0.98,
  staticScaleNeg: 1.02,
  longRateMultScale: 0,
  longRateAddScale: 0.1,
  shortRateMultScale: 0,
  shortRateAddScale: 0.1,
  forwardMove: 0.045,
  forwardAddFactor: 0.5,
  forwardMultFactor: 2,
  skew: Object.freeze({
    linearBaseCap: 0.25,
    absBaseCap: 0.25,
    linearCBase: -0.1,
    absCBase: -0.1,
    minKStar: 0.01,
    widthScale: 4,
    volParameterStatic: 0.6,
    volParameterScale: 0,
    linearDampening: 1,
    absDampening: 1,
  }),
});

/** The published parameters with params.json's `margin.derivePm` overrides laid over them (for every market). */
export function resolveDerivePmParams(underlyings: readonly string[], overrides: DerivePmParamsInput = {}): DerivePmParams {
  const { skew = {}, dteFloorDays, perpContingency, optionContingency, baseContingency, tailScenarios, imFactor, mmFactor, volRangeUp, volRangeDown, minVolShockUp, ...global } =
    overrides;
  const markets: Record<string, DeriveMarketParams> = {};
  for (const u of underlyings) {
    const published = DERIVE_MARKETS[u] ?? DERIVE_MARKETS[DERIVE_DEFAULT_MARKET];
    markets[u] = {
      ...published,
      ...defined({ imFactor, mmFactor, volRangeUp, volRangeDown, minVolShockUp, tailScenarios }),
      perpContingency: { ...published.perpContingency, ...defined(perpContingency ?? {}) },
      optionContingency: { ...published.optionContingency, ...defined(optionContingency ?? {}) },
      baseContingency: { ...published.baseContingency, ...defined(baseContingency ?? {}) },
    };
  }
  return {
    ...DERIVE_GLOBAL_DEFAULTS,
    ...defined(global),
    ...(dteFloorDays !== undefined ? { dteFloorYears: dteFloorDays / DERIVE_DAYS_PER_YEAR } : {}),
    skew: { ...DERIVE_GLOBAL_DEFAULTS.skew, ...defined(skew) },
    markets,
  };
}
