import { beforeAll, describe, expect, it } from 'vitest';
import { type CascadeResult, runCascade } from '../../src/liquidation/cascade.js';
import { builtinScenario } from '../../src/liquidation/scenarios.js';
import { sampleSetup } from '../helpers/cascadeBooks.js';

/**
 * The oracle failure replays (src/oracle/replays.ts) as cascades on the sample book. Each must
 * end in the status its pattern calls for, and no liquidation may hit an account that is
 * healthy at the market's own prices: every liquidated account had health < 1 there too.
 */
const setup = sampleSetup(1000);
const runs: Record<string, CascadeResult> = {};
const names = ['mango-spike', 'mango-spike-majority', 'stale-feed', 'slow-drift', 'usdc-depeg'] as const;

beforeAll(async () => {
  for (const name of names) runs[name] = await runCascade(setup, builtinScenario(name));
}, 60_000);

const statusesOf = (run: CascadeResult, asset: string) => run.steps.map((s) => s.prices[asset].status);
const liquidated = (run: CascadeResult) => run.events.filter((e) => e.kind === 'partial' || e.kind === 'closeout');
/** Accounts below health 1 at t0 (the backend's risk run): the only ones a non-crash may liquidate. */
const unhealthyToday = (run: CascadeResult) => new Set(run.events.filter((e) => e.kind === 'start' && e.step === 0).map((e) => e.account));

describe('oracle failure patterns in a cascade', () => {
  it.each(names)('%s liquidates no account that is healthy at market prices', (name) => {
    const run = runs[name];
    for (const e of liquidated(run)) {
      if (e.kind !== 'partial' && e.kind !== 'closeout') continue;
      if (!(e.marketHealth < 1)) throw new Error(`${name}: step ${e.step} liquidated ${e.account} with market health ${e.marketHealth}`);
    }
    // Conservation holds through every pattern (tolerance: the ledger's 1e-9 relative).
    expect(run.conservationError).toBeLessThan(1e-9);
  });

  it('mango-spike: one manipulated source is filtered as an outlier; SOL stays ok and nothing is liquidated for it', () => {
    const run = runs['mango-spike'];
    expect(new Set(statusesOf(run, 'SOL'))).toEqual(new Set(['ok']));
    const today = unhealthyToday(run);
    for (const e of liquidated(run)) expect(today.has(e.account)).toBe(true);
    // The oracle never followed the ×14 print: within 2% of the market at every step.
    for (const s of run.steps) expect(Math.abs(s.prices.SOL.oracle / s.prices.SOL.market - 1)).toBeLessThan(0.02);
  });

  it('mango-spike-majority: the spike survives filtering, the feed halts, liquidations freeze, and it ends ok', () => {
    const run = runs['mango-spike-majority'];
    const statuses = statusesOf(run, 'SOL');
    expect(statuses).toContain('halted');
    expect(statuses.at(-1)).toBe('ok');
    const frozenSteps = run.events.filter((e) => e.kind === 'frozen').map((e) => e.step);
    for (const step of frozenSteps) expect(run.steps[step].prices.SOL.status).toBe('halted');
    const today = unhealthyToday(run);
    for (const e of liquidated(run)) expect(today.has(e.account)).toBe(true);
  });

  it('stale-feed: ETH halts while its sources are frozen (liquidations frozen), then recovers to ok', () => {
    const run = runs['stale-feed'];
    const statuses = statusesOf(run, 'ETH');
    expect(statuses.filter((s) => s === 'halted').length).toBeGreaterThanOrEqual(15); // a 20-minute outage, 1-minute steps, 60 s staleness
    expect(statuses.at(-1)).toBe('ok');
    for (const e of run.events) {
      if (e.kind === 'frozen') expect(e.assets).toContain('ETH');
      if (e.kind === 'partial' || e.kind === 'closeout') expect(run.steps[e.step].prices.ETH.status).not.toBe('halted');
    }
  });

  it('slow-drift: a drifting minority never halts BTC, the index stays with the honest sources, and it ends ok', () => {
    const run = runs['slow-drift'];
    const statuses = statusesOf(run, 'BTC');
    expect(statuses).not.toContain('halted');
    expect(statuses.at(-1)).toBe('ok');
    for (const s of run.steps) expect(Math.abs(s.prices.BTC.oracle / s.prices.BTC.market - 1)).toBeLessThan(0.015); // EMA mark clamp 1% + noise
  });

  it('usdc-depeg: the oracle follows a real depeg to 0.65 (ok at the end), and the liquidations it causes are of unhealthy accounts', () => {
    const run = runs['usdc-depeg'];
    const last = run.steps.at(-1)!.prices.USDC;
    expect(last.status).toBe('ok');
    expect(Math.abs(last.oracle - 0.65)).toBeLessThan(0.01);
    expect(liquidated(run).length).toBeGreaterThan(0);
  });
});
