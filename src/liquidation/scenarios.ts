import { z } from 'zod';
import { InputError } from '../model/errors.js';
import { parseInput } from '../model/validate.js';
import { manipulationSpike, type OracleReplay, slowDrift, stablecoinDepeg, staleFeed } from '../oracle/replays.js';
import { type CascadeOracle, venueOracle } from './oracleView.js';
import { LiquidationParamsSchema, type LiquidationParamsInput } from './params.js';

/**
 * A cascade scenario: a multi-step price path, as multipliers of today's prices (step 0 is
 * today, all 1), parameters for the run, and optionally the oracle the venue margins on.
 */
export interface CascadeScenario {
  name: string;
  description: string;
  /** path[t][asset]: the price at step t over today's; an asset left out keeps its last multiplier (1 if never given). */
  path: Record<string, number>[];
  params?: LiquidationParamsInput;
  /** Time of each step (ms since the epoch); default: the market's valuation time + t × stepDays. */
  times?: number[];
  /** The oracle margin reads prices from (default: venueOracle, honest sources at the market price). */
  oracle?: (todayPrices: Readonly<Record<string, number>>, startMs: number) => CascadeOracle;
}

export interface FlashCrashOptions {
  /** Assets that crash. Default BTC, ETH, SOL. */
  assets?: string[];
  /** Peak-to-trough fall, 0.3 = −30%. */
  depth?: number;
  /** Steps from today to the trough (the speed: fewer steps, a faster crash). */
  crashSteps?: number;
  /** Share of the fall recovered by the end. */
  recovery?: number;
  /** Steps from the trough to the end. */
  recoverySteps?: number;
  /** Per asset, a beta on the depth (alts fall further): default BTC 1, ETH 1.15, SOL 1.4, capped at 95%. */
  betas?: Record<string, number>;
}

const DEFAULT_BETAS: Record<string, number> = { BTC: 1, ETH: 1.15, SOL: 1.4 };

/**
 * A synthetic flash crash: every asset falls geometrically (equal log steps) to its trough in
 * `crashSteps`, then recovers `recovery` of the fall in `recoverySteps`. Default: −30% (BTC;
 * ETH −34.5%, SOL −42%) in 6 ten-minute steps, half of it recovered in 4 more, in a book at
 * half its usual depth.
 */
export function flashCrash(options: FlashCrashOptions = {}): CascadeScenario {
  const assets = options.assets ?? ['BTC', 'ETH', 'SOL'];
  const depth = options.depth ?? 0.3;
  const crashSteps = options.crashSteps ?? 6;
  const recovery = options.recovery ?? 0.5;
  const recoverySteps = options.recoverySteps ?? 4;
  if (!(depth > 0 && depth < 1)) throw new RangeError(`flashCrash: depth must be in (0, 1), got ${depth}`);
  if (!Number.isInteger(crashSteps) || crashSteps < 1) throw new RangeError(`flashCrash: crashSteps must be a positive integer, got ${crashSteps}`);
  const path: Record<string, number>[] = [];
  for (let t = 0; t <= crashSteps + recoverySteps; t++) {
    const step: Record<string, number> = {};
    for (const asset of assets) {
      const fall = Math.min(0.95, depth * (options.betas?.[asset] ?? DEFAULT_BETAS[asset] ?? 1));
      const trough = Math.log(1 - fall);
      const bottom = 1 - fall;
      const end = bottom + recovery * fall;
      step[asset] =
        t <= crashSteps ? Math.exp((trough * t) / crashSteps) : bottom * Math.exp((Math.log(end / bottom) * (t - crashSteps)) / Math.max(recoverySteps, 1));
    }
    path.push(step);
  }
  return {
    name: 'flash-crash',
    description: `flash crash: −${(100 * depth).toFixed(0)}% (× beta) over ${crashSteps} steps, ${(100 * recovery).toFixed(0)}% recovered over ${recoverySteps}`,
    path,
    params: { depth: 0.5, stepDays: 10 / 1440 },
  };
}

/** A crash replay file: daily (or any period) closes, one entry per step, the first is "today". */
export const CrashReplayFileSchema = z
  .object({
    name: z.string().min(1),
    description: z.string().optional(),
    steps: z
      .array(z.object({ date: z.string().optional(), prices: z.record(z.string().min(1), z.number().positive()) }).strict())
      .min(2, 'a replay needs at least two steps'),
    params: LiquidationParamsSchema.partial().optional(),
  })
  .strict();

export type CrashReplayFile = z.input<typeof CrashReplayFileSchema>;

/**
 * A replay of real closes applied to today's book: each asset's price at step t is today's
 * price × close_t / close_0 (the replay's returns, not its price levels). Assets missing from a
 * step keep their last multiplier; an asset must appear in the first step. Steps are days by
 * default (stepDays 1).
 */
export function crashReplay(input: unknown, source = 'scenario'): CascadeScenario {
  const file = parseInput(CrashReplayFileSchema, input, source);
  const first = file.steps[0].prices;
  const last: Record<string, number> = Object.fromEntries(Object.keys(first).map((a) => [a, 1]));
  const path = file.steps.map((step, t) => {
    for (const [asset, price] of Object.entries(step.prices)) {
      if (!(asset in first)) throw new InputError(source, `steps[${t}].prices.${asset}`, price, 'asset not in the first step (its reference price)');
      last[asset] = price / first[asset];
    }
    return { ...last };
  });
  return { name: file.name, description: file.description ?? `replay of ${file.steps.length} closes`, path, params: { stepDays: 1, ...file.params } };
}

/**
 * An oracle failure replay (src/oracle/replays.ts) laid onto one asset of the book: the market
 * follows the replay's true price (as a multiple of today's), the oracle sees the replay's
 * sources for that asset (prices scaled to today's) and honest sources for the others, and a
 * cascade step is taken every `everyMs` of replay time (the oracle updates on every replay tick).
 */
export function oracleReplayScenario(name: string, description: string, replay: OracleReplay, asset: string, everyMs: number): CascadeScenario {
  const start = replay.steps[0];
  const times = replay.steps.filter((time) => (time - start) % everyMs === 0);
  const tick = replay.steps.length > 1 ? replay.steps[1] - replay.steps[0] : everyMs;
  return {
    name,
    description,
    path: times.map((time) => ({ [asset]: replay.truePrice(time) / replay.initialPrice })),
    times,
    params: { stepDays: everyMs / 86_400_000 },
    oracle: (today, startMs) => venueOracle(today, startMs, { replay: { replay, asset }, updateEveryMs: tick }),
  };
}

const MINUTE = 60_000;

/** The built-in scenarios, by name (`margin stress NAME`). */
export const BUILTIN_SCENARIOS: Record<string, () => CascadeScenario> = {
  'flash-crash': () => flashCrash(),
  'mango-spike': () =>
    oracleReplayScenario('mango-spike', 'Mango Markets pattern on SOL: one thin source prints ×14 for 8 minutes; filtered as an outlier', manipulationSpike(), 'SOL', MINUTE),
  'mango-spike-majority': () =>
    oracleReplayScenario(
      'mango-spike-majority',
      'the spike on 3 of 5 SOL sources: it survives filtering, the TWAP guard halts the feed and liquidations freeze',
      manipulationSpike({ spiking: 3 }),
      'SOL',
      MINUTE,
    ),
  'stale-feed': () => oracleReplayScenario('stale-feed', 'every ETH source stops updating for 20 minutes: the feed halts, liquidations freeze', staleFeed(), 'ETH', MINUTE),
  'slow-drift': () => oracleReplayScenario('slow-drift', '2 of 5 BTC sources drift up +0.05% per 10 s: filtered, the index stays on the honest sources', slowDrift(), 'BTC', 2 * MINUTE),
  'usdc-depeg': () => oracleReplayScenario('usdc-depeg', 'USDC collateral depegs to 0.65 over two hours on every source: a real move the oracle follows', stablecoinDepeg(), 'USDC', 10 * MINUTE),
};

export const BUILTIN_SCENARIO_NAMES: readonly string[] = Object.keys(BUILTIN_SCENARIOS);

/** A built-in scenario by name, or an InputError (from `source`) listing them. */
export function builtinScenario(name: string, source = 'scenario'): CascadeScenario {
  const make = BUILTIN_SCENARIOS[name];
  if (!make) throw new InputError(source, 'name', name, `unknown scenario: give a file or one of ${BUILTIN_SCENARIO_NAMES.join(', ')}`);
  return make();
}
