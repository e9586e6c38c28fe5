/**
 * Venue margin models benchmark: what each model charges on the sample venue (the book's total
 * initial margin per model and its saving against isolated margin; venue models are
 * deterministic grids, so no seed or scenario count changes them), and the time each venue
 * model adds to a 1,000-account run: the benchmark book of `npm run bench` (1,000 accounts,
 * 300 instruments, seed 1), every account margined by the model alone, in one thread (wall and
 * CPU time, median and least of 7 after a warm-up). Prints the JSON and writes bench/results/venue-models.json.
 *
 * Run: `npm run bench:venues` (or `npx tsx bench/venueModels.ts` from source).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { accountState } from '../src/margin/context.js';
import { type VenueMarginModel, VENUE_MARGIN_MODELS } from '../src/margin/marginModels.js';
import { runMargin } from '../src/margin/runMargin.js';
import { type MarginSetup, prepareMargin } from '../src/margin/setup.js';
import { venueMargin } from '../src/margin/venues/venueMargin.js';
import { generateVenue } from '../src/sample/generate.js';
import { sampleBook, sampleMarket, sampleParams } from '../src/sample/sampleVenue.js';

const here = dirname(fileURLToPath(import.meta.url));
const root = basename(dirname(here)) === 'dist' ? join(here, '..', '..') : join(here, '..');

/**
 * Milliseconds to margin every account of the setup with one venue model, after one warm-up:
 * wall and CPU time (user + system of this process: on a shared machine the wall clock also
 * counts other jobs' time), each the median and the least of `runs`.
 */
function timeModel(setup: MarginSetup, model: VenueMarginModel, runs = 7) {
  const states = setup.plan.accountIds.map((_, a) => accountState(setup.ctx, a));
  const once = () => {
    const cpu = process.cpuUsage();
    const started = performance.now();
    for (const state of states) venueMargin(setup.ctx, model, state.positions);
    const used = process.cpuUsage(cpu);
    return { wall: performance.now() - started, cpu: (used.user + used.system) / 1000 };
  };
  once();
  const samples = Array.from({ length: runs }, once);
  const summary = (values: number[]) => {
    const sorted = [...values].sort((a, b) => a - b);
    return { median: sorted[Math.floor(runs / 2)], least: sorted[0] };
  };
  return { wallMs: summary(samples.map((s) => s.wall)), cpuMs: summary(samples.map((s) => s.cpu)) };
}

async function sampleTotals() {
  const setup = prepareMargin({ market: sampleMarket(), book: sampleBook(), params: sampleParams() }, { scenarios: 10_000, seed: 42 });
  const { margin } = await runMargin(setup, { venueModels: [...VENUE_MARGIN_MODELS], attribution: false });
  return { initial: margin.summary.initial, savingVsIsolatedPercent: margin.summary.savingVsIsolatedPercent };
}

const venue = generateVenue({ accounts: 1000, instruments: 300, seed: 1 });
const book = prepareMargin({ market: venue.market, book: venue.book, params: venue.params }, { scenarios: 1000 });
const positions = book.plan.accountIds.reduce((s, _, a) => s + accountState(book.ctx, a).positions.length, 0);
const result = {
  machine: `${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, Node ${process.versions.node}`,
  sample: await sampleTotals(),
  benchmarkBook: {
    accounts: book.plan.accountIds.length,
    positions,
    underlyings: book.plan.underlyings.length,
    timings: Object.fromEntries(VENUE_MARGIN_MODELS.map((model) => [model, timeModel(book, model)])),
  },
};
console.log(JSON.stringify(result, null, 2));
mkdirSync(join(root, 'bench', 'results'), { recursive: true });
writeFileSync(join(root, 'bench', 'results', 'venue-models.json'), `${JSON.stringify(result, null, 2)}\n`);
