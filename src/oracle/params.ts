/**
 * Oracle parameters: the zod schema (every field defaulted, unknown fields rejected, errors
 * naming the field) and the defaults. The reasons for each default are in docs/oracle.md.
 */
import { z } from 'zod';
import { parseInput } from '../model/validate.js';
import type { OracleParams } from './types.js';

const share = (what: string) => z.number().min(0).lt(1).describe(what);
const positive = (what: string) => z.number().positive().describe(what);

export const OracleParamsSchema = z
  .object({
    maxAgeMs: positive('prints older than this (ms) are stale').default(60_000),
    bandShare: z.number().gt(0).lt(1).describe('drop sources farther than this share from the median').default(0.05),
    minSources: z.number().int().min(1).describe('fewer valid sources than this: degraded').default(3),
    haltBelowSources: z.number().int().min(1).describe('fewer valid sources than this: halted').default(1),
    emaHalfLifeMs: z.number().min(0).describe('half-life of the EMA mark price (ms); 0: mark = index').default(60_000),
    maxMarkIndexDivergence: share('clamp on |mark/index − 1|').default(0.01),
    maxConfidenceShare: positive('median confidence/price above this: degraded').default(0.01),
    maxDispersionShare: positive('largest |price/index − 1| among valid sources above this: degraded').default(0.01),
    twapWindowMs: positive('window of the TWAP reference (ms)').default(30 * 60_000),
    maxTwapGapShare: positive('|index/twap − 1| above this: degraded').default(0.03),
    haltTwapGapShare: positive('|index/twap − 1| above this: halted').default(0.25),
    degradedAddOnMultiplier: z.number().min(0).describe('add-on = multiplier × uncertainty share × |notional|').default(1),
    haltedPriceBuffer: share('halted: last valid price moved against the holder by this share').default(0.05),
  })
  .strict()
  .superRefine((p, ctx) => {
    if (p.haltBelowSources > p.minSources) {
      ctx.addIssue({
        code: 'custom',
        path: ['haltBelowSources'],
        message: `must not exceed minSources (${p.minSources})`,
      });
    }
    if (p.haltTwapGapShare <= p.maxTwapGapShare) {
      ctx.addIssue({
        code: 'custom',
        path: ['haltTwapGapShare'],
        message: `must exceed maxTwapGapShare (${p.maxTwapGapShare})`,
      });
    }
  });

/** Validates (partial) oracle parameters and fills in the defaults; throws InputErrors naming each bad field. */
export function parseOracleParams(input: unknown = {}, source = 'oracle params'): OracleParams {
  return parseInput(OracleParamsSchema, input ?? {}, source);
}

export const DEFAULT_ORACLE_PARAMS: Readonly<OracleParams> = Object.freeze(parseOracleParams({}, 'default oracle params'));
