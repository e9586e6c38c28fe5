import { z } from 'zod';

/**
 * Input schemas, declared once: the parsers, the generated JSON Schema (`margin schema`) and
 * the README's field reference all come from here. Every number is validated finite.
 */

const positive = (what: string) => z.number().positive().describe(what);
const nonNegative = (what: string) => z.number().nonnegative().describe(what);
const isoTime = z
  .string()
  .refine((text) => !Number.isNaN(Date.parse(text)), { message: 'not an ISO 8601 date-time' });

export const VolPointSchema = z
  .object({
    tenorDays: positive('time to expiry of this ATM vol point, in calendar days'),
    vol: positive('annualized ATM implied volatility (0.6 = 60%)'),
  })
  .strict();

export const UnderlyingMarketSchema = z
  .object({
    spot: positive('spot (index) price in USD'),
    carry: z
      .number()
      .default(0)
      .describe('continuous carry / funding / dividend yield q per year; futures trade at S·e^{(r−q)T}'),
    volPoints: z
      .array(VolPointSchema)
      .optional()
      .describe('ATM implied-vol term structure, interpolated linearly in total variance; used by options without impliedVol'),
  })
  .strict();

export const InstrumentSpecSchema = z
  .object({
    id: z.string().min(1).describe('venue-style id: BTC_USDC, BTC-PERPETUAL, BTC-27DEC26, BTC-27DEC26-100000-C'),
    kind: z.enum(['spot', 'perpetual', 'future', 'option']).optional().describe('taken from the id when omitted'),
    underlying: z.string().min(1).optional().describe('underlying asset; taken from the id when omitted'),
    expiry: isoTime.optional().describe('ISO expiry time for futures and options; taken from the id (08:00 UTC)'),
    strike: positive('option strike in USD; taken from the id when omitted').optional(),
    optionType: z.enum(['call', 'put']).optional().describe('taken from the id when omitted'),
    underlyingFuture: z
      .string()
      .optional()
      .describe('for an option on a dated future: that future\'s id (Black-76 on its forward); default: option on spot'),
    multiplier: positive('contract multiplier: units of the underlying per contract').default(1),
    impliedVol: positive('option implied volatility; else interpolated from the underlying\'s volPoints').optional(),
  })
  .strict();

export const MarketSchema = z
  .object({
    valuationTime: isoTime.describe('valuation time, ISO 8601 (UTC)'),
    rate: z.number().default(0).describe('continuously compounded USD risk-free rate per year'),
    underlyings: z.record(z.string().min(1), UnderlyingMarketSchema).describe('market data per underlying asset'),
    instruments: z.array(InstrumentSpecSchema).min(1).describe('listed instruments that books may reference'),
  })
  .strict();

const FACTOR_NAME = z.string().regex(/^[A-Za-z0-9_]+\.(spot|vol)$/, 'factor names look like BTC.spot or BTC.vol');

/**
 * Filtered historical simulation: whole days of standardized residuals (each day's factor
 * returns divided by that day's volatility forecast), drawn with replacement and rescaled by
 * today's volatility (the underlyings' `vol` and `volOfVol`). Factors the table does not hold
 * (typically the vol factors without an implied-vol history) are drawn from the Gaussian model,
 * conditioned on the historical draws through the correlation.
 */
export const HistoricalDistributionSchema = z
  .object({
    type: z.literal('fhs'),
    factors: z.array(FACTOR_NAME).min(1).describe('the factors of the residual table, one per column'),
    residuals: z
      .array(z.array(z.number().min(-1000).max(1000)))
      .min(20)
      .max(65_535)
      .describe('standardized residuals, one row per historical day (at least 20), one column per factor'),
    dates: z.array(z.string()).optional().describe('the day of each row (provenance only)'),
  })
  .strict()
  .superRefine((d, ctx) => {
    d.residuals.forEach((row, r) => {
      if (row.length !== d.factors.length) ctx.addIssue({ code: 'custom', path: ['residuals', r], message: `expected ${d.factors.length} columns (one per factor), found ${row.length}` });
    });
    if (d.dates && d.dates.length !== d.residuals.length) ctx.addIssue({ code: 'custom', path: ['dates'], message: `expected one date per residual row (${d.residuals.length}), found ${d.dates.length}` });
    const seen = new Set<string>();
    d.factors.forEach((name, k) => {
      if (seen.has(name)) ctx.addIssue({ code: 'custom', path: ['factors', k], message: 'factor listed twice' });
      seen.add(name);
    });
  });

export const DistributionSchema = z
  .discriminatedUnion('type', [
    z.object({ type: z.literal('normal') }).strict(),
    z
      .object({
        type: z.literal('student-t'),
        dof: z.number().gt(2).max(1000).describe('degrees of freedom (> 2, so the variance is finite)'),
      })
      .strict(),
    HistoricalDistributionSchema,
  ])
  .describe('joint distribution of the standardized factor shocks');

export const UnderlyingRiskSchema = z
  .object({
    vol: positive('annualized volatility of the spot log-return used for scenarios; no drift: S′ = S·exp(vol·√h·z), h = horizonDays / 365.25'),
    volOfVol: nonNegative('annualized volatility of the log-change of ATM implied vol'),
  })
  .strict();

export const CorrelationSchema = z
  .object({
    factors: z
      .array(FACTOR_NAME)
      .min(1)
      .describe('factor names, `<UNDERLYING>.spot` or `<UNDERLYING>.vol`; unlisted factors are uncorrelated'),
    matrix: z.array(z.array(z.number())).describe('correlation matrix over `factors`, symmetric, unit diagonal'),
  })
  .strict();

export const StressGridSchema = z
  .object({
    spotMoves: z
      .array(z.number().gt(-1))
      .min(1)
      .describe('relative spot moves applied to every underlying together (−0.3 = −30%)'),
    volMoves: z
      .array(z.number().gt(-1))
      .min(1)
      .describe(
        'relative ATM vol moves (0.3 = +30%), term-weighted as in the scenarios: an option\'s vol × (1 + move)^w, ' +
          'w = sqrt(volTermReferenceDays / max(expiry, volTermReferenceDays)), so the full move up to that expiry',
      ),
  })
  .strict();

const share = (what: string) => z.number().min(0).max(1).describe(what);

/** Market liquidity of one asset (an underlying or a collateral asset), for haircuts and add-ons. */
export const AssetLiquiditySchema = z
  .object({
    spread: z.number().min(0).lt(1).describe('relative bid-ask spread (0.0002 = 2 bp); half of it is paid to close'),
    dailyVolume: positive('USD the venue can trade in this asset per day'),
    vol: positive('annualized volatility for the collateral haircut; default: underlyings.<asset>.vol').optional(),
    depegStress: share('stablecoins: the loss of peg the haircut always covers (0.05 = 5%)').optional(),
  })
  .strict();

export const IsolatedMarginSchema = z
  .object({
    futureRate: share('initial margin of a dated future, as a share of its notional').default(0.1),
    perpetualRate: share('initial margin of a perpetual, as a share of its notional').default(0.1),
    spotRate: share('initial margin of a spot position, as a share of its notional').default(0.1),
    shortOptionUnderlyingShare: share('short option: this share of the underlying, less the out-of-the-money amount').default(0.15),
    shortOptionMinimumShare: share('short option: at least this share of the underlying (before adding the mark)').default(0.1),
    maintenanceRatio: share('maintenance margin as a share of initial').default(0.75),
  })
  .strict();

export const CrossMarginSchema = z
  .object({ maintenanceRatio: share('maintenance margin as a share of initial').default(0.75) })
  .strict();

export const PortfolioMarginSchema = z
  .object({
    maintenanceRatio: share('maintenance margin as a share of initial').default(0.6),
    shortOptionMinimumShare: share('short-option minimum: this share of the underlying per net short option contract').default(0.01),
    fullWeightMove: positive('stress-grid points with |spot move| up to this count in full').default(0.1),
    extremeMoveCoverage: share("share of the loss counted at grid points beyond fullWeightMove (SPAN's extreme moves)").default(0.25),
    impactCoefficient: nonNegative('Y in the market-impact cost Y·σ_daily·√(exposure / daily volume)').default(1),
  })
  .strict();

export const AntiProcyclicalitySchema = z
  .object({
    buffer: z
      .object({
        enabled: z.boolean().default(true).describe('the buffer (EMIR RTS 153/2013 art. 28(1)(a)); on by default'),
        rate: nonNegative('buffer on top of the portfolio margin in calm markets (EMIR: 25%)').default(0.25),
        release: share('share of the buffer released in stress (1 = fully released)').default(0),
      })
      .strict()
      .prefault({}),
    floor: z
      .object({
        // Off by default: EMIR lets a CCP pick one tool, and the floor costs a second simulation.
        enabled: z
          .boolean()
          .default(false)
          .describe('a floor at the margin under a stressed calibration, on the same scenarios; off by default (it costs a second simulation)'),
        volScale: z.number().min(1).default(1.2).describe('stressed calibration: scenario vols (and vols of vol) × this'),
        vols: z
          .record(z.string().min(1), z.number().positive())
          .optional()
          .describe('stressed annual spot vol per underlying; overrides volScale for those listed'),
      })
      .strict()
      .prefault({}),
  })
  .strict();

export const CollateralParamsSchema = z
  .object({
    unified: z.boolean().default(true).describe('revalue collateral inside the scenarios together with the positions'),
    settlementAsset: z.string().min(1).default('USDC').describe('the asset option premiums and spot purchases are paid in'),
    haircutFloor: share('smallest haircut of any collateral asset').default(0.02),
    haircutCap: share('largest haircut of any collateral asset').default(0.5),
    impactCoefficient: nonNegative('Y in the liquidity haircut Y·σ_daily·√(holding / daily volume)').default(1),
    concentrationThreshold: share('holdings above this share of the daily volume are concentrated').default(0.05),
    concentrationRate: nonNegative('extra haircut per unit of holding / daily volume above the threshold').default(0.5),
  })
  .strict();

/**
 * Overrides of the venue margin models' parameters (`margin run --models deribit-pm,derive-pm`).
 * Every field is optional: the defaults are the venues' published values, held once as named
 * constants beside the models (src/margin/venues/), where the citations are.
 */
const venueShare = (what: string) => share(what).optional();
const venueNonNegative = (what: string) => nonNegative(what).optional();

/** Deribit's per-currency-pair parameters (model_params.currency_pair.<pair> of private/pme/simulate). */
export const DeribitPmPairSchema = z
  .object({
    priceRange: z.number().gt(0).lt(1).optional().describe('largest spot move of the standard table (0.16 = ±16%)'),
    volRangeUp: venueNonNegative('relative implied-vol rise of the vol-up scenarios at 30 days to expiry'),
    volRangeDown: venueShare('relative implied-vol fall of the vol-down scenarios at 30 days to expiry'),
    shortTermVegaPower: venueNonNegative('power of 30/days scaling the vol shock of options under 30 days'),
    longTermVegaPower: venueNonNegative('power of 30/days scaling the vol shock of options from 30 days'),
    minVolForShockUp: venueNonNegative('the vol-up scenarios value options at this implied vol at least'),
    extendedTableFactor: venueShare("share of the extended table's P&L that counts"),
  })
  .strict();

export const DeribitPmParamsSchema = z
  .object({
    ...DeribitPmPairSchema.shape,
    annualisedMoveRisk: venueNonNegative('roll shock: share of a future\'s notional per year to expiry'),
    minAnnualisedMove: venueNonNegative('roll shock: at least this share of the notional of every future and perpetual'),
    extendedDampener: venueNonNegative('USD taken off every extended-table loss'),
    optionContingency: venueShare('share of the underlying charged per net short option contract per strike'),
    maintenanceFactor: venueShare('maintenance margin as a share of initial (mm_factor)'),
    underlyings: z.record(z.string().min(1), DeribitPmPairSchema).optional().describe('per underlying: overrides of the pair parameters'),
  })
  .strict();

const InitialMaintenanceSchema = z
  .object({
    initial: venueShare('share of the spot price per unit, for initial margin'),
    maintenance: venueShare('share of the spot price per unit, for maintenance margin'),
  })
  .strict();

export const DerivePmSkewSchema = z
  .object({
    linearBaseCap: venueNonNegative('largest relative vol change of the linear skew scenario'),
    absBaseCap: venueNonNegative('largest relative vol change of the abs skew scenario'),
    linearCBase: z.number().optional().describe('change of the linear cap per √year to expiry'),
    absCBase: z.number().optional().describe('change of the abs cap per √year to expiry'),
    minKStar: venueNonNegative('smallest log-moneyness width before the skew change is capped'),
    widthScale: venueNonNegative('log-moneyness width in standard deviations of the estimated vol'),
    volParameterStatic: venueNonNegative('estimated vol for the width'),
    volParameterScale: z.number().optional().describe('change of the estimated vol per √year to expiry'),
    linearDampening: venueNonNegative('multiple of the linear skew loss that counts'),
    absDampening: venueNonNegative('multiple of the abs skew loss that counts'),
  })
  .strict();

export const DerivePmParamsSchema = z
  .object({
    imFactor: venueNonNegative('initial margin: multiple of the worst loss (IM_FACTOR)'),
    mmFactor: venueNonNegative('maintenance margin: multiple of the worst loss (MM_FACTOR)'),
    volRangeUp: venueNonNegative('relative implied-vol rise of the vol-up scenarios at 30 days'),
    volRangeDown: venueNonNegative('relative implied-vol fall of the vol-down scenarios at 30 days'),
    shortTermPower: venueNonNegative('vega power for expiries under 30 days'),
    longTermPower: venueNonNegative('vega power for expiries from 30 days'),
    dteFloorDays: z.number().positive().optional().describe('floor of the time to expiry in the vol shock, days'),
    minVolShockUp: venueNonNegative('the vol-up scenarios value options at this implied vol at least'),
    tailScenarios: z
      .array(z.object({ spotMove: z.number().gt(-1), dampening: nonNegative('multiple of the scenario\'s loss that counts') }).strict())
      .optional()
      .describe('tail scenarios (vol up): spot move and dampening'),
    staticScalePos: venueNonNegative('flat scaling of an expiry\'s shocked value when positive'),
    staticScaleNeg: venueNonNegative('flat scaling of an expiry\'s shocked value when negative'),
    longRateMultScale: z.number().optional().describe('discounting of a positive expiry value: multiple of the rate'),
    longRateAddScale: z.number().optional().describe('discounting of a positive expiry value: added to the rate'),
    shortRateMultScale: z.number().optional().describe('marking up of a negative expiry value: multiple of the rate'),
    shortRateAddScale: z.number().optional().describe('marking up of a negative expiry value: added to the rate'),
    forwardMove: venueShare('spot move up and down of the forward (basis) scenarios'),
    forwardAddFactor: venueNonNegative('forward loss weight: constant part'),
    forwardMultFactor: venueNonNegative('forward loss weight: per year to expiry'),
    skew: DerivePmSkewSchema.optional(),
    perpContingency: InitialMaintenanceSchema.optional().describe('perpetuals and futures: charge per unit'),
    optionContingency: InitialMaintenanceSchema.optional().describe('net short options per strike: charge per contract'),
    baseContingency: InitialMaintenanceSchema.optional().describe('spot holdings of the base asset: haircut'),
  })
  .strict();

export const MarginParamsSchema = z
  .object({
    enforced: z
      .enum(['isolated', 'cross', 'portfolio'])
      .default('portfolio')
      .describe('the model whose margins set health, free collateral and liquidation prices'),
    isolated: IsolatedMarginSchema.prefault({}),
    cross: CrossMarginSchema.prefault({}),
    portfolio: PortfolioMarginSchema.prefault({}),
    antiProcyclicality: AntiProcyclicalitySchema.prefault({}),
    collateral: CollateralParamsSchema.prefault({}),
    assets: z
      .record(z.string().min(1), AssetLiquiditySchema)
      .default({})
      .describe('liquidity per asset; merged over the built-in BTC, ETH, SOL, USDC, USDT entries'),
    defaultAsset: AssetLiquiditySchema.optional().describe('liquidity of assets with no entry; default spread 0.002, volume 2e7'),
    deribitPm: DeribitPmParamsSchema.optional().describe('margin run --models deribit-pm: overrides of Deribit\'s published parameters'),
    derivePm: DerivePmParamsSchema.optional().describe('margin run --models derive-pm: overrides of Derive\'s published parameters'),
  })
  .strict()
  .refine((m) => m.collateral.haircutFloor <= m.collateral.haircutCap, {
    message: 'collateral.haircutFloor must not exceed collateral.haircutCap',
    path: ['collateral', 'haircutFloor'],
  });

/** The two parameters a caller may override per run (the CLI's --scenarios and --seed). */
export const ScenarioCountSchema = z.number().int().positive().max(2 ** 31).describe('Monte Carlo scenario count');
export const SeedSchema = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER).describe('random seed');
export const RiskOverridesSchema = z.object({ scenarios: ScenarioCountSchema.optional(), seed: SeedSchema.optional() }).strict();

export const RiskParamsSchema = z
  .object({
    horizonDays: positive('margin period of risk in calendar days (ACT/365.25); scenarios and the stress grid advance time by it').default(2),
    confidence: z.number().gt(0.5).lt(1).default(0.99).describe('VaR / ES confidence level'),
    scenarios: ScenarioCountSchema.default(10_000),
    seed: SeedSchema.default(1),
    distribution: DistributionSchema.default({ type: 'normal' }),
    underlyings: z.record(z.string().min(1), UnderlyingRiskSchema).describe('scenario volatilities per underlying'),
    correlation: CorrelationSchema.optional(),
    stressGrid: StressGridSchema.default({
      spotMoves: [-0.5, -0.3, -0.2, -0.1, -0.05, 0, 0.05, 0.1, 0.2, 0.3, 0.5],
      volMoves: [-0.3, 0, 0.5],
    }).describe(
      'deterministic stress grid: every spot move × every vol move, each revalued as a scenario (time advanced by horizonDays); ' +
        'the stress loss is the worst loss over the grid, floored at 0',
    ),
    volTermReferenceDays: positive(
      'vol moves (scenarios and stress grid) hit options up to this expiry fully and longer ones scaled by sqrt(reference / expiry) in log terms; expiry measured at valuation',
    ).default(30),
    margin: MarginParamsSchema.prefault({}).describe('margin methodology (isolated, cross, portfolio, collateral); every field has a default'),
  })
  .strict();

export const BalanceSchema = z.record(z.string().min(1), z.number()).describe('collateral balances by asset');

export const PositionSchema = z
  .object({
    instrument: z.string().min(1).describe('instrument id listed in the market'),
    quantity: z.number().describe('signed contracts: positive long, negative short'),
  })
  .strict();

export const AccountSchema = z
  .object({
    id: z.string().min(1).describe('account id'),
    balances: BalanceSchema.default({}),
    positions: z.array(PositionSchema).describe('open positions; one per instrument (a second position in the same instrument is refused)'),
  })
  .strict()
  .superRefine((account, ctx) => {
    // One net position per instrument: two entries are a broken export, not something to sum in silence.
    const first = new Map<string, number>();
    account.positions.forEach((position, p) => {
      const earlier = first.get(position.instrument);
      if (earlier === undefined) first.set(position.instrument, p);
      else ctx.addIssue({ code: 'custom', path: ['positions', p, 'instrument'], message: `duplicate position: positions[${earlier}] holds the same instrument; merge them into one` });
    });
  });

export const BookSchema = z
  .object({
    accounts: z.array(AccountSchema).min(1, 'the book holds no accounts').describe('accounts with positions'),
  })
  .strict();

export type VolPoint = z.output<typeof VolPointSchema>;
export type UnderlyingMarket = z.output<typeof UnderlyingMarketSchema>;
export type InstrumentSpec = z.output<typeof InstrumentSpecSchema>;
export type Market = z.output<typeof MarketSchema>;
export type MarketInput = z.input<typeof MarketSchema>;
export type Distribution = z.output<typeof DistributionSchema>;
export type HistoricalDistribution = z.output<typeof HistoricalDistributionSchema>;
export type UnderlyingRisk = z.output<typeof UnderlyingRiskSchema>;
export type Correlation = z.output<typeof CorrelationSchema>;
export type StressGrid = z.output<typeof StressGridSchema>;
export type RiskParams = z.output<typeof RiskParamsSchema>;
export type RiskParamsInput = z.input<typeof RiskParamsSchema>;
export type AssetLiquidity = z.output<typeof AssetLiquiditySchema>;
export type MarginParams = z.output<typeof MarginParamsSchema>;
export type MarginParamsInput = z.input<typeof MarginParamsSchema>;
export type MarginModel = MarginParams['enforced'];
export type DeribitPmParamsInput = z.output<typeof DeribitPmParamsSchema>;
export type DerivePmParamsInput = z.output<typeof DerivePmParamsSchema>;
export type Position = z.output<typeof PositionSchema>;
export type Account = z.output<typeof AccountSchema>;
export type Book = z.output<typeof BookSchema>;
export type BookInput = z.input<typeof BookSchema>;
