import type { ParameterPack } from '../calibration/pack/types.js';
import { diffParameters, namedParameters, type ParameterChange } from '../calibration/pack/parameters.js';
import type { DistributionSummary, EngineSource } from '../engine/index.js';
import { runMargin } from '../margin/runMargin.js';
import { prepareMargin } from '../margin/setup.js';
import { type CheckResult, checkPack, type CheckThresholds, DEFAULT_THRESHOLDS } from './checks.js';

/** One account's margins on one night, as the store keeps them (the enforced model's). */
export interface AccountNight {
  account: string;
  initial: number;
  maintenance: number;
  equity: number;
  healthFactor: number | null;
  liquidatable: boolean;
}

export interface NightlyInput {
  pack: ParameterPack;
  /** The last published pack before this night, and that night's margins. */
  previous?: { pack: ParameterPack; margins: readonly AccountNight[] };
  market: unknown;
  book: unknown;
  /** Publish even if a check fails (the governance override). */
  approve?: boolean;
  thresholds?: CheckThresholds;
  engine?: EngineSource;
  scenarios?: number;
  onProgress?: (done: number, total: number) => void;
}

/** What changed for one account since the previous night. */
export interface AccountChange {
  account: string;
  initialBefore?: number;
  initialAfter: number;
  /** initialAfter − initialBefore (absent for a new account). */
  change?: number;
  healthBefore?: number | null;
  healthAfter: number | null;
  liquidatableBefore?: boolean;
  liquidatableAfter: boolean;
}

interface BookTotals {
  accounts: number;
  initial: number;
  maintenance: number;
  equity: number;
  liquidatable: number;
}

export interface NightlyReport {
  asOf: string;
  status: 'published' | 'candidate';
  approved: boolean;
  pack: { hash: string; previousHash?: string; previousAsOf?: string };
  checks: CheckResult[];
  parameterChanges: ParameterChange[];
  run: { backend: string; engine: string; scenarios: number; distribution: DistributionSummary };
  totals: { before?: BookTotals; after: BookTotals };
  /** Accounts whose initial margin changed, largest change first. */
  accounts: AccountChange[];
  newlyLiquidatable: string[];
  noLongerLiquidatable: string[];
}

export interface NightlyResult {
  report: NightlyReport;
  margins: AccountNight[];
}

/**
 * One night after calibration: check the pack against the last published one (vol and
 * correlation moves, repairs, failed fits), run the book's margin with it on the engine, and
 * report what changed: the pack's diff, each account's margin change, accounts that become
 * liquidatable or leave that state, the book's totals. A pack that fails a check is a candidate
 * unless `approve` says otherwise; its margins are reported either way.
 */
export async function runNightly(input: NightlyInput): Promise<NightlyResult> {
  const { pack, previous } = input;
  const checks = checkPack(pack, previous?.pack, input.thresholds ?? DEFAULT_THRESHOLDS);
  const passed = checks.every((c) => c.passed);
  const status = passed || input.approve ? 'published' : 'candidate';
  const setup = prepareMargin({ market: input.market, book: input.book, params: pack.params }, { scenarios: input.scenarios });
  const { risk, margin } = await runMargin(setup, { engine: input.engine, attribution: false, onProgress: input.onProgress });
  const margins: AccountNight[] = margin.accounts.map((m) => {
    const enforced = m.margin[m.enforced];
    return { account: m.account, initial: enforced.initial, maintenance: enforced.maintenance, equity: m.equity, healthFactor: m.healthFactor, liquidatable: m.liquidatable };
  });
  const accounts = accountChanges(margins, previous?.margins ?? []);
  return {
    margins,
    report: {
      asOf: pack.asOf,
      status,
      approved: !passed && status === 'published',
      pack: { hash: pack.hash, previousHash: previous?.pack.hash, previousAsOf: previous?.pack.asOf },
      checks,
      parameterChanges: previous ? diffParameters(namedParameters(previous.pack.params), namedParameters(pack.params)) : [],
      run: { backend: risk.backend, engine: risk.engine, scenarios: risk.scenarios, distribution: risk.distribution },
      totals: { before: previous && previous.margins.length > 0 ? totalsOf(previous.margins) : undefined, after: totalsOf(margins) },
      accounts: accounts.filter((a) => a.change !== 0).sort((a, b) => Math.abs(b.change ?? Infinity) - Math.abs(a.change ?? Infinity)),
      newlyLiquidatable: accounts.filter((a) => a.liquidatableAfter && a.liquidatableBefore === false).map((a) => a.account),
      noLongerLiquidatable: accounts.filter((a) => !a.liquidatableAfter && a.liquidatableBefore === true).map((a) => a.account),
    },
  };
}

function accountChanges(after: readonly AccountNight[], before: readonly AccountNight[]): AccountChange[] {
  const old = new Map(before.map((m) => [m.account, m]));
  return after.map((m) => {
    const b = old.get(m.account);
    return {
      account: m.account,
      initialBefore: b?.initial,
      initialAfter: m.initial,
      change: b ? m.initial - b.initial : undefined,
      healthBefore: b?.healthFactor,
      healthAfter: m.healthFactor,
      liquidatableBefore: b?.liquidatable,
      liquidatableAfter: m.liquidatable,
    };
  });
}

function totalsOf(margins: readonly AccountNight[]): BookTotals {
  return {
    accounts: margins.length,
    initial: margins.reduce((s, m) => s + m.initial, 0),
    maintenance: margins.reduce((s, m) => s + m.maintenance, 0),
    equity: margins.reduce((s, m) => s + m.equity, 0),
    liquidatable: margins.filter((m) => m.liquidatable).length,
  };
}
