/**
 * `npm run bench:cross-venue`: what margin across venues costs and frees on the cross-venue
 * sample (264 accounts, 10 of them across venues; 10,000 scenarios, seed 42, attribution on, as
 * `margin run --sample cross-venue` runs it), in one process:
 *   - the book as it is (unified accounts, their venue views, lending health factors in the
 *     scenarios) against the same book with every venue's holdings put on the home venue (the
 *     same unified accounts, nothing else): the difference is the time margin across venues adds;
 *   - the siloed and unified initial margins of the cross-venue accounts and what unified frees.
 * Rounds alternate the two books, median of BENCH_ROUNDS (default 5) of the wall time and of the
 * process's CPU time, on the CPU backend (in this thread, and on worker threads) and on the GPU
 * when Dawn finds an adapter. Figures compare within one run.
 */
import { availableParallelism } from 'node:os';
import { CpuEngine } from '../src/engine/cpu/cpuEngine.js';
import { inThreadExecutor } from '../src/engine/cpu/chunkExecutor.js';
import { nodeWorkerExecutor } from '../src/engine/cpu/nodeWorkerExecutor.js';
import type { RiskEngine } from '../src/engine/engine.js';
import { describeAdapter, GpuUnavailableError } from '../src/engine/gpu/device.js';
import { GpuEngine } from '../src/engine/gpu/gpuEngine.js';
import { acquireNodeGpuDevice } from '../src/engine/gpu/nodeGpu.js';
import { lendingScenarioHealth } from '../src/margin/crossVenue/scenarioHealth.js';
import { runMargin } from '../src/margin/runMargin.js';
import { prepareMargin } from '../src/margin/setup.js';
import type { BookInput } from '../src/model/schemas.js';
import { crossVenueBook, crossVenueMarket, crossVenueParams } from '../src/sample/crossVenueSample.js';
import { median } from './median.js';

const rounds = Number(process.env.BENCH_ROUNDS ?? 5);
const OPTIONS = { scenarios: 10_000, seed: 42 };

/** Every venue's holdings on the home venue: positions without venue (one per instrument, summed), balances summed per asset. */
function onHomeVenue(book: BookInput): BookInput {
  return {
    accounts: book.accounts.map((account) => {
      const balances: Record<string, number> = { ...(account.balances ?? {}) };
      for (const held of Object.values(account.venueBalances ?? {})) for (const [asset, amount] of Object.entries(held)) balances[asset] = (balances[asset] ?? 0) + amount;
      const positions = new Map<string, number>();
      for (const { instrument, quantity } of account.positions) positions.set(instrument, (positions.get(instrument) ?? 0) + quantity);
      return { id: account.id, balances, positions: [...positions].map(([instrument, quantity]) => ({ instrument, quantity })) };
    }),
  };
}

/**
 * One run's wall time and the process's CPU time (every thread's: the workers' and lavapipe's
 * too), in seconds. On a machine other jobs share, CPU time is the steadier measure of the
 * work: wall time also counts the waits for a core.
 */
async function timeRun(book: BookInput, engine: RiskEngine): Promise<{ wall: number; cpu: number }> {
  const start = performance.now();
  const cpu = process.cpuUsage();
  await runMargin(prepareMargin({ market: crossVenueMarket(), book, params: crossVenueParams() }, OPTIONS), { engine });
  const used = process.cpuUsage(cpu);
  return { wall: (performance.now() - start) / 1000, cpu: (used.user + used.system) / 1e6 };
}


async function measure(name: string, engine: RiskEngine) {
  const venues = crossVenueBook();
  const home = onHomeVenue(venues);
  await timeRun(venues, engine); // warm-up: module loading, JIT, pipelines
  const withVenues: { wall: number; cpu: number }[] = [];
  const without: { wall: number; cpu: number }[] = [];
  for (let r = 0; r < rounds; r++) {
    withVenues.push(await timeRun(venues, engine));
    without.push(await timeRun(home, engine));
  }
  const out: Record<string, { withVenues: number; onHomeVenue: number; added: number }> = {};
  for (const key of ['wall', 'cpu'] as const) {
    const a = median(withVenues.map((t) => t[key]));
    const b = median(without.map((t) => t[key]));
    out[key] = { withVenues: a, onHomeVenue: b, added: a - b };
    console.log(`${name}, ${key} time: with venues ${a.toFixed(3)} s, on the home venue ${b.toFixed(3)} s: margin across venues adds ${(a - b).toFixed(3)} s (${((100 * (a - b)) / b).toFixed(1)}%)`);
  }
  return { backend: name, ...out };
}

async function main() {
  const setup = prepareMargin({ market: crossVenueMarket(), book: crossVenueBook(), params: crossVenueParams() }, OPTIONS);
  const { margin } = await runMargin(setup);
  const s = margin.summary.crossVenue!;
  console.log(
    `cross-venue sample, ${s.accounts} accounts across venues: siloed initial ${s.siloedInitial.toFixed(0)}, unified ${s.unifiedInitial.toFixed(0)} ` +
      `(transfer charge ${s.transferCharge.toFixed(0)}): unified frees ${s.frees.toFixed(0)} (${s.freesPercent.toFixed(1)}%)`,
  );
  const layout = setup.crossVenue!;
  const follows = layout.accounts.flatMap((account) =>
    account.venues.filter((v) => v.params.kind === 'lending').map((v) => ({ venue: v.params as never, balances: v.balances, accountTail: { losses: new Float64Array(0), scenarios: new Uint32Array(0) }, accountWorstPoint: 'none' })),
  );
  const start = performance.now();
  lendingScenarioHealth(setup.plan, (asset) => setup.inputs.market.underlyings[asset].spot, follows);
  console.log(`lending health factors over ${OPTIONS.scenarios} scenarios (${follows.length} legs): ${(performance.now() - start).toFixed(1)} ms`);

  const results = [await measure('CPU, in this thread', new CpuEngine(inThreadExecutor()))];
  const cpu = new CpuEngine(nodeWorkerExecutor(availableParallelism()));
  results.push(await measure(`CPU, ${availableParallelism()} workers`, cpu));
  await cpu.dispose();
  try {
    const acquired = await acquireNodeGpuDevice({ label: 'bench' });
    const engine = GpuEngine.on(acquired);
    try {
      results.push(await measure(`WebGPU (${describeAdapter(acquired.adapterInfo)})`, engine));
    } finally {
      await engine.dispose();
    }
  } catch (error) {
    if (!(error instanceof GpuUnavailableError)) throw error;
    console.log(`WebGPU skipped: ${error.message}`);
  }
  console.log(JSON.stringify({ summary: s, results }, null, 2));
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
