import { z } from 'zod';

/**
 * Parameters of accounts spread over several venues and lending protocols (params.json
 * `margin.crossVenue`). A book names a venue per position and balance; everything it does not
 * name sits on the home venue, the venue this engine margins, so books without venues keep
 * their meaning.
 */

const share = (what: string) => z.number().min(0).max(1).describe(what);

const transferHours = (fallback: number) =>
  z
    .number()
    .nonnegative()
    .max(24 * 365)
    .default(fallback)
    .describe(
      'hours from a withdrawal request on this venue until the collateral is credited on another (processing, chain ' +
        'confirmations, deposit crediting): the price risk of collateral in flight is charged over this delay',
    );

/**
 * One asset of a lending market, Aave-style: borrowing power (LTV), the liquidation threshold
 * (LT) at which the position becomes liquidatable, and the liquidator's bonus on seized
 * collateral. Values are shares (Aave's 8250 bp = 0.825; its 10500 bonus = 0.05 here).
 */
export const LendingAssetSchema = z
  .object({
    ltv: share('loan-to-value: the share of this asset\'s supplied value that may be borrowed against'),
    liquidationThreshold: share('liquidation threshold LT: health factor = Σ supplied·price·LT / Σ debt·price'),
    liquidationBonus: z.number().min(0).lt(1).describe('extra collateral a liquidator seizes over the debt it repays (0.05 = 5%)'),
  })
  .strict()
  .superRefine((a, ctx) => {
    if (a.ltv > a.liquidationThreshold) ctx.addIssue({ code: 'custom', path: ['ltv'], message: `must not exceed liquidationThreshold (${a.liquidationThreshold})` });
    // Aave refuses LT·(1 + bonus) > 1: a liquidation would then seize more than the threshold backs.
    if (a.liquidationThreshold * (1 + a.liquidationBonus) > 1 + 1e-12) {
      ctx.addIssue({ code: 'custom', path: ['liquidationBonus'], message: `liquidationThreshold × (1 + liquidationBonus) must be at most 1 (here ${(a.liquidationThreshold * (1 + a.liquidationBonus)).toFixed(4)})` });
    }
  });

export const DerivativesVenueSchema = z
  .object({
    kind: z.literal('derivatives').describe('a derivatives venue: margined with this engine\'s enforced model on what it holds'),
    transferHours: transferHours(1),
  })
  .strict();

export const LendingVenueSchema = z
  .object({
    kind: z.literal('lending').describe('a lending protocol: positive balances are supplied collateral, negative ones borrowed debt'),
    transferHours: transferHours(0.25),
    closeFactor: z.number().gt(0).max(1).default(0.5).describe('share of a debt one liquidation call may repay (Aave: 50%)'),
    fullCloseHealthFactor: z
      .number()
      .gt(0)
      .max(1)
      .default(0.95)
      .describe('below this health factor a liquidation call may repay the whole debt (Aave v3: 0.95)'),
    assets: z
      .record(z.string().min(1), LendingAssetSchema)
      .describe('risk parameters per asset; every asset supplied or borrowed on this venue must be listed'),
  })
  .strict();

export const VenueSchema = z.discriminatedUnion('kind', [DerivativesVenueSchema, LendingVenueSchema]);

export const CrossVenueParamsSchema = z
  .object({
    homeVenue: z
      .string()
      .min(1)
      .default('home')
      .describe('name of the book\'s own venue: positions and balances without a venue are held there (a derivatives venue)'),
    venues: z
      .record(z.string().min(1), VenueSchema)
      .default({})
      .describe('every other venue a book may name; the home venue may be listed to set its transfer delay'),
  })
  .strict()
  .superRefine((p, ctx) => {
    const home = p.venues[p.homeVenue];
    if (home && home.kind !== 'derivatives') ctx.addIssue({ code: 'custom', path: ['venues', p.homeVenue, 'kind'], message: 'the home venue is the derivatives venue this engine margins: it cannot be a lending venue' });
  });

export type LendingAsset = z.output<typeof LendingAssetSchema>;
export type DerivativesVenue = z.output<typeof DerivativesVenueSchema>;
export type LendingVenue = z.output<typeof LendingVenueSchema>;
export type Venue = z.output<typeof VenueSchema>;
export type CrossVenueParams = z.output<typeof CrossVenueParamsSchema>;
export type CrossVenueParamsInput = z.input<typeof CrossVenueParamsSchema>;
