import { z } from 'zod';

const share = (what: string) => z.number().min(0).max(1).describe(what);

/**
 * Parameters of the liquidation engine and of a cascade run. Every number has a default; a
 * scenario file or the caller may override any of them (validated, errors name the field).
 */
export const LiquidationParamsSchema = z
  .object({
    target: z
      .union([z.literal('initial'), z.number().gt(1)])
      .default('initial')
      .describe("health a liquidation restores: 'initial' (equity back to initial margin) or a health factor above 1"),
    penaltyRate: share('liquidation penalty, a share of the closed notional, paid to the insurance fund').default(0.015),
    sliceFraction: z.number().gt(0).max(1).default(0.1).describe('a partial close takes this share of the position at a time'),
    insuranceFund: z.number().min(0).default(0).describe('USD in the insurance fund at the start'),
    impactCoefficient: z.number().min(0).default(1).describe('Y in the closing cost spread/2 + Y·σ_daily·√(flow / (daily volume × depth))'),
    permanentImpact: share("share of a step's liquidation impact that stays in the next step's price").default(0.5),
    impactRecovery: share('share of the accumulated price impact that fades each step').default(0),
    depth: z.number().gt(0).default(1).describe('market depth as a multiple of the normal daily volume (a crash thins the book: < 1)'),
    stepDays: z.number().gt(0).default(1 / 24).describe('calendar days per step: time decay of options between steps'),
    adl: z.boolean().default(true).describe('auto-deleverage profitable opposite positions when the insurance fund is exhausted'),
  })
  .strict();

export type LiquidationParams = z.output<typeof LiquidationParamsSchema>;
export type LiquidationParamsInput = z.input<typeof LiquidationParamsSchema>;
